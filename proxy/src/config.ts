/**
 * Settings read once at start-up (Lambda cold start or `npm start`) into a frozen object; nothing else reads
 * process.env. Every number has a sensible default and a clear error when it is not a number.
 */
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
}

export interface AthenaSettings {
  region: string;
  workGroup: string;
  databases: string[];
  /** Optional per-database table allow-list, from `db.table` entries. */
  tables: Record<string, string[]> | undefined;
  resultReuseMaxAgeMinutes: number;
}

/** Settings of the embedded DuckDB engine (local server only). */
export interface DuckDbSettings {
  /** DuckDB's own memory limit (its default is 80% of RAM); results beyond it spill to disk. */
  memoryLimit: string;
  threads: number | undefined;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min} (got "${raw}")`);
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

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
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
    ...(env.PROXY_MEMORY_BUDGET_BYTES ? { memoryBudgetBytes: int(env, 'PROXY_MEMORY_BUDGET_BYTES', 0, 1024 * 1024) } : {}),
  });
}

export function loadDuckDbSettings(env: Env): Readonly<DuckDbSettings> {
  const memoryLimit = env.PROXY_DUCKDB_MEMORY_LIMIT || '256MB';
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) {
    throw new Error(`PROXY_DUCKDB_MEMORY_LIMIT must be a size such as 256MB or 2GB (got "${memoryLimit}")`);
  }
  const threads = env.PROXY_DUCKDB_THREADS ? int(env, 'PROXY_DUCKDB_THREADS', 0, 1) : undefined;
  return Object.freeze({ memoryLimit, threads });
}

export function loadAthenaSettings(env: Env): Readonly<AthenaSettings> {
  const workGroup = env.ATHENA_WORKGROUP;
  const databases = list(env.ATHENA_DATABASES);
  if (!workGroup) throw new Error('ATHENA_WORKGROUP is required');
  if (databases.length === 0) throw new Error('ATHENA_DATABASES must list at least one database');
  const tableEntries = list(env.ATHENA_TABLES);
  let tables: Record<string, string[]> | undefined;
  for (const entry of tableEntries) {
    const [db, table, extra] = entry.split('.');
    if (!db || !table || extra !== undefined) throw new Error(`ATHENA_TABLES entries are database.table (got "${entry}")`);
    (tables ??= {})[db] = [...(tables[db] ?? []), table];
  }
  return Object.freeze({
    region: env.AWS_REGION ?? 'us-east-1',
    workGroup,
    databases,
    tables,
    resultReuseMaxAgeMinutes: int(env, 'ATHENA_RESULT_REUSE_MAX_AGE_MINUTES', 60),
  });
}
