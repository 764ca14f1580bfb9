/**
 * `npm run call -- METHOD PATH [JSON | @file.json] [--proxy URL] [--identity EMAIL] [--verbose]`: sends one request
 * to the proxy, signed with SigV4 by the AWS SDK's own signer (`@smithy/signature-v4`). The body alone goes to
 * stdout (so it pipes to jq); the status line and anything else to stderr.
 */
import { readFileSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { loadDevCredentials } from './localProxy/devCredentials';
import { DEFAULT_ISSUER, viewerCredentials } from './cliSupport/keyless';
import { describeUnreachable } from './cliSupport/unreachable';
import { IDENTITY_TOKEN_HEADER } from '../protocol/contract';

const HELP = `Usage: npm run call -- METHOD PATH [JSON | @file.json] [options]

  METHOD   GET, POST or DELETE
  PATH     e.g. /v1/catalog, /v1/databases/lake/tables/food_delivery_1_0_0, /v1/queries
  JSON     request body (POST), inline or @file

Options:
  --proxy URL        proxy base URL (default: env PROXY_URL, else http://127.0.0.1:8787)
  --identity EMAIL   sign as this keyless viewer: an ID token from the local issuer (npm run identity),
                     exchanged at the proxy's STS endpoint (the proxy must run with --oidc-issuer)
  --issuer URL       the local issuer for --identity (default ${DEFAULT_ISSUER})
  --verbose          also print the request line and the response headers (stderr)
  --help             show this text

The response body goes to stdout, the status line to stderr; exit code 0 for a 2xx answer, 1 otherwise.
Without --identity it signs with env PROXY_ACCESS_KEY_ID / PROXY_SECRET_ACCESS_KEY (optional PROXY_SESSION_TOKEN)
or the dev key in .local/dev-credentials.json, for service execute-api in AWS_REGION (default us-east-1).
`;

const METHODS = ['GET', 'POST', 'DELETE'];

export interface CallArgs {
  method: string;
  path: string;
  body?: string;
  proxy: string;
  identity?: string;
  issuer: string;
  verbose: boolean;
}

function readBody(raw: string | undefined): string | undefined {
  if (raw === undefined || !raw.startsWith('@')) return raw;
  const file = raw.slice(1);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read request file ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    JSON.parse(text);
  } catch (err) {
    throw new Error(`request file ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return text;
}

/** Parses the command line; 'help' when help was asked for (or nothing was given). */
export function parseCallArgs(argv: readonly string[], env: Record<string, string | undefined>): CallArgs | 'help' {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  const takesValue = new Set(['--proxy', '--identity', '--issuer']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--verbose' || arg === '-v') options['--verbose'] = true;
    else if (takesValue.has(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value (see --help)`);
      options[arg] = value;
    } else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg} (see --help)`);
    else positional.push(arg);
  }
  if (positional.length === 0) return 'help';
  const [method, path, rawBody, ...extra] = positional;
  if (!METHODS.includes(method.toUpperCase()))
    throw new Error(`Unknown method ${method}; one of ${METHODS.join(', ')}`);
  if (path === undefined || !path.startsWith('/')) throw new Error('PATH must start with / (e.g. /v1/catalog)');
  if (extra.length > 0) throw new Error(`Unexpected arguments: ${extra.join(' ')}`);
  const proxy = (options['--proxy'] as string | undefined) ?? env.PROXY_URL ?? 'http://127.0.0.1:8787';
  if (!/^https?:\/\/[^\s]+$/.test(proxy)) throw new Error(`--proxy must be an http(s) URL, got ${proxy}`);
  return {
    method: method.toUpperCase(),
    path,
    body: readBody(rawBody),
    proxy,
    identity: options['--identity'] as string | undefined,
    issuer: (options['--issuer'] as string | undefined) ?? DEFAULT_ISSUER,
    verbose: options['--verbose'] === true,
  };
}

async function signingCredentials(args: CallArgs) {
  const dev = loadDevCredentials(process.env);
  if (!args.identity) return { ...dev, idToken: undefined };
  const viewer = await viewerCredentials({ proxy: args.proxy, issuer: args.issuer, email: args.identity });
  return { ...viewer, region: dev.region };
}

async function send(args: CallArgs): Promise<Response> {
  const url = new URL(args.proxy);
  url.pathname = `${url.pathname.replace(/\/$/, '')}${args.path.split('?')[0]}`;
  url.search = args.path.includes('?') ? args.path.slice(args.path.indexOf('?')) : '';
  const credentials = await signingCredentials(args);
  const signer = new SignatureV4({ service: 'execute-api', region: credentials.region, sha256: Sha256, credentials });
  const signed = await signer.sign(
    new HttpRequest({
      method: args.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port) || undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {
        host: url.host,
        ...(args.body ? { 'content-type': 'application/json' } : {}),
        ...(credentials.idToken ? { [IDENTITY_TOKEN_HEADER]: credentials.idToken } : {}),
      },
      body: args.body,
    }),
  );
  if (args.verbose) process.stderr.write(`> ${args.method} ${url.href}\n`);
  try {
    return await fetch(url, {
      method: signed.method,
      headers: signed.headers as Record<string, string>,
      body: args.body,
    });
  } catch (err) {
    throw new Error(describeUnreachable(err, url.origin) ?? (err as Error).message, { cause: err });
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseCallArgs(argv, process.env);
  if (args === 'help') {
    process.stdout.write(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const response = await send(args);
  const text = await response.text();
  process.stderr.write(`HTTP ${response.status}\n`);
  if (args.verbose) response.headers.forEach((value, name) => process.stderr.write(`< ${name}: ${value}\n`));
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: print as received
  }
  if (pretty !== '') process.stdout.write(`${pretty}\n`);
  return response.ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`call failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
