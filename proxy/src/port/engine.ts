/**
 * The engine port, owned by the core: what the proxy needs from a query engine. Engines (proxy/src/engines/*)
 * implement it and are built by one composition root (proxy/src/engines/registry.ts); every engine passes the one
 * engine contract suite in test/engine-contract. Nothing outside an engine's folder knows which engine runs.
 *
 * Values cross the port as text, exactly as Athena prints them in its result CSV (`null` for SQL NULL, distinct
 * from ''), so one pure formatter (proxy/src/values) turns them into Looker Studio values whatever the engine.
 */
import type { ColumnInfo, SkippedData, TableProblem } from '../../../protocol/contract';

/** What the catalog knows about a table. */
export interface TableDescription {
  database: string;
  table: string;
  /** Data columns then partition keys, as Glue lists them. */
  columns: ColumnInfo[];
  /** Table parameters (e.g. Athena partition projection `projection.dt.type`), empty when none. */
  properties: Record<string, string>;
  /** True for views (no partition pruning, no storage location). */
  isView: boolean;
  /** Where the table's data lives (Glue's StorageDescriptor.Location), when the catalog says. */
  location?: string;
  /** Data the engine leaves out of this table's answers, with reasons (docs/lakes.md#messy-files). */
  problems?: TableProblem[];
}

export type EngineQueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface EngineQueryStatus {
  queryId: string;
  state: EngineQueryState;
  bytesScanned: number;
  engineMs: number;
  queueMs: number;
  reusedPreviousResult: boolean;
  /**
   * Present when state is FAILED. `kind` lets the proxy map it without parsing engine text; `RESOURCES` means the
   * engine ran out of memory under load (busy, retry later), not that the query is wrong; `DATA` means a file of a
   * table cannot be read (the data's fault, not the query's), with `data` naming it. `message` never holds an
   * absolute path or a bucket: engines scrub their own.
   */
  error?: EngineFailure;
  /** Present on a SUCCEEDED query that skipped unreadable data it would have read. */
  skipped?: EngineSkipped;
}

/**
 * What a query skipped, with the files it left out whole (relative to their table's folder): an engine double uses
 * them to fail where the real engine cannot skip (docs/athena.md#data-errors). Never shown to a caller as is.
 */
export interface EngineSkipped extends SkippedData {
  leftOut?: { table: string; file: string; reason: string }[];
}

/** Why an engine query failed. */
export interface EngineFailure {
  category: 'USER' | 'SYSTEM';
  kind: 'SCAN_LIMIT' | 'SYNTAX' | 'RESOURCES' | 'DATA' | 'OTHER';
  message: string;
  /** For kind DATA: the table and the file relative to the table's folder or storage location, when known. */
  data?: { table?: string; file?: string };
}

/** A slice of a finished query's result. Values are Athena-CSV-style text, `null` for NULL. */
export interface ResultSlice {
  rows: (string | null)[][];
  /** Total rows in the result (known once the query succeeded). */
  totalRows: number;
}

export interface StartOptions {
  /** Stable identity of the caller (part of Athena's ClientRequestToken, never a secret). */
  callerId: string;
  /**
   * Upper bound, in minutes, on the age of an engine-side stored result the engine may answer with instead of
   * running the query (Athena result reuse): 0 after a Looker Studio "refresh data" or any cache bypass. Engines
   * without such reuse ignore it; absent means the engine's configured maximum.
   */
  reuseMaxAgeMinutes?: number;
  /**
   * Results computed before this instant (epoch ms) must not be reused: Looker Studio's lastRefresh, or new data
   * landed (docs/events.md#freshness). Part of Athena's ClientRequestToken, so every "refresh data" is a new request
   * to Athena and can never be handed an execution from before it.
   */
  notBefore?: number;
  /**
   * What a listing of the partitions the query reads says they hold (day tiles, docs/tiles.md): an upper bound
   * on the bytes it scans. Engines that measure the bytes they scan ignore it; one that only estimates (DuckDB
   * reports its tables' sizes) reports at most this.
   */
  scanBytesBound?: number;
}

/**
 * How a table's partitions resolve to days: one partition key holding `YYYY-MM-DD` days, or `year`/`month`/`day`
 * keys. Day tiles (docs/tiles.md) list a day's partitions through it; engines map it to folders or S3 prefixes.
 */
export type DayPartitionLayout = { kind: 'day'; key: string } | { kind: 'calendar'; keys: [string, string, string] };

/** One data object of a partition: its key (path or S3 key), size and version (ETag or mtime). */
export interface PartitionObject {
  key: string;
  bytes: number;
  version: string;
}

/**
 * How often the proxy should poll the engine's status while a query runs: a remote, rate-limited status API wants
 * a slow back-off, an in-process lookup a brisk one. Delays grow from `firstDelayMs` to `maxDelayMs`.
 */
export interface PollAdvice {
  firstDelayMs: number;
  maxDelayMs: number;
}

export interface Engine {
  /** Free-form name the engine reports (`duckdb`, `athena`, …): shown in health answers, stats and logs only. */
  readonly name: string;
  readonly poll: PollAdvice;
  /** Heap the engine keeps for itself (e.g. DuckDB's in-memory results), left out of the proxy's memory budget. */
  readonly reservedHeapBytes?: number;
  listDatabases(): Promise<string[]>;
  listTables(database: string): Promise<string[]>;
  /** Throws UnknownDatabaseError / UnknownTableError for names the catalog does not have. */
  describeTable(database: string, table: string): Promise<TableDescription>;
  /** Starts the query and returns the engine's query id; does not wait for it to finish. */
  startQuery(sql: string, options: StartOptions): Promise<string>;
  getQueryStatus(queryId: string): Promise<EngineQueryStatus>;
  /** Reads rows [offset, offset + limit) of a SUCCEEDED query; stateless, any instance can serve it. */
  readResults(queryId: string, offset: number, limit: number): Promise<ResultSlice>;
  cancelQuery(queryId: string): Promise<void>;
  /**
   * Optional (day tiles, docs/tiles.md): the data objects of each partition day (`YYYY-MM-DD`) of `table` in
   * `layout`, an empty list for a day with none; undefined when the engine cannot resolve this table's storage to
   * days. A listing, never a query: cheap, and it changes whenever a day's data does.
   */
  listDayPartitions?(
    table: TableDescription,
    layout: DayPartitionLayout,
    days: readonly string[],
  ): Promise<ReadonlyMap<string, readonly PartitionObject[]> | undefined>;
  /** Engines that cache their catalog re-read it (after the lake changed, e.g. local event ingestion). */
  refreshCatalog?(): Promise<unknown>;
  /**
   * Optional: a fingerprint of the table's data as it is now (docs/lakes.md#seeing-changes), after the engine has
   * caught up with it; it changes whenever a file of the table is added, changed or removed. The service keys
   * cached descriptions and answers by it, so a file written straight into the lake is seen by the next request.
   * Undefined for a table the engine does not serve (describeTable then says why).
   */
  tableVersion?(database: string, table: string): Promise<string | undefined>;
  /**
   * Optional: resolves once the query has reached a final state (at once for one it does not track), so a waiter
   * is woken instead of sleeping out its poll delay. Engines that cannot tell (Athena) leave it out.
   */
  whenSettled?(queryId: string): Promise<void>;
  close(): Promise<void>;
}
