/**
 * Service settings read once at start-up (Lambda cold start or `npm start`) into a frozen object; nothing else
 * reads process.env. Engine settings live with each engine (`settings.ts` in each proxy/src/engines folder) and use
 * the same readers. Every number has a sensible default and a clear error when it is not a number.
 */
import { parseAccessRules, type AccessRules } from './access';

export interface ServiceSettings {
  /** How long POST /v1/queries waits before answering 202 (well under API Gateway's 29 s). */
  waitBudgetMs: number;
  maxRows: number;
  sampleRows: number;
  pageTargetBytes: number;
  cacheMaxBytes: number;
  cacheTtlMs: number;
  /** Per-table cache TTLs (`database.table` → ms) overriding cacheTtlMs, e.g. short for fast-changing tables. */
  cacheTtlByTable: Readonly<Record<string, number>>;
  catalogTtlMs: number;
  /** Engine queries at once (Athena's default active-query quota is 25) and how many more may queue. */
  maxConcurrentQueries: number;
  maxQueuedQueries: number;
  /** IANA zone for date ranges and date/time values when a request names none. */
  defaultTimeZone: string;
  /**
   * Bytes of heap that running queries and result pages may take at once (PROXY_MEMORY_BUDGET_BYTES); undefined
   * derives it from the V8 heap limit (docs/performance.md#memory-budget).
   */
  memoryBudgetBytes?: number;
  /**
   * The local day-tile folder (docs/tiles.md): PROXY_TILE_DIR, or `.local/tiles` when PROXY_TILES=on; tiles are
   * off when neither is set or PROXY_TILES=off.
   */
  tileDir?: string;
  /**
   * The shared S3 tile store on AWS (docs/tiles.md#the-s3-tile-store): PROXY_TILE_BUCKET and PROXY_TILE_PREFIX
   * (default `tiles/`); undefined when no bucket is set or PROXY_TILES=off.
   */
  tileBucket?: { bucket: string; prefix: string };
  /**
   * The deployment secret that seals query handles (PROXY_TOKEN_SECRET, SECURITY.md#query-ids), so they verify on
   * every instance; undefined makes a random one per process.
   */
  handleSecret?: string;
  /** Per-viewer access rules (PROXY_ACCESS_RULES, JSON; docs/keyless.md#access-rules); undefined: none. */
  accessRules?: AccessRules;
  /**
   * Daily scan budgets in bytes (docs/budgets.md): PROXY_BUDGET_BYTES_PER_CALLER_DAY and
   * PROXY_BUDGET_BYTES_PER_TABLE_DAY; unset or 0 is no budget.
   */
  budgets: { perCallerDay?: number; perTableDay?: number };
}

export type Env = Readonly<Record<string, string | undefined>>;

/** An integer setting ≥ `min`, or `fallback` when unset; a clear error otherwise. */
export function int(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
  return value;
}

function timeZone(env: Env, name: string): string {
  const zone = env[name] || 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new Error(`${name} must be an IANA time zone such as UTC or Europe/Berlin (got "${zone}")`);
  }
  return zone;
}

/** `db.table=seconds,…` → `{ 'db.table': ms }`. */
function tableTtls(raw: string | undefined): Record<string, number> {
  const ttls: Record<string, number> = {};
  for (const entry of list(raw)) {
    const match = /^([^.=\s]+\.[^.=\s]+)=(\d+)$/.exec(entry);
    if (!match) throw new Error(`PROXY_CACHE_TTL_TABLES entries are database.table=seconds (got "${entry}")`);
    ttls[match[1]] = Number(match[2]) * 1000;
  }
  return ttls;
}

/** A comma-separated list setting, trimmed, empty entries dropped. */
export function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadServiceSettings(env: Env): Readonly<ServiceSettings> {
  return Object.freeze({
    waitBudgetMs: int(env, 'PROXY_WAIT_BUDGET_MS', 10_000),
    maxRows: Math.min(1_000_000, int(env, 'PROXY_MAX_ROWS', 1_000_000, 1)),
    sampleRows: int(env, 'PROXY_SAMPLE_ROWS', 20, 1),
    pageTargetBytes: int(env, 'PROXY_PAGE_BYTES', 4_000_000, 10_000),
    cacheMaxBytes: int(env, 'PROXY_CACHE_BYTES', 64 * 1024 * 1024),
    cacheTtlMs: int(env, 'PROXY_CACHE_TTL_SECONDS', 300) * 1000,
    cacheTtlByTable: tableTtls(env.PROXY_CACHE_TTL_TABLES),
    catalogTtlMs: int(env, 'PROXY_CATALOG_TTL_SECONDS', 300) * 1000,
    maxConcurrentQueries: int(env, 'PROXY_MAX_CONCURRENT_QUERIES', 25, 1),
    maxQueuedQueries: int(env, 'PROXY_MAX_QUEUED_QUERIES', 100),
    defaultTimeZone: timeZone(env, 'PROXY_DEFAULT_TIME_ZONE'),
    ...(env.PROXY_MEMORY_BUDGET_BYTES
      ? { memoryBudgetBytes: int(env, 'PROXY_MEMORY_BUDGET_BYTES', 0, 1024 * 1024) }
      : {}),
    ...tileDir(env),
    ...tileBucket(env),
    ...(env.PROXY_TOKEN_SECRET ? { handleSecret: env.PROXY_TOKEN_SECRET } : {}),
    ...(env.PROXY_ACCESS_RULES ? { accessRules: accessRules(env.PROXY_ACCESS_RULES) } : {}),
    budgets: budgetsOf(env),
  });
}

/** The daily scan budgets; 0 or unset is none (the template's default). */
function budgetsOf(env: Env): ServiceSettings['budgets'] {
  const perCallerDay = int(env, 'PROXY_BUDGET_BYTES_PER_CALLER_DAY', 0);
  const perTableDay = int(env, 'PROXY_BUDGET_BYTES_PER_TABLE_DAY', 0);
  return { ...(perCallerDay > 0 ? { perCallerDay } : {}), ...(perTableDay > 0 ? { perTableDay } : {}) };
}

/** PROXY_ACCESS_RULES as JSON; a typo is named at start-up, never a raw parser trace. */
function accessRules(raw: string): AccessRules {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const reason = (error as Error).message;
    throw new Error(`PROXY_ACCESS_RULES must be JSON (docs/keyless.md#access-rules): ${reason}`, { cause: error });
  }
  return parseAccessRules(json);
}

/** The default tile folder, under the git-ignored `.local/` next to the dev credentials. */
export const DEFAULT_TILE_DIR = '.local/tiles';

/** The default key prefix of tiles in PROXY_TILE_BUCKET; the template's lifecycle rule expires it. */
export const DEFAULT_TILE_PREFIX = 'tiles/';

function tileBucket(env: Env): { tileBucket?: { bucket: string; prefix: string } } {
  if (!env.PROXY_TILE_BUCKET || env.PROXY_TILES === 'off') return {};
  const prefix = env.PROXY_TILE_PREFIX ?? DEFAULT_TILE_PREFIX;
  if (!/^([^*?]*\/)?$/.test(prefix))
    throw new Error(`PROXY_TILE_PREFIX must be empty or end with "/" (got "${prefix}")`);
  return { tileBucket: { bucket: env.PROXY_TILE_BUCKET, prefix } };
}

function tileDir(env: Env): { tileDir?: string } {
  const mode = env.PROXY_TILES || '';
  if (!['', 'on', 'off'].includes(mode)) throw new Error(`PROXY_TILES must be on or off (got "${mode}")`);
  if (mode === 'off') return {};
  if (env.PROXY_TILE_DIR) return { tileDir: env.PROXY_TILE_DIR };
  return mode === 'on' ? { tileDir: DEFAULT_TILE_DIR } : {};
}
