/**
 * The local proxy: the Lambda's handler behind a Node HTTP server on loopback, with the embedded DuckDB engine
 * over a lake folder, and SigV4 verification in place of API Gateway's AWS_IAM auth.
 */
import { createServer } from 'node:http';
import { loadDuckDbSettings, loadServiceSettings, type ServiceSettings } from '../config';
import { createDuckDbEngine } from '../engines/duckdb';
import { DEFAULT_INLINE_LIMITS } from '../engines/duckdb/inlineResults';
import { createHandler } from '../http/handler';
import { createQueryService } from '../service/createQueryService';
import { listenOnLoopback, type Listening } from './listenOnLoopback';
import { nodeListener } from './nodeAdapter';
import { createSigV4Authenticator } from './sigv4Authenticator';

export interface LocalServerOptions {
  lakeDir: string;
  /** 0 picks a free port. Default 8787. */
  port?: number;
  host?: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  database?: string;
  /** Overrides of the env-derived settings (tests use small budgets). */
  settings?: Partial<ServiceSettings>;
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
  const handler = createHandler({
    service: createQueryService(engine, settings, log, DEFAULT_INLINE_LIMITS.totalBytes),
    authenticate: createSigV4Authenticator({ credentials: [options.credentials], region: options.region ?? 'us-east-1', log }),
    log,
  });
  const server = createServer(nodeListener(handler));
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
