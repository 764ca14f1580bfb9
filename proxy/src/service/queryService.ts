/**
 * Orchestrates the proxy's use cases over an injected engine: catalog, table schema, start/poll/page/cancel.
 *
 * Cost and speed (docs/architecture.md#design-decisions, decisions 5–7): requests that compile to the same query (row filters included) share one engine execution while
 * it runs and a byte-bounded cache afterwards, whoever asks; the start call waits a short budget, then answers 202
 * so the caller polls; status and page calls are stateless (the query handle) and bound to the caller (the sealer).
 */
import { createHash } from 'node:crypto';
import type { CatalogResponse, QueryResultResponse, QuerySpec, TableSchemaResponse } from '../../../protocol/contract';
import { compileQuery, type CompiledQuery } from '../sql';
import { deriveTableSchema } from '../fields';
import type { EngineQueryStatus, TableDescription } from '../port';
import {
  assertSucceeded,
  forgetUnknown,
  pending,
  queryLogRecord,
  statsOf,
  toCacheEntry,
  withEstimate,
} from './queryOutcome';
import { estimateScanBytes } from '../budgets';
import type { QueryHandle } from './queryHandle';
import { QueryHandleSealer } from './handleSealer';
import { authorizeTable, visibleCatalog } from './authorizeTable';
import { Admission, admitQuery } from '../admission';
import { TableDescriptions } from './tableDescriptions';
import { MemoryBudget } from '../admission';
import { ResultCache } from './resultCache';
import { readFirstPage, readPage, toResultResponse } from './resultPages';
import { raceWithBudget, waitForFinalState } from './waitForQuery';
import { notBeforeOf, reuseMaxAgeMinutes } from './freshness';
import { createDayTileAnswers, type DayTileAnswers } from './dayTileAnswers';
import {
  PAGE_HEAP_FACTOR,
  QUERY_HEAP_BYTES,
  type CachedResult,
  type Caller,
  type Execution,
  type QueryAnswer,
  type QueryServiceOptions,
} from './serviceTypes';

export type { Caller, QueryAnswer, QueryServiceOptions } from './serviceTypes';

/** One engine execution to start: what it runs, for whom, how fresh its answer must be, and its handle's plan. */
interface LaunchRequest {
  /** The key identical requests share the execution and its cache entry under. */
  key: string;
  table: TableDescription;
  sql: string;
  caller: Caller;
  /** The caller's max cache age (seconds), when it asked for one. */
  maxAge?: number;
  /** Engine result reuse allowed (minutes). */
  reuse: number;
  /** Nothing computed before this instant may answer (epoch ms; 0 = no bound). */
  notBefore: number;
  plan: Omit<QueryHandle, 'engineQueryId'>;
  /** The zoned spec, for the scan bound checked against the budgets. */
  spec: QuerySpec;
}

/** What the query handle records of a compiled query besides the engine's id. */
function handlePlanOf(compiled: CompiledQuery): Omit<QueryHandle, 'engineQueryId'> {
  return {
    filtersApplied: compiled.filtersApplied,
    ...(compiled.rowLimit === undefined ? {} : { rowLimit: compiled.rowLimit }),
    columns: compiled.output.map(({ name, dataType, format }) => ({ name, dataType, format })),
  };
}

export class QueryService {
  private readonly cache: ResultCache<CachedResult>;
  private readonly inFlight = new Map<string, Execution>();
  /** When each `database.table` last received new data (markTableChanged). */
  private readonly tableChangedAt = new Map<string, number>();
  private readonly tables: TableDescriptions;
  private readonly admission: Admission;
  private readonly handles: QueryHandleSealer;
  private readonly memory: MemoryBudget;

  private readonly tiles?: DayTileAnswers;

  constructor(private readonly options: QueryServiceOptions) {
    this.handles = options.handles ?? new QueryHandleSealer();
    this.tables = new TableDescriptions(options.engine, options.catalogTtlMs, options.now);
    this.cache = new ResultCache({ ...options.cache, now: options.now });
    this.admission = new Admission(options.admission.maxRunning, options.admission.maxQueued);
    this.memory = new MemoryBudget(options.memory?.budgetBytes ?? Number.MAX_SAFE_INTEGER);
    const admitted = { options, admission: this.admission, memory: this.memory };
    this.tiles = options.tiles && createDayTileAnswers(options, options.tiles.store, admitted);
  }

  get engineName() {
    return this.options.engine.name;
  }

  async catalog(caller?: Caller): Promise<CatalogResponse> {
    const { engine } = this.options;
    const names = await engine.listDatabases();
    const databases = await Promise.all(names.map(async (name) => ({ name, tables: await engine.listTables(name) })));
    return caller ? visibleCatalog(this.options.accessRules, caller.identity, { databases }) : { databases };
  }

  async tableSchema(
    database: string,
    table: string,
    aggregate: boolean,
    caller?: Caller,
  ): Promise<TableSchemaResponse> {
    if (caller) authorizeTable(this.options.accessRules, caller.identity, { database, table }, this.options.log);
    return deriveTableSchema(await this.tables.describe(database, table), aggregate);
  }

  async startQuery(spec: QuerySpec, caller: Caller): Promise<QueryAnswer> {
    const { table, compiled, key, tileInput } = await this.compileFor(spec, caller);
    const maxAge = spec.maxCacheAgeSeconds;
    const notBefore = notBeforeOf(
      spec,
      this.tableChangedAt.get(`${spec.database}.${spec.table}`) ?? 0,
      this.options.now(),
    );
    const hit = await this.cachedAnswer(key, notBefore);
    if (hit) return this.bind(hit, caller);
    const reuse = reuseMaxAgeMinutes(this.cacheTtlOf(table), notBefore, this.options.now(), maxAge);
    const start = { callerId: caller.identity, reuseMaxAgeMinutes: reuse, ...(notBefore > 0 ? { notBefore } : {}) };
    const tiled = await this.tiles?.answer({ ...tileInput, table, direct: compiled, start, caller });
    if (tiled) return this.bind(tiled, caller);

    const running = this.inFlight.get(key);
    const joinable = running && running.startedAt >= notBefore ? running : undefined;
    const execution =
      joinable ??
      this.launch({
        key,
        table,
        sql: compiled.sql,
        caller,
        maxAge,
        reuse,
        notBefore,
        plan: handlePlanOf(compiled),
        spec: tileInput.spec,
      });
    const handle = await execution.handle;
    const answer = await raceWithBudget(execution.answer, this.options.waitBudgetMs, this.options.sleep);
    return this.bind(answer ?? pending(handle, 'RUNNING'), caller);
  }

  /** The caller's row filters applied, the spec compiled for its table, and the key its answer is shared under. */
  private async compileFor(spec: QuerySpec, caller: Caller) {
    const rowFilters = authorizeTable(this.options.accessRules, caller.identity, spec, this.options.log);
    const { table, version } = await this.tables.describeVersioned(spec.database, spec.table);
    const zoned = { ...spec, timeZone: spec.timeZone ?? this.options.defaultTimeZone };
    const compile = { maxRows: this.options.maxRows, sampleRows: this.options.sampleRows, rowFilters };
    const compiled = compileQuery(zoned, table, compile);
    // The plan is part of the key: two specs can compile to the same SQL yet differ in filtersApplied (a filter
    // that falls back adds nothing to the SQL), and the answer must say which.
    const plan = JSON.stringify([compiled.filtersApplied, compiled.rowLimit ?? null, compiled.output]);
    // Keyed by what determines the answer — the compiled SQL, which carries the caller's row filters, and the
    // table's data version (a file written straight into the lake is a new key) — never by who asked: viewers under
    // the same rules share one execution and one cache entry; different rules never do.
    const data = version ?? '';
    const key = createHash('sha256').update(`${this.engineName}\n${data}\n${plan}\n${compiled.sql}`).digest('hex');
    return { table, compiled, key, tileInput: { spec: zoned, compile } };
  }

  /**
   * The cached answer for `key`, if one is fresh enough. A cached multi-page answer re-reads the engine's result; if
   * the engine has dropped it (expired, or an evicted in-memory result), the entry is stale: it is forgotten and the
   * query runs again.
   */
  private async cachedAnswer(key: string, notBefore: number): Promise<QueryAnswer | undefined> {
    const cached = this.cache.get(key, notBefore);
    if (!cached) return undefined;
    return this.answerFromCache(cached.value, cached.storedAt).catch(forgetUnknown(this.cache, key));
  }

  /** New data landed in a table (local event ingestion): results computed before now are no longer served from cache. */
  markTableChanged(database: string, table: string): void {
    this.tableChangedAt.set(`${database}.${table}`, this.options.now());
  }

  /** A query id issued to another caller, or forged, is a 404 before the engine is asked. */
  async getQuery(rawHandle: string, rawCursor: string | undefined, caller: Caller): Promise<QueryAnswer> {
    const handle = this.handles.openQueryId(rawHandle, caller.identity);
    const cursor =
      rawCursor === undefined
        ? undefined
        : this.handles.openCursor(rawCursor, rawHandle, caller.identity, this.options.page.maxPageRows);
    const status = await this.options.engine.getQueryStatus(handle.engineQueryId);
    if (status.state === 'QUEUED' || status.state === 'RUNNING')
      return this.bind(pending(handle, status.state), caller);
    if (!cursor) return this.bind(await this.answerFinished(handle, status), caller);
    assertSucceeded(status);
    const answer = await this.chargePage(async () => {
      const page = await readPage(this.options.engine, handle, cursor.offset, cursor.limit);
      const index = Math.floor(cursor.offset / cursor.limit);
      const stats = statsOf(status, this.engineName, false);
      return {
        status: 200 as const,
        body: toResultResponse(handle, { ...page, index, pageRows: cursor.limit }, stats, this.options.now()),
      };
    });
    return this.bind(answer, caller);
  }

  async cancelQuery(rawHandle: string, caller: Caller): Promise<void> {
    await this.options.engine.cancelQuery(this.handles.openQueryId(rawHandle, caller.identity).engineQueryId);
  }

  /** Seals the query id and cursors of an answer for the caller it goes to (the cached answer itself is shared). */
  private bind(answer: QueryAnswer, caller: Caller): QueryAnswer {
    return this.handles.sealAnswer(answer, caller.identity);
  }

  /**
   * Starts one engine execution for `key` and registers it, so identical requests share it until its first page
   * is read and cached (the entry only leaves the in-flight map once the cache can answer).
   */
  private launch(request: LaunchRequest): Execution {
    const startedAt = this.options.now();
    const { admitted, handle, done } = this.startExecution(request);
    const answer = Promise.all([handle, done]).then(([t, status]) => this.cacheFinished(request, t, status, startedAt));
    const execution = { startedAt, handle, answer };
    this.inFlight.set(request.key, execution);
    const forget = () => {
      if (this.inFlight.get(request.key) === execution) this.inFlight.delete(request.key);
    };
    answer.then(forget, forget);
    admitted.then(
      (release) => done.then(release, release),
      () => undefined,
    );
    done.then(
      (status) => {
        this.options.log(queryLogRecord(status, request.caller));
        this.charge(request, status.bytesScanned);
      },
      () => undefined,
    );
    return execution;
  }

  /**
   * The scan bound, checked against the budgets before anything else; then admission and the engine. The final
   * status carries the bound, so every answer of this execution reports it.
   */
  private startExecution(request: LaunchRequest) {
    const { engine, now, sleep, poll } = this.options;
    const bound = this.budgetChecked(request);
    const admitted = bound.then(() =>
      admitQuery(this.admission, this.memory, { bytes: QUERY_HEAP_BYTES, maxWaitMs: this.options.waitBudgetMs, sleep }),
    );
    const handle = Promise.all([bound, admitted])
      .then(([estimatedBytes]) =>
        engine.startQuery(request.sql, {
          callerId: request.caller.identity,
          reuseMaxAgeMinutes: request.reuse,
          ...(request.notBefore > 0 ? { notBefore: request.notBefore } : {}),
          ...(estimatedBytes === undefined ? {} : { scanBytesBound: estimatedBytes }),
        }),
      )
      .then((engineQueryId) => ({ ...request.plan, engineQueryId }));
    const done = Promise.all([handle, bound]).then(async ([t, estimatedBytes]) =>
      withEstimate(await waitForFinalState(engine, t.engineQueryId, { now, sleep, ...poll }), estimatedBytes),
    );
    return { admitted, handle, done };
  }

  /** The bytes the query may read (docs/budgets.md#the-estimate); BUDGET_EXCEEDED when they do not fit. */
  private async budgetChecked(request: LaunchRequest): Promise<number | undefined> {
    const estimatedBytes = await estimateScanBytes(this.options.engine, request.spec, request.table);
    const table = `${request.table.database}.${request.table.table}`;
    await this.options.budgets?.check({ caller: request.caller.identity, table, estimatedBytes });
    return estimatedBytes;
  }

  /** Counts what an execution scanned against its caller's and table's budgets (a failed count is logged). */
  private charge(request: LaunchRequest, bytesScanned: number): void {
    const table = `${request.table.database}.${request.table.table}`;
    this.options.budgets?.charge({ caller: request.caller.identity, table }, bytesScanned).catch((err: Error) => {
      this.options.log({ level: 'warn', event: 'budgetCharge', error: err.message.slice(0, 200) });
    });
  }

  /** A finished execution's first answer, kept in the cache for the data source's lifetime or the asked max age. */
  private async cacheFinished(
    request: LaunchRequest,
    handle: QueryHandle,
    status: EngineQueryStatus,
    startedAt: number,
  ): Promise<{ status: 200; body: QueryResultResponse }> {
    // Read "as of" the start: the instant the cache judges this answer by, so a cached copy reports the same time.
    const finished = await this.answerFinished(handle, status, false, startedAt);
    // A data source's own lifetime also decides how long its results are kept (at most MAX_CACHE_AGE_SECONDS).
    const entry = toCacheEntry(handle, status, finished.body);
    const ttlMs = request.maxAge === undefined ? this.cacheTtlOf(request.table) : request.maxAge * 1000;
    this.cache.set(request.key, entry.value, entry.bytes, { ttlMs, computedAt: startedAt });
    return finished;
  }

  private async answerFinished(
    handle: QueryHandle,
    status: EngineQueryStatus,
    cached = false,
    readAt = this.options.now(),
  ): Promise<{ status: 200; body: QueryResultResponse }> {
    assertSucceeded(status);
    return this.chargePage(async () => {
      const page = await readFirstPage(this.options.engine, handle, this.options.page);
      const stats = statsOf(status, this.engineName, cached);
      return { status: 200 as const, body: toResultResponse(handle, { ...page, index: 0 }, stats, readAt) };
    });
  }

  /** Builds a page while holding its share of the memory budget (waits for it, or 429). */
  private chargePage<T>(build: () => Promise<T>): Promise<T> {
    const bytes = this.options.page.pageTargetBytes * PAGE_HEAP_FACTOR;
    return this.memory.charged(bytes, this.options.waitBudgetMs, this.options.sleep, build);
  }

  private async answerFromCache(entry: CachedResult, storedAt: number): Promise<QueryAnswer> {
    if (!entry.firstPage) {
      // Multi-page results: the engine's result is re-read (no new execution), so the answer is still "cached".
      return this.answerFinished(entry.handle, entry.status, true, storedAt);
    }
    const stats = statsOf(entry.status, this.engineName, true);
    return { status: 200, body: toResultResponse(entry.handle, { ...entry.firstPage, index: 0 }, stats, storedAt) };
  }

  private cacheTtlOf(table: TableDescription): number {
    return this.options.cache.ttlByTable?.[`${table.database}.${table.table}`] ?? this.options.cache.ttlMs;
  }
}
