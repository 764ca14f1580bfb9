/**
 * The local proxy: the Lambda's handler behind a Node HTTP server on loopback, with the embedded DuckDB engine
 * over a lake folder, and SigV4 verification in place of API Gateway's AWS_IAM auth.
 */
import { createServer } from 'node:http';
import { loadDuckDbSettings, loadServiceSettings, type ServiceSettings } from '../config';
import { createDuckDbEngine } from '../engines/duckdb';
import { createHandler } from '../http/handler';
import { createQueryService } from '../service/createQueryService';
import { listenOnLoopback, type Listening } from './listenOnLoopback';
import { nodeListener } from './nodeAdapter';
import { createSigV4Authenticator } from './sigv4Authenticator';
import type { AccessRules } from '../core/accessRules';
import { createIdentityMode, type IdentityModeOptions } from './identityMode';

export interface LocalServerOptions {
  lakeDir: string;
  /** 0 picks a free port. Default 8787. */
  port?: number;
  host?: string;
  /** The long-term key callers may sign with; optional in identity mode (keyless callers need none). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  database?: string;
  /** Overrides of the env-derived settings (tests use small budgets). */
  settings?: Partial<ServiceSettings>;
  /** Keyless identity mode: trust this OIDC issuer's ID tokens and answer STS calls at the root URL. */
  identity?: IdentityModeOptions;
  /** Per-viewer access rules (docs/keyless.md#access-rules). */
  accessRules?: AccessRules;
  /** Structured log sink; default one JSON line per entry on stdout. */
  log?: (line: Record<string, unknown>) => void;
}

export interface LocalServer {
  /** The proxy base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  close(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const log = options.log ?? ((line) => console.log(JSON.stringify(line)));
  const engine = await createDuckDbEngine({
    ...loadDuckDbSettings(process.env),
    lakeDir: options.lakeDir,
    database: options.database ?? 'lake',
    logger: { warn: (message, details) => log({ level: 'warn', message, ...details }) },
  });
  // 2 MB pages locally (Lambda's default is 4 MB, under its 6 MB limit): the connector fetches pages in parallel,
  // and smaller pages keep the local proxy's peak memory under 500 MB on raw 800k-row results (bench/).
  const settings = { ...loadServiceSettings({ PROXY_PAGE_BYTES: '2000000', ...process.env }), ...options.settings };
  const region = options.region ?? 'us-east-1';
  if (!options.credentials && !options.identity) throw new Error('The local server needs credentials or an identity mode.');
  const staticKeys = options.credentials ? [options.credentials] : [];
  let identity: Awaited<ReturnType<typeof createIdentityMode>> | undefined;
  try {
    identity = options.identity && (await createIdentityMode(options.identity, staticKeys, region, log));
  } catch (err) {
    await engine.close();
    throw err;
  }
  const handler = createHandler({
    service: createQueryService(engine, settings, log, { accessRules: options.accessRules }),
    authenticate: identity?.authenticate ?? createSigV4Authenticator({ credentials: staticKeys, region, log }),
    log,
  });
  const server = createServer(identity ? identity.wrap(nodeListener(handler)) : nodeListener(handler));
  server.keepAliveTimeout = 5000;
  let listening: Listening;
  try {
    listening = await listenOnLoopback(server, options.port ?? 8787, options.host ?? '127.0.0.1');
  } catch (err) {
    await engine.close();
    throw err;
  }
  return {
    url: listening.url,
    close: async () => {
      await listening.close();
      await engine.close();
    },
  };
}
