/**
 * The DuckDB engine's two shapes: what it offers beyond the port (catalog control, settled queries) and what its
 * factory hands it once DuckDB is open. Apart from engine.ts so the class file holds behaviour only, and so
 * readers of the contract need not read the implementation; engine.ts re-exports both.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Engine, PollAdvice } from '../../port';
import type { LakeCatalog } from './lake';
import type { InlineLimits } from './results';
import type { JobQueue } from './jobQueue';

/** The DuckDB engine: the port plus catalog control. */
export interface DuckDbEngine extends Engine {
  readonly name: 'duckdb';
  readonly poll: PollAdvice;
  /** Where result files are written (Athena's OutputLocation here). */
  readonly resultsDir: string;
  /** The last discovery: served tables and the folders or columns left out, with reasons. */
  catalog(): LakeCatalog;
  /** Re-scans the whole lake folder and re-registers every table (requests otherwise re-register only a table
   *  whose folder changed, lake/liveCatalog.ts). */
  refreshCatalog(): Promise<LakeCatalog>;
  /** Always present here: DuckDB knows when its own queries end. */
  whenSettled(queryId: string): Promise<void>;
}

/** What the factory hands the engine once DuckDB is open. */
export interface EngineSetup {
  instance: DuckDBInstance;
  /** The connection for catalog work (views, discovery). */
  meta: DuckDBConnection;
  lakeDir: string;
  database: string;
  resultsDir: string;
  /** The engine's own temp folder, removed by close(). */
  workDir: string;
  ttlMs: number;
  /** Runs queries in the background, a limited number at once. */
  queue: JobQueue;
  /** When results stay in memory instead of a file. */
  inline: InlineLimits;
  /** Most estimated heap bytes one page read from a result file may take; a larger page is refused (400). */
  maxPageBytes: number;
  logger: { warn(message: string, details?: Record<string, unknown>): void };
  now: () => number;
}
