/**
 * Byte-level HTTP for signature attacks that a normal client refuses to send (a header twice, a second Host), plus
 * a SigV4 signing helper that returns the signed headers so a test can send, alter or replay them itself.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { connect } from 'node:net';
import type { TestCredentials } from '../../tools/signing/signedFetch';

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/queries/abc?cursor=0.10`. */
  target: string;
  /** Header lines in order; names may repeat. */
  headers: [string, string][];
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: unknown;
}

/** Sends one request on its own connection and reads the answer until the server closes it (Connection: close). */
export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = Buffer.from(request.body ?? '', 'utf8');
  const lines = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([k, v]) => `${k}: ${v}`)];
  if (body.length > 0) lines.push(`content-length: ${body.length}`);
  lines.push('connection: close', '', '');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      const responseBody = text.slice(split + 4);
      let json: unknown;
      try {
        json = JSON.parse(responseBody);
      } catch {
        json = undefined;
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: responseBody, json });
    });
    // write, not end: a half-closed socket makes Node's server drop a request still being answered.
    socket.write(Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), body]));
  });
}

export interface SigningInput {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  /** Host header value to sign (default: the base URL's host). */
  host?: string;
  signingDate?: Date;
}

/** The headers @smithy/signature-v4 produces for the request (host, x-amz-date, authorization, …). */
export async function signHeaders(
  baseUrl: string,
  credentials: TestCredentials,
  input: SigningInput,
): Promise<Record<string, string>> {
  const url = new URL(baseUrl);
  const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', sha256: Sha256, credentials });
  const headers = {
    host: input.host ?? url.host,
    ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...input.headers,
  };
  const signed = await signer.sign(
    new HttpRequest({
      method: input.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: input.path,
      query: input.query,
      headers,
      body: input.body,
    }),
    input.signingDate ? { signingDate: input.signingDate } : undefined,
  );
  return signed.headers;
}

/** A signed request as raw header lines, ready for {@link sendRaw} (with room to duplicate or change lines). */
export function toRawRequest(input: SigningInput, signed: Record<string, string>): RawRequest {
  const query = new URLSearchParams(input.query ?? {}).toString();
  return {
    method: input.method,
    target: query ? `${input.path}?${query}` : input.path,
    headers: Object.entries(signed),
    body: input.body,
  };
}
