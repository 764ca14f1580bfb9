/** The query service's options, answers and inner records (proxy/src/service/queryService.ts). */
import type { QueryResultResponse } from '../../../protocol/contract';
import type { AccessRules } from '../access';
import type { Engine, EngineQueryStatus } from '../port';
import type { Logger } from '../logger';
import type { TileStore } from '../tiles';
import type { BudgetGuard } from '../budgets';
import type { QueryAnswer, QueryHandle } from './queryHandle';
import type { PageOptions } from './resultPages';
import type { QueryHandleSealer } from './handleSealer';
import type { Sleep } from './waitForQuery';

export interface Caller {
  /** Stable, non-secret identity derived from the request signature (access key id or IAM ARN). */
  identity: string;
  /** A viewer signed in with a verified ID token (keyless mode): may read what the access rules allow, never write. */
  viewer?: true;
  /** The request this call belongs to (API Gateway's request id, or one the local server made); logs carry it. */
  requestId?: string;
}

export interface QueryServiceOptions {
  engine: Engine;
  now: () => number;
  sleep: Sleep;
  log: Logger;
  /** How long POST /v1/queries waits for the engine before answering 202. */
  waitBudgetMs: number;
  maxRows: number;
  sampleRows: number;
  page: PageOptions;
  /** `ttlByTable` (`database.table` → ms) overrides `ttlMs` per table. */
  cache: { maxBytes: number; ttlMs: number; ttlByTable?: Readonly<Record<string, number>> };
  /** How long table descriptions are reused before asking the catalog again. */
  catalogTtlMs: number;
  /** Engine executions at once, and how many more may wait before callers get 429. */
  admission: { maxRunning: number; maxQueued: number };
  /** Zone used when a spec names none. */
  defaultTimeZone: string;
  /** Status polling backoff for this engine (Athena status calls are rate limited; DuckDB's are free). */
  poll: { firstDelayMs: number; maxDelayMs: number };
  /** Per-viewer access rules (docs/keyless.md#access-rules); everyone reads everything when absent. */
  accessRules?: AccessRules;
  /** Binds query ids and cursors to their caller (SECURITY.md#query-ids); a per-process secret when absent. */
  handles?: QueryHandleSealer;
  /** The process memory budget queries and pages are charged against (docs/performance.md#memory-budget). */
  memory?: { budgetBytes: number };
  /** Day tiles (docs/tiles.md): aggregated date-range requests are answered from this store; off when absent. */
  tiles?: { store: TileStore };
  /** Daily scan budgets (docs/budgets.md): checked before every engine query, charged after; none when absent. */
  budgets?: BudgetGuard;
}

/**
 * Heap a result page costs while it is built and sent, per byte of its target size: the formatted rows, the JSON
 * body, its UTF-8 copy and the gzip output (measured: docs/performance.md#memory-budget).
 */
export const PAGE_HEAP_FACTOR = 6;
/**
 * What a running query holds on the proxy side while it runs: spec, compiled SQL, handle, engine record and
 * promises. Inline results are not counted here: the engine's store is reserved out of the heap separately.
 */
export const QUERY_HEAP_BYTES = 256 * 1024;

export type { QueryAnswer };

export interface CachedResult {
  handle: QueryHandle;
  status: EngineQueryStatus;
  /** Present when the whole result fit one page; otherwise pages are re-read from the engine's result. */
  firstPage?: { rows: QueryResultResponse['rows']; totalRows: number; truncated: boolean; pageRows: number };
}

export interface Execution {
  /** When it was launched: a request whose lastRefresh is later must not join it. */
  startedAt: number;
  handle: Promise<QueryHandle>;
  /** The first page, once the engine finished and it was read (and cached). */
  answer: Promise<{ status: 200; body: QueryResultResponse }>;
}
