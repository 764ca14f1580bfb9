/**
 * `npm start`: serves a lake folder through the signed proxy on loopback with the embedded DuckDB engine.
 * On the first run it writes the sample lake. Prints the URL, the key id and a copy-paste example.
 */
import './threadPool';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { generateSampleLake } from '../sampleLake/sampleData';
import { parseAccessRules, type AccessRules } from '../../proxy/src/access';
import { startLocalServer } from '../../proxy/src/local';
import { ENGINES } from '../../proxy/src/engines/registry';
import { createSqlLog, recordingRegistrations, startWorkbench } from '../workbench';
import { DEV_CREDENTIALS_FILE, loadDevCredentials } from './devCredentials';

const HELP = `Usage: npm start -- [options]

Serves a folder of hive-partitioned files (one sub-folder per table; JSON lines, Parquet or CSV) through the
signed query proxy on a loopback address, with the embedded DuckDB engine (or the engine PROXY_ENGINE names).
Also serves the workbench page on a free loopback port; its URL, with this start's token, is printed as
"Workbench: <URL>" (docs/workbench.md).

Options:
  --lake DIR        lake folder to serve (default: .lake/sample, generated on first run)
  --port N          port to listen on (default: 8787; 0 picks a free one)
  --host ADDR       loopback address to bind (default: 127.0.0.1)
  --database NAME   database name the lake is exposed as (default: lake)
  --oidc-issuer URL      keyless mode: trust ID tokens of this OpenID Connect issuer (found through
                         URL/.well-known/openid-configuration) and answer STS AssumeRoleWithWebIdentity at the root URL
  --oidc-audience AUD    the audience (client id) the tokens must carry; required with --oidc-issuer
  --access-rules FILE    per-viewer access rules (JSON; see docs/keyless.md#access-rules)
  --help            show this text

Environment:
  PROXY_ACCESS_KEY_ID, PROXY_SECRET_ACCESS_KEY   credentials callers must sign with (else a generated dev key,
                    saved in ${DEV_CREDENTIALS_FILE}); PROXY_SESSION_TOKEN optional
  AWS_REGION        region of the signing scope (default: us-east-1)
  PROXY_ENGINE      engine to run (default: duckdb; athena reads ATHENA_WORKGROUP, ATHENA_DATABASES, …)
  PROXY_LOG_LEVEL   debug, info, warn or error (default: info)
  PROXY_WAIT_BUDGET_MS, PROXY_MAX_ROWS, PROXY_CACHE_BYTES, PROXY_CACHE_TTL_SECONDS   tuning (see README)
`;

interface StartArgs {
  lake?: string;
  port: number;
  host: string;
  database: string;
  oidcIssuer?: string;
  oidcAudience?: string;
  accessRules?: string;
}

export function parseStartArgs(argv: string[]): StartArgs | 'help' {
  const args: StartArgs = { port: 8787, host: '127.0.0.1', database: 'lake' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--lake') args.lake = value();
    else if (flag === '--port') args.port = Number(value());
    else if (flag === '--host') args.host = value();
    else if (flag === '--database') args.database = value();
    else if (flag === '--oidc-issuer') args.oidcIssuer = value();
    else if (flag === '--oidc-audience') args.oidcAudience = value();
    else if (flag === '--access-rules') args.accessRules = value();
    else throw new Error(`Unknown option ${flag} (see --help)`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be 0–65535');
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(args.host)) throw new Error('--host must be a loopback address');
  if (!/^[a-z0-9_]+$/.test(args.database)) throw new Error('--database must match [a-z0-9_]+');
  if ((args.oidcIssuer === undefined) !== (args.oidcAudience === undefined)) {
    throw new Error('--oidc-issuer and --oidc-audience go together');
  }
  if (args.oidcIssuer !== undefined && !/^https?:\/\/[^\s?#]+$/.test(args.oidcIssuer))
    throw new Error('--oidc-issuer must be an http(s) URL');
  return args;
}

async function main(): Promise<void> {
  const args = parseStartArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const lakeDir = await prepareLake(args.lake);
  const credentials = loadDevCredentials(process.env);
  const identity =
    args.oidcIssuer && args.oidcAudience ? { issuer: args.oidcIssuer, audience: args.oidcAudience } : undefined;
  const sqlLog = createSqlLog();
  const server = await startLocalServer({
    engines: recordingRegistrations(ENGINES, sqlLog),
    lakeDir,
    port: args.port,
    host: args.host,
    database: args.database,
    credentials,
    region: credentials.region,
    identity,
    accessRules: args.accessRules === undefined ? undefined : loadAccessRules(args.accessRules),
  });
  const workbench = await startWorkbench({ proxyUrl: server.url, credentials, sqlLog, host: args.host });
  console.log(startBanner(server.url, server.engine, args.database, credentials));
  console.log(`Workbench: ${workbench.url}  (this start's token is in the URL; loopback only, docs/workbench.md)\n`);
  if (identity) console.log(keylessBanner(identity, server.url));
  stopOnSignals(async () => {
    await Promise.all([workbench.close(), server.close()]);
  });
}

/** The lake folder to serve; on a first run without --lake, the sample lake is written to .lake/sample. */
async function prepareLake(lake: string | undefined): Promise<string> {
  const lakeDir = resolve(lake ?? '.lake/sample');
  if (!lake && (!existsSync(lakeDir) || readdirSync(lakeDir).length === 0)) {
    console.log(`First run: writing the sample lake to ${lakeDir} …`);
    await generateSampleLake({ out: lakeDir });
  }
  if (!existsSync(lakeDir)) throw new Error(`Lake folder not found: ${lakeDir}`);
  const tableFolder = tableFolderWarning(lakeDir);
  if (tableFolder) console.warn(tableFolder);
  return lakeDir;
}

function keylessBanner(identity: { issuer: string; audience: string }, proxyUrl: string): string {
  return (
    `Keyless mode: trusting ID tokens of ${identity.issuer} for audience ${identity.audience};` +
    ` STS AssumeRoleWithWebIdentity answers at ${proxyUrl}/\n`
  );
}

/** SIGINT/SIGTERM (Ctrl-C, IDE stop buttons, process managers) close the server and end the process. */
function stopOnSignals(close: () => Promise<void>): void {
  const stop = () => {
    // Open keep-alive connections must not hold the port: exit after a short grace period regardless.
    setTimeout(() => process.exit(0), 2_000).unref();
    void close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * A warning when `lakeDir` looks like one table (partition folders `k=v` or data files directly inside) rather than
 * a lake of table folders: served as a lake, its partitions would become tables.
 */
export function tableFolderWarning(lakeDir: string): string | undefined {
  const entries = readdirSync(lakeDir, { withFileTypes: true });
  const looksLikeTable = entries.some(
    (e) =>
      (e.isDirectory() && /^[^=]+=[^=]*$/.test(e.name)) || (e.isFile() && /\.(json|jsonl|parquet|csv)$/i.test(e.name)),
  );
  if (!looksLikeTable) return undefined;
  return (
    `Warning: ${lakeDir} looks like a table folder (it holds partitions or data files), not a lake of table folders;` +
    ` its partitions are served as tables. To serve it as the table ${basename(lakeDir)}, pass the lake folder` +
    ` above it: --lake ${dirname(lakeDir)}`
  );
}

/** The start error as a user should read it: a taken port names --port. */
export function startFailureMessage(err: unknown, port: number): string {
  const text = err instanceof Error ? err.message : String(err);
  if ((err as { code?: string } | undefined)?.code !== 'EADDRINUSE') return `npm start failed: ${text}`;
  return (
    `npm start failed: port ${port} is already in use (another npm start?). Stop that one, or pick another port:` +
    ` npm start -- --port ${port + 1}   (or --port 0 for any free one)`
  );
}

/** Reads and checks the rules file; any problem stops the start with a message naming it. */
export function loadAccessRules(file: string): AccessRules {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read access rules ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseAccessRules(json);
}

function startBanner(
  url: string,
  engine: string,
  database: string,
  credentials: ReturnType<typeof loadDevCredentials>,
): string {
  const secretHint = credentials.source === 'env' ? 'from PROXY_SECRET_ACCESS_KEY' : `in ${DEV_CREDENTIALS_FILE}`;
  return `
Proxy listening on ${url}  (engine: ${engine}, database: ${database}, region: ${credentials.region})
Access key id:  ${credentials.accessKeyId}   (secret ${secretHint})

Try it (signs with the same credentials):
  npm run call -- GET /v1/catalog --proxy ${url}
  npm run call -- POST /v1/queries '{"database":"${database}","table":"food_delivery_1_0_0","fields":[{"name":"status"},{"name":"record_count"}]}' --proxy ${url}

Or run the built Looker Studio connector against it:
  npm run connector -- getData examples/getData.json --proxy ${url}

Send events (signed POST /v1/events; they are in the next query, docs/events.md):
  npm run track -- food-delivery --proxy ${url}
`;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    const port = (() => {
      try {
        const args = parseStartArgs(process.argv.slice(2));
        return args === 'help' ? 8787 : args.port;
      } catch {
        return 8787;
      }
    })();
    console.error(startFailureMessage(err, port));
    process.exit(1);
  });
}
