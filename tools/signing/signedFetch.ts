/**
 * Test client for the proxy: real HTTP, signed by the AWS SDK's own SigV4 signer (@smithy/signature-v4), so the
 * proxy is exercised exactly as an SDK caller would use it. `tamper` changes the request after signing.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { gunzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';

export interface TestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignedCall {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  region?: string;
  service?: string;
  signingDate?: Date;
  /** Changes the request after it was signed (method, path, query string, headers, body). */
  tamper?: (req: WireRequest) => void;
  unsigned?: boolean;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON body (undefined when the body is not JSON); tests assert on it field by field. */
  json: any;
}

function rawQueryOf(query: Record<string, string> | undefined): string {
  return Object.entries(query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

interface WireRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
  body?: string;
}

/** The SigV4 headers the AWS SDK's signer adds for `call` (or the plain headers when the call is unsigned). */
async function signedHeadersFor(
  url: URL,
  credentials: TestCredentials,
  call: SignedCall,
  headers: Record<string, string>,
): Promise<Record<string, string>> {
  if (call.unsigned) return headers;
  const signer = new SignatureV4({
    service: call.service ?? 'execute-api',
    region: call.region ?? 'us-east-1',
    sha256: Sha256,
    credentials,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: call.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: call.path,
      query: call.query,
      headers,
      body: call.body,
    }),
    call.signingDate ? { signingDate: call.signingDate } : undefined,
  );
  return signed.headers;
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends `wire` as it stands (after any tampering) and collects the gunzipped answer. */
function send(url: URL, wire: WireRequest): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: wire.method,
        path: wire.rawQuery ? `${wire.path}?${wire.rawQuery}` : wire.path,
        headers: { ...wire.headers, 'accept-encoding': 'gzip' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parsedJson(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (wire.body !== undefined) req.write(wire.body);
    req.end();
  });
}

/** Sends one signed request to `baseUrl` and returns status, headers and the (gunzipped) body. */
export async function signedFetch(
  baseUrl: string,
  credentials: TestCredentials,
  call: SignedCall,
): Promise<CallResult> {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = {
    host: url.host,
    ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...call.headers,
  };
  const wire: WireRequest = {
    method: call.method,
    path: call.path,
    rawQuery: rawQueryOf(call.query),
    headers: { ...(await signedHeadersFor(url, credentials, call, headers)) },
    body: call.body,
  };
  call.tamper?.(wire);
  return send(url, wire);
}
