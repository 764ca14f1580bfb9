/**
 * The local proxy: the Lambda's handler behind a Node HTTP server on loopback, with SigV4 verification in place of
 * API Gateway's AWS_IAM auth. The engine comes from the one composition root (proxy/src/engines/registry.ts):
 * DuckDB over a lake folder by default, any registered engine by `engine` / `PROXY_ENGINE`.
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { loadServiceSettings, type Env, type ServiceSettings } from '../config';
import { createEngine, ENGINES, type EngineRegistration } from '../engines/registry';
import type { Engine, SdkClientConfig } from '../port';
import { createEventIngestor, type EventIngestor } from '../ingest';
import { createTracker } from '../../../events/src';
import { localLakeSink } from './localLakeSink';
import { toTableName } from '../../../events/src';
import { createHandler } from '../http';
import { createJsonLogger, logLevelOf, type Logger } from '../logger';
import { createQueryService } from '../service';
import type { QueryService } from '../service';
import { listenOnLoopback, type Listening } from './listenOnLoopback';
import { nodeListener } from './nodeAdapter';
import { createSigV4Authenticator } from './sigv4Authenticator';
import type { AccessRules } from '../access';
import { BufferedTileStore, DEFAULT_TILE_MEMORY_BYTES, LocalTileStore } from '../tiles';
import { createIdentityMode, type IdentityModeOptions } from './identityMode';

export interface LocalServerOptions {
  /** The lake folder of the duckdb engine (`PROXY_LAKE_DIR`). */
  lakeDir?: string;
  /** Engine name; default `PROXY_ENGINE`, else `duckdb`. */
  engine?: string;
  /** The engines to choose from; default the registry's (tests and tools may add their own). */
  engines?: readonly EngineRegistration[];
  /** 0 picks a free port. Default 8787. */
  port?: number;
  host?: string;
  /** The long-term key callers may sign with; optional in identity mode (keyless callers need none). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  database?: string;
  /** Overrides of the env-derived settings (tests use small budgets). */
  settings?: Partial<ServiceSettings>;
  /** Environment the settings are read from; default process.env. */
  env?: Record<string, string | undefined>;
  /** Endpoint overrides for an SDK-based engine (see EngineBuildContext.clientConfig). */
  engineClientConfig?: SdkClientConfig;
  /** Keyless identity mode: trust this OIDC issuer's ID tokens and answer STS calls at the root URL. */
  identity?: IdentityModeOptions;
  /** Per-viewer access rules (docs/keyless.md#access-rules); they win over PROXY_ACCESS_RULES. */
  accessRules?: AccessRules;
  /** `POST /v1/events` writes into the lake folder (default true when the engine serves a lake folder). */
  ingest?: boolean;
  /** Structured log sink; default one JSON line per record on stdout. */
  log?: Logger;
}

export interface LocalServer {
  /** The proxy base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  /** The name the engine reports (`duckdb`, `athena`, …). */
  engine: string;
  /** The day-tile store when tiles are on (its memory layer and the writes still landing). */
  tileStore?: BufferedTileStore;
  close(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const baseEnv = options.env ?? process.env;
  const log = options.log ?? createJsonLogger(undefined, logLevelOf(baseEnv));
  const env = withServedLake(baseEnv, options);
  const engine = await openEngine(options, env, log);
  const settings = localSettingsOf(env, options);
  const region = options.region ?? 'us-east-1';
  if (!options.credentials && !options.identity)
    throw new Error('The local server needs credentials or an identity mode.');
  const staticKeys = options.credentials ? [options.credentials] : [];
  const identity = await closingEngineOnFailure(
    engine,
    async () => options.identity && (await createIdentityMode(options.identity, staticKeys, region, log)),
  );
  const tileStore = localTileStoreOf(settings, log);
  const service = createQueryService(engine, settings, log, tileStore ? { tiles: { store: tileStore } } : {});
  const handler = createHandler({
    service,
    authenticate: identity?.authenticate ?? createSigV4Authenticator({ credentials: staticKeys, region, log }),
    log,
    ingest: options.ingest === false ? undefined : localIngestorFor(env, engine, service),
  });
  const server = createServer(identity ? identity.wrap(nodeListener(handler)) : nodeListener(handler));
  server.keepAliveTimeout = 5000;
  const listening: Listening = await closingEngineOnFailure(engine, () =>
    listenOnLoopback(server, options.port ?? 8787, options.host ?? '127.0.0.1'),
  );
  return {
    url: listening.url,
    engine: engine.name,
    ...(tileStore ? { tileStore } : {}),
    close: async () => {
      await listening.close();
      await tileStore?.flush();
      await engine.close();
    },
  };
}

/** The engine the options or PROXY_ENGINE name (DuckDB by default). */
function openEngine(options: LocalServerOptions, env: Env, log: Logger): Promise<Engine> {
  const engineName = options.engine ?? (env.PROXY_ENGINE || 'duckdb');
  return createEngine(engineName, { env, log, clientConfig: options.engineClientConfig }, options.engines ?? ENGINES);
}

/** The service settings: the environment's, then the options' overrides and access rules. */
function localSettingsOf(env: Env, options: LocalServerOptions): ServiceSettings {
  // 2 MB pages locally (Lambda's default is 4 MB, under its 6 MB limit): the connector fetches pages in parallel,
  // and smaller pages keep the local proxy's peak memory under 500 MB on raw 800k-row results (bench/).
  return {
    ...loadServiceSettings({ PROXY_PAGE_BYTES: '2000000', ...env }),
    ...options.settings,
    ...(options.accessRules ? { accessRules: options.accessRules } : {}),
  };
}

/** The settings environment with the options' lake folder and database name in place of the variables. */
function withServedLake(
  baseEnv: Record<string, string | undefined>,
  options: Pick<LocalServerOptions, 'lakeDir' | 'database'>,
): Record<string, string | undefined> {
  return {
    ...baseEnv,
    ...(options.lakeDir !== undefined ? { PROXY_LAKE_DIR: options.lakeDir } : {}),
    ...(options.database !== undefined ? { PROXY_DATABASE: options.database } : {}),
  };
}

/** Runs `start`; if it fails, the engine already built is closed before the failure is passed on. */
async function closingEngineOnFailure<T>(engine: Engine, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    await engine.close();
    throw err;
  }
}

/** The local ingestor when the engine serves a lake folder (PROXY_LAKE_DIR), else none. */
function localIngestorFor(env: Record<string, string | undefined>, engine: Engine, service: QueryService) {
  const lakeDir = env.PROXY_LAKE_DIR;
  return lakeDir ? localIngestor(lakeDir, env.PROXY_DATABASE || 'lake', engine, service) : undefined;
}

/**
 * Ingested events land in the served lake folder. New days of a known table are read at once (the table's views
 * glob every dt= folder); a new table folder makes the engine re-read its catalog; cached results of the written
 * tables stop being served.
 */
function localIngestor(lakeDir: string, database: string, engine: Engine, service: QueryService): EventIngestor {
  return createEventIngestor({
    track: createTracker({ sink: localLakeSink(lakeDir) }),
    afterWrite: async (folders) => {
      await engine.refreshCatalog?.();
      // Cached answers about these tables predate the new rows.
      for (const folder of folders) service.markTableChanged(database, toTableName(folder));
    },
  });
}

/**
 * The local day-tile store (docs/tiles.md), when the settings name a folder: the folder behind a memory layer that
 * writes behind (a first answer does not wait for its tile files; closing the server waits for them).
 */
function localTileStoreOf(settings: ServiceSettings, log: Logger): BufferedTileStore | undefined {
  if (!settings.tileDir) return undefined;
  return new BufferedTileStore(new LocalTileStore(path.resolve(settings.tileDir)), {
    maxBytes: DEFAULT_TILE_MEMORY_BYTES,
    writeBehind: true,
    onWriteError: (err) => log({ level: 'warn', event: 'tileStoreWrite', error: err.message.slice(0, 200) }),
  });
}
