/**
 * The three signers compared in test/sigv4: ours, @smithy/signature-v4 (what the AWS JS SDK uses) and python
 * botocore (test/sigv4/botocoreSign.py, one process for a whole batch). Each returns the headers it would send,
 * lower-cased, including `host`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { signRequest } from '../../connector/src/sigv4/signer';
import { nodeSigV4Crypto } from '../../tools/signing/nodeSigV4Crypto';
import { type RandomRequest, toUrl } from './randomRequests';

export type SentHeaders = Record<string, string>;
const SERVICE = 'execute-api';
const BOTOCORE_SCRIPT = path.join(__dirname, 'botocoreSign.py');

function lowerCaseKeys(headers: Record<string, string>): SentHeaders {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The caller headers, plus x-amz-content-sha256 when the request asks for it. */
function callerHeaders(request: RandomRequest): Record<string, string> {
  return request.contentSha256
    ? { ...request.headers, 'X-Amz-Content-Sha256': sha256Hex(request.body) }
    : { ...request.headers };
}

export function signWithOurSigner(request: RandomRequest): SentHeaders {
  const signed = signRequest(
    { method: request.method, url: toUrl(request), headers: callerHeaders(request), body: request.body },
    {
      credentials: request,
      scope: { region: request.region, service: SERVICE },
      now: request.date,
      crypto: nodeSigV4Crypto,
    },
  );
  return lowerCaseKeys(signed);
}

/** Decoded query as smithy's HttpRequest wants it: repeated keys become arrays. */
function toSmithyQuery(query: readonly [string, string][]): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of query) {
    const previous = result[key];
    result[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return result;
}

export async function signWithSmithy(request: RandomRequest): Promise<SentHeaders> {
  const [hostname, port] = request.host.split(':');
  const httpRequest = new HttpRequest({
    method: request.method.toUpperCase(),
    protocol: `${request.scheme}:`,
    hostname,
    ...(port ? { port: Number(port) } : {}),
    path: request.wirePath,
    query: toSmithyQuery(request.query),
    headers: { ...callerHeaders(request), host: request.host },
    body: request.body,
  });
  const signer = new SignatureV4({
    credentials: request,
    region: request.region,
    service: SERVICE,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(httpRequest, { signingDate: request.date });
  return lowerCaseKeys(signed.headers);
}

/** Whether python3 can import botocore (the botocore comparisons are skipped loudly when not). */
export function isBotocoreAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
}

/** Signs all requests in one botocore process; results in input order. */
export function signWithBotocore(requests: readonly RandomRequest[]): SentHeaders[] {
  const input = requests.map((request) =>
    JSON.stringify({
      method: request.method.toUpperCase(),
      url: toUrl(request),
      headers: Object.entries(request.headers),
      body: request.body,
      accessKeyId: request.accessKeyId,
      secretAccessKey: request.secretAccessKey,
      sessionToken: request.sessionToken,
      region: request.region,
      service: SERVICE,
      amzDate: request.date.toISOString().replace(/[-:]|\.\d{3}/g, ''),
      contentSha256: request.contentSha256,
    }),
  );
  const run = spawnSync('python3', [BOTOCORE_SCRIPT], {
    input: `${input.join('\n')}\n`,
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
  });
  if (run.status !== 0) {
    throw new Error(`botocoreSign.py failed: ${run.stderr}`);
  }
  return run.stdout
    .trim()
    .split('\n')
    .map((line, index) => {
      const result = JSON.parse(line) as { headers?: [string, string][]; error?: string };
      if (result.headers === undefined) {
        throw new Error(`botocore could not sign request ${index}: ${result.error}`);
      }
      // botocore leaves Host to the HTTP client; the client sends the URL's host.
      return { host: requests[index].host, ...lowerCaseKeys(Object.fromEntries(result.headers)) };
    });
}
