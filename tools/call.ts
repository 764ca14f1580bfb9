/**
 * `npm run call -- METHOD PATH [JSON | @file.json] [--proxy URL]`: sends one request to the proxy, signed with
 * SigV4 by the AWS SDK's own signer (`@smithy/signature-v4`), and prints the status and the JSON answer.
 * Credentials: env PROXY_ACCESS_KEY_ID / PROXY_SECRET_ACCESS_KEY (+ PROXY_SESSION_TOKEN), else the local dev key.
 */
import { readFileSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { loadDevCredentials } from './localProxy/devCredentials';

const HELP = `Usage: npm run call -- METHOD PATH [JSON | @file.json] [--proxy URL]

  METHOD   GET, POST or DELETE
  PATH     e.g. /v1/catalog, /v1/databases/lake/tables/food_delivery_1_0_0, /v1/queries
  JSON     request body (POST), inline or @file
  --proxy  proxy base URL (default http://127.0.0.1:8787, or env PROXY_URL)

Signs with env PROXY_ACCESS_KEY_ID / PROXY_SECRET_ACCESS_KEY (optional PROXY_SESSION_TOKEN) or the dev key in
.local/dev-credentials.json, for service execute-api in AWS_REGION (default us-east-1).
`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.length < 2) {
    process.stdout.write(HELP);
    return argv.includes('--help') ? 0 : 2;
  }
  const proxyFlag = argv.indexOf('--proxy');
  const base = proxyFlag >= 0 ? argv.splice(proxyFlag, 2)[1] : (process.env.PROXY_URL ?? 'http://127.0.0.1:8787');
  const [method, pathAndQuery, rawBody] = argv;
  const body =
    rawBody === undefined ? undefined : rawBody.startsWith('@') ? readFileSync(rawBody.slice(1), 'utf8') : rawBody;
  const url = new URL(pathAndQuery, base.endsWith('/') ? base : `${base}/`);
  url.pathname = `${new URL(base).pathname.replace(/\/$/, '')}${pathAndQuery.split('?')[0]}`;
  const credentials = loadDevCredentials(process.env);
  const signer = new SignatureV4({
    service: 'execute-api',
    region: credentials.region,
    sha256: Sha256,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
  });
  const request = new HttpRequest({
    method: method.toUpperCase(),
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port) || undefined,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  });
  const signed = await signer.sign(request);
  const response = await fetch(url, { method: signed.method, headers: signed.headers as Record<string, string>, body });
  const text = await response.text();
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: print as received
  }
  console.log(`HTTP ${response.status}\n${pretty}`);
  return response.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`call failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
