/**
 * Answers aggregated date-range requests from day tiles (docs/tiles.md): list the partitions the range reads,
 * take every day whose stored tile still matches its partitions' fingerprint, compute the missing days in one
 * engine query grouped by day, store them, and merge exactly. Anything unusual (no listing, a day over the row
 * bound, a value that does not merge exactly, an answer over one page) returns undefined: the direct path answers.
 */
import { createHash } from 'node:crypto';
import type { QueryResultResponse, QuerySpec, QueryStats } from '../../../protocol/contract';
import type { CompileOptions, CompiledQuery } from '../sql';
import type { Engine, EngineQueryStatus, PartitionObject, StartOptions, TableDescription } from '../port';
import { makeRowFormatter } from '../values';
import type { Logger } from '../logger';
import {
  compileTileQuery,
  dayColumnIndex,
  listedBytes,
  DAY_TILE_MAX_ROWS,
  mergeDayRows,
  NotMergeableError,
  partitionDaysOf,
  planDayTiles,
  readAll,
  splitByDay,
  toWindows,
  type TextRow,
  type TilePlan,
  type TileStore,
} from '../tiles';
import { assertSucceeded } from './queryOutcome';
import { toResultResponse } from './resultPages';
import { QUERY_HEAP_BYTES, type Caller, type QueryServiceOptions } from './serviceTypes';
import { admitQuery, type Admission, type MemoryBudget } from '../admission';
import { queryLogRecord } from './queryOutcome';
import { waitForFinalState } from './waitForQuery';
import type { BudgetGuard } from '../budgets';

export interface DayTileDeps {
  engine: Engine;
  store: TileStore;
  log: Logger;
  now: () => number;
  /** Most payload bytes of an answer (one page); a larger merged answer goes the direct path. */
  pageTargetBytes: number;
  /** Daily scan budgets: checked before the missing days' query, charged after (docs/budgets.md). */
  budgets?: BudgetGuard;
  /** Runs one engine query under the service's admission and waits for its final state. */
  run(sql: string, options: StartOptions, caller: Caller): Promise<EngineQueryStatus>;
}

/** What one request brings: the zoned spec, its table, compile options (row filters) and the direct compilation. */
export interface TileRequest {
  spec: QuerySpec;
  table: TableDescription;
  compile: CompileOptions;
  direct: CompiledQuery;
  start: StartOptions;
  caller: Caller;
}

/** Shapes remembered as over the row bound, so they go the direct path without being tried again. */
const MAX_REMEMBERED_SHAPES = 1000;

interface DayState {
  day: number;
  key: string;
  fingerprint: string;
  rows?: TextRow[];
}

export class DayTileAnswers {
  private readonly oversized = new Set<string>();

  constructor(private readonly deps: DayTileDeps) {}

  /** The answer from tiles, or undefined when the request keeps the direct path. */
  async answer(request: TileRequest): Promise<{ status: 200; body: QueryResultResponse } | undefined> {
    const plan = planDayTiles(request.spec, request.table, request.compile, request.direct);
    if (!plan || this.oversized.has(plan.shape) || !this.deps.engine.listDayPartitions) return undefined;
    const partitionDays = [...new Set(plan.days.flatMap((day) => partitionDaysOf(plan, day)))].sort();
    const listing = await this.deps.engine.listDayPartitions(request.table, plan.layout, partitionDays).catch((err) => {
      // Tiles are an optimisation: a listing that fails (permissions, throttling) leaves the direct path.
      this.deps.log({ level: 'warn', event: 'tileListing', error: String((err as Error).message).slice(0, 200) });
      return undefined;
    });
    if (!listing) return undefined;
    const states = await Promise.all(plan.days.map((day) => this.lookUp(plan, day, listing)));
    const missing = states.filter((state) => state.rows === undefined);
    const estimatedBytes = listedBytes(listing, new Set(missing.flatMap((s) => partitionDaysOf(plan, s.day))));
    let status: EngineQueryStatus | undefined;
    if (missing.length > 0) {
      status = await this.compute(request, plan, missing, estimatedBytes);
      if (!status) return undefined;
    }
    let merged: TextRow[];
    try {
      merged = mergeDayRows(
        states.map((state) => state.rows!),
        plan.merge,
      );
    } catch (err) {
      if (err instanceof NotMergeableError) return undefined;
      throw err;
    }
    if (plan.rowLimit !== undefined && merged.length > plan.rowLimit) return undefined;
    const stats: QueryStats = {
      engine: this.deps.engine.name,
      bytesScanned: status?.bytesScanned ?? 0,
      engineMs: status?.engineMs ?? 0,
      queueMs: status?.queueMs ?? 0,
      reusedPreviousResult: status?.reusedPreviousResult ?? false,
      cached: false,
      estimatedBytes,
      tiles: { days: plan.days.length, fromStore: states.length - missing.length, computed: missing.length },
    };
    return this.respond(plan, merged, stats);
  }

  private async lookUp(
    plan: TilePlan,
    day: number,
    listing: ReadonlyMap<string, readonly PartitionObject[]>,
  ): Promise<DayState> {
    const read = partitionDaysOf(plan, day).map((partitionDay) => [partitionDay, listing.get(partitionDay) ?? []]);
    const fingerprint = sha256(JSON.stringify(read));
    const key = sha256(`${this.deps.engine.name}\n${plan.shape}\n${day}`);
    const stored = await this.deps.store.get(key, fingerprint).catch(() => undefined);
    return stored?.fingerprint === fingerprint
      ? { day, key, fingerprint, rows: stored.rows }
      : { day, key, fingerprint };
  }

  /** Computes the missing days in one query, fills their states and stores them; undefined when over the bound. */
  private async compute(
    request: TileRequest,
    plan: TilePlan,
    missing: DayState[],
    estimatedBytes: number,
  ): Promise<EngineQueryStatus | undefined> {
    const query = compileTileQuery(request.spec, request.table, request.compile, toWindows(missing.map((s) => s.day)));
    const budgeted = { caller: request.caller.identity, table: `${request.table.database}.${request.table.table}` };
    await this.deps.budgets?.check({ ...budgeted, estimatedBytes });
    const status = await this.deps.run(query.sql, { ...request.start, scanBytesBound: estimatedBytes }, request.caller);
    await this.deps.budgets
      ?.charge(budgeted, status.bytesScanned)
      .catch((err: Error) => this.deps.log({ level: 'warn', event: 'budgetCharge', error: err.message.slice(0, 200) }));
    assertSucceeded(status);
    // A tile holds rows, not what reading them skipped: days with unreadable data are answered directly, and
    // never stored, so a stored day never hides a skip (docs/lakes.md#messy-files).
    if (status.skipped) return undefined;
    const bound = missing.length * DAY_TILE_MAX_ROWS;
    const slice = await readAll(this.deps.engine, status.queryId, bound + 1);
    const byDay = splitByDay(slice.rows, dayColumnIndex(query, request.spec, request.table), plan.output.length);
    const overBound =
      slice.totalRows > bound || [...(byDay?.values() ?? [])].some((rows) => rows.length > DAY_TILE_MAX_ROWS);
    if (overBound) this.remember(plan.shape);
    const wanted = new Set(missing.map((s) => s.day));
    if (overBound || !byDay || [...byDay.keys()].some((day) => !wanted.has(day))) return undefined;
    for (const state of missing) state.rows = byDay.get(state.day) ?? [];
    await Promise.all(
      missing.map((state) =>
        this.deps.store
          .put(state.key, { fingerprint: state.fingerprint, rows: state.rows! })
          .catch((err: Error) =>
            this.deps.log({ level: 'warn', event: 'tileStoreWrite', error: err.message.slice(0, 200) }),
          ),
      ),
    );
    return status;
  }

  private remember(shape: string): void {
    if (this.oversized.size >= MAX_REMEMBERED_SHAPES) this.oversized.clear();
    this.oversized.add(shape);
  }

  private respond(
    plan: TilePlan,
    merged: TextRow[],
    stats: QueryStats,
  ): { status: 200; body: QueryResultResponse } | undefined {
    const rows = merged.map(makeRowFormatter(plan.output));
    if (Buffer.byteLength(JSON.stringify(rows)) > this.deps.pageTargetBytes) return undefined;
    // No engine result stands behind a tiled answer: its id only names the shape (status calls on it are 404s).
    const handle = {
      engineQueryId: `tiles.${sha256(plan.shape).slice(0, 32)}`,
      filtersApplied: plan.filtersApplied,
      columns: plan.output,
    };
    const page = { rows, totalRows: rows.length, truncated: false, index: 0, pageRows: Math.max(1, rows.length) };
    return { status: 200, body: toResultResponse(handle, page, stats, this.deps.now()) };
  }
}

/** The tile answerer of a query service: its engine, log and clock, runs under its admission. */
export function createDayTileAnswers(
  options: QueryServiceOptions,
  store: TileStore,
  admitted: AdmittedRunContext,
): DayTileAnswers {
  return new DayTileAnswers({
    engine: options.engine,
    store,
    log: options.log,
    now: options.now,
    pageTargetBytes: options.page.pageTargetBytes,
    ...(options.budgets ? { budgets: options.budgets } : {}),
    run: (sql, start, caller) => runAdmitted(admitted, sql, start, caller),
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface AdmittedRunContext {
  options: QueryServiceOptions;
  admission: Admission;
  memory: MemoryBudget;
}

/** Starts `sql` once admitted, waits for its final state, logs it once, and releases the slot. */
export async function runAdmitted(
  { options, admission, memory }: AdmittedRunContext,
  sql: string,
  start: StartOptions,
  caller: Caller,
): Promise<EngineQueryStatus> {
  const { engine, now, sleep, poll } = options;
  const release = await admitQuery(admission, memory, {
    bytes: QUERY_HEAP_BYTES,
    maxWaitMs: options.waitBudgetMs,
    sleep,
  });
  try {
    const engineQueryId = await engine.startQuery(sql, start);
    const status = await waitForFinalState(engine, engineQueryId, { now, sleep, ...poll });
    options.log(queryLogRecord(status, caller));
    return status;
  } finally {
    release();
  }
}
