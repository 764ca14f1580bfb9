/**
 * The engine port: what the proxy needs from a query engine. DuckDB (embedded, local) and Athena (distributed)
 * both implement it, and both pass the one engine contract suite in test/engine-contract.
 *
 * Values cross the port as text, exactly as Athena prints them in its result CSV (`null` for SQL NULL, distinct
 * from ''), so one pure formatter (proxy/src/core) turns them into Looker Studio values whatever the engine.
 */
import type { ColumnInfo } from '../contract';

export type EngineName = 'duckdb' | 'athena';

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
}

export type EngineQueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface EngineQueryStatus {
  queryId: string;
  state: EngineQueryState;
  bytesScanned: number;
  engineMs: number;
  queueMs: number;
  reusedPreviousResult: boolean;
  /** Present when state is FAILED. `kind` lets the proxy map it without parsing engine text. */
  error?: { category: 'USER' | 'SYSTEM'; kind: 'SCAN_LIMIT' | 'SYNTAX' | 'OTHER'; message: string };
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
   * Looker Studio's lastRefresh (epoch ms), when the request carries one. Part of Athena's ClientRequestToken, so
   * every "refresh data" is a new request to Athena and can never be handed an execution from before it.
   */
  notBefore?: number;
}

export interface Engine {
  readonly name: EngineName;
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
  close(): Promise<void>;
}
