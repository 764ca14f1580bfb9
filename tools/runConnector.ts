/**
 * `npm run connector -- <function> [request.json] [--proxy URL] [--key-id ID --secret S] [--bundle FILE]`:
 * runs the BUILT connector (dist/connector/Code.js) in the Apps Script harness against any proxy — local or
 * deployed — and prints the JSON Looker Studio would receive. Looker Studio debugging without Looker Studio.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAppsScriptServices } from './appsScript/appsScriptServices';
import { loadBundle, type CallOutcome } from './appsScript/loadBundle';
import { ENTRY_POINTS } from './build/buildConnector';
import { FakeProperties } from './appsScript/stores';
import { DEFAULT_ISSUER, LOCAL_KEYLESS_ROLE, mintIdToken } from './cliSupport/keyless';
import { describeUnreachable } from './cliSupport/unreachable';

const USAGE = `Usage: npm run connector -- <function> [request.json] [options]

Runs dist/connector/Code.js (build it with npm run build:connector) in the Apps Script harness and prints the
JSON Looker Studio would receive. Functions: ${ENTRY_POINTS.join(', ')}.
Before calling any function except getAuthType, isAdminUser and setCredentials, the runner signs in through the
bundle's own setCredentials, exactly as the Looker Studio auth dialog would.

  request.json       the request object (getConfig/getSchema/getData/setCredentials); default {}
  --proxy URL        proxy base URL (default: env PROXY_URL, else http://127.0.0.1:8787)
  --key-id ID        access key id (default: env PROXY_ACCESS_KEY_ID, else .local/dev-credentials.json)
  --secret S         secret access key (default: env PROXY_SECRET_ACCESS_KEY, else the dev key file)
  --identity EMAIL   sign in as this keyless viewer instead of with a key: the harness's getIdentityToken
                     answers with an ID token for EMAIL from the local issuer (npm run identity), and the
                     connector exchanges it at the proxy's own STS endpoint (proxy started with --oidc-issuer)
  --issuer URL       the local issuer for --identity (default ${DEFAULT_ISSUER})
  --bundle FILE      connector bundle to run (default dist/connector/Code.js)
  --help             show this text

Exit code 0 with the result on stdout; 1 with {"userError": …} on stdout when the connector raised a user error.
The connector's log lines and its HTTP traffic go to stderr.
`;

/** The parsed command line. */
export interface RunnerArgs {
  fn: string;
  requestFile?: string;
  proxy?: string;
  keyId?: string;
  secret?: string;
  identity?: string;
  issuer?: string;
  bundle: string;
}

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_PROXY = 'http://127.0.0.1:8787';
const DEV_CREDENTIALS_FILE = path.join(ROOT, '.local', 'dev-credentials.json');
const NEEDS_NO_SIGN_IN = new Set(['getAuthType', 'isAdminUser', 'setCredentials']);
const TAKES_REQUEST = new Set(['getConfig', 'getSchema', 'getData', 'setCredentials']);

/** Parses the command line; 'help' when help was asked for. */
export function parseRunnerArgs(argv: readonly string[]): RunnerArgs | 'help' {
  const positional: string[] = [];
  const args: Partial<RunnerArgs> = { bundle: path.join(ROOT, 'dist', 'connector', 'Code.js') };
  const flags: Record<string, keyof RunnerArgs> = {
    '--proxy': 'proxy',
    '--key-id': 'keyId',
    '--secret': 'secret',
    '--bundle': 'bundle',
    '--identity': 'identity',
    '--issuer': 'issuer',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg.startsWith('--')) {
      const key = flags[arg];
      const value = argv[i + 1];
      if (!key) throw new Error(`Unknown option ${arg} (see --help)`);
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      args[key] = value;
      i += 1;
    } else {
      positional.push(arg);
    }
  }
  const [fn, requestFile, ...extra] = positional;
  if (!fn) return 'help';
  if (!(ENTRY_POINTS as readonly string[]).includes(fn))
    throw new Error(`Unknown function ${fn}; one of ${ENTRY_POINTS.join(', ')}`);
  if (extra.length > 0) throw new Error(`Unexpected arguments: ${extra.join(' ')}`);
  return { ...args, fn, ...(requestFile ? { requestFile } : {}) } as RunnerArgs;
}

/** The path/username/password the runner signs in with: flags, then env, then the local dev key file. */
export function resolveSignIn(
  args: RunnerArgs,
  env: Record<string, string | undefined>,
  readDevFile: () => string | undefined,
): { path: string; username: string; password: string } {
  const devText = readDevFile();
  const dev = devText
    ? (JSON.parse(devText) as { accessKeyId?: string; secretAccessKey?: string; region?: string })
    : {};
  const username = args.keyId ?? env.PROXY_ACCESS_KEY_ID ?? dev.accessKeyId;
  const secret = args.secret ?? env.PROXY_SECRET_ACCESS_KEY ?? dev.secretAccessKey;
  if (!username || !secret) {
    throw new Error(
      'No credentials: pass --key-id/--secret, set PROXY_ACCESS_KEY_ID/PROXY_SECRET_ACCESS_KEY, or run npm start once.',
    );
  }
  const token = args.secret === undefined ? env.PROXY_SESSION_TOKEN : undefined;
  const proxy = args.proxy ?? env.PROXY_URL ?? DEFAULT_PROXY;
  const region = env.AWS_REGION ?? dev.region;
  // The local proxy signs with AWS_REGION; tell the connector through its #region= hint unless the URL names one.
  const hint = region && region !== 'us-east-1' && !/execute-api\.|#region=/.test(proxy) ? `#region=${region}` : '';
  return { path: `${proxy}${hint}`, username, password: token ? `${secret}|${token}` : secret };
}

/** Fails with "connection refused" and the URL when nothing answers there (any HTTP answer means it is up). */
export async function checkReachable(proxy: string): Promise<void> {
  const base = proxy.replace(/#.*$/, '');
  try {
    await fetch(base, { method: 'GET', signal: AbortSignal.timeout(5_000) }).then((r) => r.body?.cancel());
  } catch (err) {
    const unreachable = describeUnreachable(err, base);
    if (unreachable) throw new Error(unreachable, { cause: err });
  }
}

/** The keyless sign-in: the role ARN and the word `google` (docs/keyless.md), the STS endpoint the proxy itself. */
async function keylessWorld(args: RunnerArgs, env: Record<string, string | undefined>) {
  const proxy = args.proxy ?? env.PROXY_URL ?? DEFAULT_PROXY;
  const token = await mintIdToken(args.issuer ?? DEFAULT_ISSUER, args.identity as string);
  const scriptProperties = new FakeProperties();
  scriptProperties.setProperty('STS_ENDPOINT', proxy);
  const services = createAppsScriptServices({
    sleep: 'real',
    userEmail: args.identity,
    scriptProperties,
    identityToken: () => token,
  });
  return { services, signIn: { path: proxy, username: LOCAL_KEYLESS_ROLE, password: 'google' } };
}

/** Runs one entry point of the bundle in a fresh harness world; logs and traffic go to `stderr`. */
export async function runConnector(
  args: RunnerArgs,
  env: Record<string, string | undefined>,
  stderr: (line: string) => void,
): Promise<CallOutcome> {
  const readDevFile = () =>
    fs.existsSync(DEV_CREDENTIALS_FILE) ? fs.readFileSync(DEV_CREDENTIALS_FILE, 'utf8') : undefined;
  if (!NEEDS_NO_SIGN_IN.has(args.fn)) await checkReachable(args.proxy ?? env.PROXY_URL ?? DEFAULT_PROXY);
  if (!fs.existsSync(args.bundle)) throw new Error(`${args.bundle} not found: run npm run build:connector first`);
  const keyless = args.identity ? await keylessWorld(args, env) : undefined;
  const services = keyless?.services ?? createAppsScriptServices({ sleep: 'real' });
  try {
    const connector = loadBundle(args.bundle, services);
    if (!NEEDS_NO_SIGN_IN.has(args.fn)) {
      const signIn = keyless?.signIn ?? resolveSignIn(args, env, readDevFile);
      const answer = connector.invoke<{ errorCode: string }>('setCredentials', { pathUserPass: signIn });
      if (answer.errorCode !== 'NONE')
        throw new Error(`setCredentials answered ${answer.errorCode} for ${signIn.path}`);
    }
    const request = args.requestFile
      ? (JSON.parse(fs.readFileSync(args.requestFile, 'utf8')) as unknown)
      : args.fn === 'setCredentials'
        ? { pathUserPass: resolveSignIn(args, env, readDevFile) }
        : {};
    return connector.call(args.fn, ...(TAKES_REQUEST.has(args.fn) ? [request] : []));
  } finally {
    services.logs.forEach((line) => stderr(`[connector] ${line}`));
    services.fetches.forEach((f) => stderr(`[http] ${f.method} ${f.url} → ${f.status}`));
    await services.close();
  }
}

async function main(): Promise<void> {
  const args = parseRunnerArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const outcome = await runConnector(args, process.env, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(outcome.ok ? outcome.value : { userError: outcome.userError }, null, 2)}\n`);
  if (!outcome.ok) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
