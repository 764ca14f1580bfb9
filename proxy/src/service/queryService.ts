/**
 * Orchestrates the proxy's use cases over an injected engine: catalog, table schema, start/poll/page/cancel.
 *
 * Cost and speed (design decisions 5–7): identical requests from one caller share one engine execution while it
 * runs (coalescing) and are answered from a byte-bounded cache afterwards; the start call waits a short budget and
 * then answers 202 so the caller polls; status and page calls are stateless (see queryToken).
 */
import { createHash } from 'node:crypto';
import type {
  CatalogResponse, QueryPendingResponse, QueryResultResponse, QuerySpec, QueryStats, TableSchemaResponse,
} from '../contract';
import { compileQuery } from '../core/compileQuery';
import { deriveTableSchema } from '../core/tableSchema';
import type { Engine, EngineQueryStatus, StartOptions, TableDescription } from '../engines/port';
import { QueryCancelledError, QueryFailedError, ScanLimitExceededError } from '../errors';
import { decodeCursor, decodeQueryToken, encodeQueryToken, type QueryToken } from './queryToken';
import { Admission } from './admission';
import { ResultCache } from './resultCache';
import { readFirstPage, readPage, toResultResponse, type PageOptions } from './resultPages';
import { raceWithBudget, waitForFinalState, type Sleep } from './waitForQuery';

export interface Caller {
  /** Stable, non-secret identity derived from the request signature (access key id or IAM ARN). */
  identity: string;
}

export interface QueryServiceOptions {
  engine: Engine;
  now: () => number;
  sleep: Sleep;
  log: (line: Record<string, unknown>) => void;
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
}

export type QueryAnswer =
  | { status: 200; body: QueryResultResponse }
  | { status: 202; body: QueryPendingResponse };

interface CachedResult {
  token: QueryToken;
  status: EngineQueryStatus;
  /** Present when the whole result fit one page; otherwise pages are re-read from the engine's result. */
  firstPage?: { rows: QueryResultResponse['rows']; totalRows: number; truncated: boolean; pageRows: number };
}

interface Execution {
  /** When it was launched: a request whose lastRefresh is later must not join it. */
  startedAt: number;
  token: Promise<QueryToken>;
  /** The first page, once the engine finished and it was read (and cached). */
  answer: Promise<{ status: 200; body: QueryResultResponse }>;
}

export class QueryService {
  private readonly cache: ResultCache<CachedResult>;
  private readonly inFlight = new Map<string, Execution>();
  private readonly tables = new Map<string, { table: Promise<TableDescription>; at: number }>();
  private readonly admission: Admission;

  constructor(private readonly options: QueryServiceOptions) {
    this.cache = new ResultCache({ ...options.cache, now: options.now });
    this.admission = new Admission(options.admission.maxRunning, options.admission.maxQueued);
  }

  get engineName() {
    return this.options.engine.name;
  }

  async catalog(): Promise<CatalogResponse> {
    const { engine } = this.options;
    const names = await engine.listDatabases();
    const databases = await Promise.all(names.map(async (name) => ({ name, tables: await engine.listTables(name) })));
    return { databases };
  }

  async tableSchema(database: string, table: string, aggregate: boolean): Promise<TableSchemaResponse> {
    return deriveTableSchema(await this.describe(database, table), aggregate);
  }

  async startQuery(spec: QuerySpec, caller: Caller): Promise<QueryAnswer> {
    const table = await this.describe(spec.database, spec.table);
    const zoned = { ...spec, timeZone: spec.timeZone ?? this.options.defaultTimeZone };
    const compiled = compileQuery(zoned, table, { maxRows: this.options.maxRows, sampleRows: this.options.sampleRows });
    // The plan is part of the key: two specs can compile to the same SQL yet differ in filtersApplied (a filter
    // that falls back adds nothing to the SQL), and the answer must say which.
    const plan = JSON.stringify([compiled.filtersApplied, compiled.rowLimit ?? null, compiled.output]);
    const key = createHash('sha256').update(`${caller.identity}\n${this.engineName}\n${plan}\n${compiled.sql}`).digest('hex');
    const notBefore = spec.lastRefresh ? Date.parse(spec.lastRefresh) : 0;
    const cached = this.cache.get(key, notBefore);
    if (cached) return this.answerFromCache(cached.value);

    const running = this.inFlight.get(key);
    const joinable = running && running.startedAt >= notBefore ? running : undefined;
    const reuseMaxAgeMinutes = this.reuseMaxAgeOf(table, notBefore);
    const start: StartOptions = { callerId: caller.identity, reuseMaxAgeMinutes, ...(notBefore > 0 ? { notBefore } : {}) };
    const execution = joinable ?? this.launch(key, table, compiled.sql, start, {
      filtersApplied: compiled.filtersApplied,
      ...(compiled.rowLimit === undefined ? {} : { rowLimit: compiled.rowLimit }),
      columns: compiled.output.map(({ name, dataType, format }) => ({ name, dataType, format })),
    });
    const token = await execution.token;
    const answer = await raceWithBudget(execution.answer, this.options.waitBudgetMs, this.options.sleep);
    return answer ?? pending(token, 'RUNNING');
  }

  async getQuery(rawToken: string, rawCursor: string | undefined): Promise<QueryAnswer> {
    const token = decodeQueryToken(rawToken);
    const cursor = rawCursor === undefined ? undefined : decodeCursor(rawCursor, this.options.page.maxPageRows);
    const status = await this.options.engine.getQueryStatus(token.engineQueryId);
    if (status.state === 'QUEUED' || status.state === 'RUNNING') return pending(token, status.state);
    if (!cursor) return this.answerFinished(token, status);
    assertSucceeded(status);
    const page = await readPage(this.options.engine, token, cursor.offset, cursor.limit);
    const index = Math.floor(cursor.offset / cursor.limit);
    return { status: 200, body: toResultResponse(token, { ...page, index, pageRows: cursor.limit }, statsOf(status, this.engineName, false)) };
  }

  async cancelQuery(rawToken: string): Promise<void> {
    await this.options.engine.cancelQuery(decodeQueryToken(rawToken).engineQueryId);
  }

  /**
   * Starts one engine execution for `key` and registers it, so identical requests share it until its first page
   * is read and cached (the entry only leaves the in-flight map once the cache can answer).
   */
  private launch(
    key: string, table: TableDescription, sql: string, start: StartOptions, plan: Omit<QueryToken, 'engineQueryId'>,
  ): Execution {
    const { engine, now, sleep, poll } = this.options;
    const startedAt = now();
    const admitted = this.admission.acquire(this.options.waitBudgetMs, sleep);
    const token = admitted
      .then(() => engine.startQuery(sql, start))
      .then((engineQueryId) => ({ ...plan, engineQueryId }));
    const done = token.then((t) => waitForFinalState(engine, t.engineQueryId, { now, sleep, ...poll }));
    const answer = Promise.all([token, done]).then(async ([t, status]) => {
      const finished = await this.answerFinished(t, status);
      this.remember(key, t, status, finished.body, this.cacheTtlOf(table));
      return finished;
    });
    const execution = { startedAt, token, answer };
    this.inFlight.set(key, execution);
    const forget = () => {
      if (this.inFlight.get(key) === execution) this.inFlight.delete(key);
    };
    answer.then(forget, forget);
    admitted.then(() => done.then(() => this.admission.release(), () => this.admission.release()), () => undefined);
    done.then((status) => this.options.log({ event: 'query', queryId: status.queryId, caller: start.callerId,
      state: status.state, bytesScanned: status.bytesScanned, engineMs: status.engineMs, queueMs: status.queueMs,
      reused: status.reusedPreviousResult, ...(status.error ? { error: status.error.message.slice(0, 500) } : {}) }),
    () => undefined);
    return execution;
  }

  private async answerFinished(token: QueryToken, status: EngineQueryStatus): Promise<{ status: 200; body: QueryResultResponse }> {
    assertSucceeded(status);
    const page = await readFirstPage(this.options.engine, token, this.options.page);
    return { status: 200, body: toResultResponse(token, { ...page, index: 0 }, statsOf(status, this.engineName, false)) };
  }

  private async answerFromCache(entry: CachedResult): Promise<QueryAnswer> {
    if (!entry.firstPage) {
      // Multi-page results: the engine's result is re-read (no new execution), so the answer is still "cached".
      const answer = await this.answerFinished(entry.token, entry.status);
      return { status: 200, body: { ...answer.body, stats: { ...answer.body.stats, cached: true } } };
    }
    const stats = statsOf(entry.status, this.engineName, true);
    return { status: 200, body: toResultResponse(entry.token, { ...entry.firstPage, index: 0 }, stats) };
  }

  /**
   * How old an engine-side stored result may be (Athena result reuse, docs/athena.md#result-reuse): never older
   * than this table's cache freshness, and never from before Looker Studio's lastRefresh — a "refresh data" in the
   * current minute turns reuse off for this query.
   */
  private reuseMaxAgeOf(table: TableDescription, notBefore: number): number {
    const cacheMinutes = Math.floor(this.cacheTtlOf(table) / 60_000);
    if (notBefore <= 0) return cacheMinutes;
    return Math.max(0, Math.min(cacheMinutes, Math.floor((this.options.now() - notBefore) / 60_000)));
  }

  private cacheTtlOf(table: TableDescription): number {
    return this.options.cache.ttlByTable?.[`${table.database}.${table.table}`] ?? this.options.cache.ttlMs;
  }

  private remember(key: string, token: QueryToken, status: EngineQueryStatus, body: QueryResultResponse, ttlMs: number): void {
    const single = body.page.count === 1;
    const bytes = single ? JSON.stringify(body.rows).length + 512 : 512;
    const firstPage = single
      ? { rows: body.rows, totalRows: body.page.totalRows, truncated: body.truncated === true, pageRows: Math.max(1, body.rows.length) }
      : undefined;
    this.cache.set(key, { token, status, firstPage }, bytes, ttlMs);
  }

  private describe(database: string, table: string): Promise<TableDescription> {
    const key = `${database}\u0000${table}`;
    const hit = this.tables.get(key);
    if (hit && this.options.now() - hit.at < this.options.catalogTtlMs) return hit.table;
    const described = this.options.engine.describeTable(database, table);
    this.tables.set(key, { table: described, at: this.options.now() });
    described.catch(() => this.tables.delete(key));
    return described;
  }
}

function pending(token: QueryToken, state: 'QUEUED' | 'RUNNING'): QueryAnswer {
  return { status: 202, body: { queryId: encodeQueryToken(token), state, retryAfterMs: 1000 } };
}


function assertSucceeded(status: EngineQueryStatus): void {
  if (status.state === 'SUCCEEDED') return;
  if (status.state === 'CANCELLED') throw new QueryCancelledError(status.queryId);
  const error = status.error ?? { category: 'SYSTEM' as const, kind: 'OTHER' as const, message: 'The query failed.' };
  if (error.kind === 'SCAN_LIMIT') throw new ScanLimitExceededError(error.message);
  // A user error's text is about the query and helps the caller; a system error's text may name server paths or
  // buckets, so the caller gets a generic message (the detail is in the query's log line).
  const message = error.category === 'USER' ? error.message : 'The query engine failed while running the query.';
  throw new QueryFailedError(message, error.category, { queryId: status.queryId });
}

function statsOf(status: EngineQueryStatus, engine: QueryStats['engine'], cached: boolean): QueryStats {
  return {
    engine,
    bytesScanned: status.bytesScanned,
    engineMs: status.engineMs,
    queueMs: status.queueMs,
    reusedPreviousResult: status.reusedPreviousResult,
    cached,
  };
}
