/**
 * The embedded engine: DuckDB (`@duckdb/node-api`) over a local lake folder, running the compiler's Trino SQL
 * unchanged through a few macros. Behaves like Athena behind the same port: queries run in the background, results
 * land in files (stateless paging), values come back as Athena's CSV text.
 *
 * Each running query holds one libuv threadpool thread for its whole run (the bindings run statements there), so
 * the host process should set UV_THREADPOOL_SIZE above maxConcurrentQueries, or file I/O waits for queries.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { InvalidRequestError, QueryCancelledError, QueryFailedError, UnknownDatabaseError, UnknownQueryError, UnknownTableError } from '../../errors';
import type { Engine, EngineQueryStatus, ResultSlice, StartOptions, TableDescription } from '../port';
import { buildCatalog, type LakeCatalog } from './catalog';
import { createJobQueue, type JobQueue } from './jobQueue';
import { scanLake } from './lakeLayout';
import { isQueryId, pruneResultFiles, readResultSlice, resultFile } from './resultStore';
import { runQuery, statusOf, type QueryRecord, type RunContext } from './queryRun';
import type { TableReference } from './tableReferences';
import { openSandboxedDuckDb } from './sandbox';

export interface DuckDbEngineOptions {
  /** The lake: one sub-folder per table of hive-partitioned JSON lines / Parquet / CSV files. */
  lakeDir: string;
  /** The one database the lake appears as; default `lake`. Lower-case letters, digits and `_`. */
  database?: string;
  /** Where result files go (like Athena's OutputLocation); default a temp folder removed by close(). */
  resultsDir?: string;
  threads?: number;
  /** DuckDB memory limit, e.g. `2GB`. */
  memoryLimit?: string;
  /** Queries running at once; later ones wait QUEUED. Default 4. */
  maxConcurrentQueries?: number;
  /** Results and query records older than this are deleted; default 24 hours. */
  resultTtlMs?: number;
  logger?: { warn(message: string, details?: Record<string, unknown>): void };
  /** Clock in epoch ms (tests inject one). */
  now?: () => number;
}

/** The DuckDB engine: the port plus catalog control. */
export interface DuckDbEngine extends Engine {
  readonly name: 'duckdb';
  /** The last discovery: served tables and the folders or columns left out, with reasons. */
  catalog(): LakeCatalog;
  /** Re-scans the lake folder and re-registers its tables (discovery otherwise runs once, at start). */
  refreshCatalog(): Promise<LakeCatalog>;
}

const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

class DuckDbLakeEngine implements DuckDbEngine {
  readonly name = 'duckdb' as const;
  private lake: LakeCatalog;
  private readonly queries = new Map<string, QueryRecord>();
  private readonly queue: JobQueue;
  private refreshing: Promise<unknown> = Promise.resolve();
  private lastPruneMs: number;
  private closed = false;
  private readonly runContext: RunContext;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly meta: DuckDBConnection,
    private readonly settings: { lakeDir: string; database: string; resultsDir: string; ownedDir?: string; ttlMs: number },
    private readonly options: DuckDbEngineOptions,
  ) {
    this.lake = { database: settings.database, tables: new Map(), problems: [] };
    this.queue = createJobQueue(options.maxConcurrentQueries ?? 4);
    this.lastPruneMs = this.now();
    this.runContext = {
      instance,
      resultsDir: settings.resultsDir,
      now: () => this.now(),
      bytesOf: (tables) => this.bytesOf(tables),
    };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  catalog(): LakeCatalog {
    return this.lake;
  }

  refreshCatalog(): Promise<LakeCatalog> {
    // Refreshes share the one catalog connection, so they run one after another.
    const next = this.refreshing.then(async () => {
      const scan = await scanLake(this.settings.lakeDir);
      this.lake = await buildCatalog(this.meta, this.settings.database, scan);
      for (const problem of this.lake.problems) this.options.logger?.warn(`Lake folder left out of the catalog or trimmed: ${problem.reason}`, { ...problem });
      return this.lake;
    });
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  async listDatabases(): Promise<string[]> {
    return [this.settings.database];
  }

  async listTables(database: string): Promise<string[]> {
    if (database !== this.settings.database) throw new UnknownDatabaseError(database);
    return [...this.lake.tables.keys()].sort();
  }

  async describeTable(database: string, table: string): Promise<TableDescription> {
    if (database !== this.settings.database) throw new UnknownDatabaseError(database);
    const found = this.lake.tables.get(table);
    if (!found) throw new UnknownTableError(database, table);
    return found.description;
  }

  async startQuery(sql: string, _options: StartOptions): Promise<string> {
    if (this.closed) throw new InvalidRequestError('The DuckDB engine is closed.');
    const record: QueryRecord = { id: randomUUID(), sql, state: 'QUEUED', submittedAt: this.now(), bytesScanned: 0, cancelRequested: false };
    this.queries.set(record.id, record);
    this.queue.submit(record.id, () => runQuery(record, this.runContext));
    this.pruneExpired();
    return record.id;
  }

  /**
   * The bytes-scanned estimate: the size of every file in the lake tables the query names (DuckDB reports no scan
   * statistics). An upper bound, since partition pruning is not subtracted.
   */
  private bytesOf(tables: TableReference[]): number {
    const names = tables.filter((t) => t.schema === '' || t.schema === this.settings.database).map((t) => t.table);
    return [...new Set(names)].reduce((sum, name) => sum + (this.lake.tables.get(name)?.bytes ?? 0), 0);
  }

  async getQueryStatus(queryId: string): Promise<EngineQueryStatus> {
    const record = this.queries.get(queryId);
    if (record) return statusOf(record, this.now());
    // A result written by an earlier engine on the same results folder is still a finished query.
    if (this.hasResultFile(queryId)) {
      return { queryId, state: 'SUCCEEDED', bytesScanned: 0, engineMs: 0, queueMs: 0, reusedPreviousResult: false };
    }
    throw new UnknownQueryError(queryId);
  }

  async readResults(queryId: string, offset: number, limit: number): Promise<ResultSlice> {
    if (![offset, limit].every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new InvalidRequestError('offset and limit must be non-negative integers.', { offset, limit });
    }
    const record = this.queries.get(queryId);
    if (record?.state === 'FAILED') throw new QueryFailedError(record.error?.message ?? 'Query failed.', record.error?.category ?? 'SYSTEM');
    if (record?.state === 'CANCELLED') throw new QueryCancelledError(queryId);
    if (record && record.state !== 'SUCCEEDED') throw new InvalidRequestError(`Query "${queryId}" has not finished (${record.state}).`);
    if (!this.hasResultFile(queryId)) throw new UnknownQueryError(queryId);
    const connection = await this.instance.connect();
    try {
      return await readResultSlice(connection, resultFile(this.settings.resultsDir, queryId), offset, limit);
    } finally {
      connection.closeSync();
    }
  }

  async cancelQuery(queryId: string): Promise<void> {
    const record = this.queries.get(queryId);
    if (!record) {
      if (this.hasResultFile(queryId)) return;
      throw new UnknownQueryError(queryId);
    }
    if (record.state !== 'QUEUED' && record.state !== 'RUNNING') return;
    record.cancelRequested = true;
    record.state = 'CANCELLED';
    if (this.queue.withdraw(queryId)) record.finishedAt = this.now();
    record.connection?.interrupt();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.queries.keys()].map((id) => this.cancelQuery(id)));
    await this.queue.idle();
    await this.refreshing;
    this.meta.closeSync();
    this.instance.closeSync();
    if (this.settings.ownedDir) await fs.rm(this.settings.ownedDir, { recursive: true, force: true });
  }

  private hasResultFile(queryId: string): boolean {
    return isQueryId(queryId) && existsSync(resultFile(this.settings.resultsDir, queryId));
  }

  /** Drops expired records and result files, at most every tenth of the TTL; runs in the background. */
  private pruneExpired(): void {
    const now = this.now();
    if (now - this.lastPruneMs < this.settings.ttlMs / 10) return;
    this.lastPruneMs = now;
    const cutoff = now - this.settings.ttlMs;
    for (const [id, record] of this.queries) {
      if (record.finishedAt !== undefined && record.finishedAt < cutoff) this.queries.delete(id);
    }
    pruneResultFiles(this.settings.resultsDir, cutoff).catch((err: Error) =>
      this.options.logger?.warn('Could not prune old result files', { error: err.message }),
    );
  }
}

/** Opens DuckDB over `lakeDir`, installs the Trino macros, sandboxes file access and discovers the catalog. */
export async function createDuckDbEngine(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
  const database = options.database ?? 'lake';
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`Database name "${database}" must use only a-z, 0-9 and _.`);
  const lakeDir = path.resolve(options.lakeDir);
  if (!(await fs.stat(lakeDir).catch(() => undefined))?.isDirectory()) throw new Error(`Lake folder not found: ${lakeDir}`);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'duckdb-engine-'));
  const resultsDir = path.resolve(options.resultsDir ?? path.join(workDir, 'results'));
  const { instance, connection } = await openSandboxedDuckDb({
    ...options,
    readDirs: [lakeDir],
    writeDirs: [resultsDir, workDir],
    spillDir: path.join(workDir, 'spill'),
  }).catch(async (err: unknown) => {
    await fs.rm(workDir, { recursive: true, force: true });
    throw err;
  });
  const engine = new DuckDbLakeEngine(
    instance,
    connection,
    { lakeDir, database, resultsDir, ownedDir: workDir, ttlMs: options.resultTtlMs ?? DEFAULT_TTL_MS },
    { ...options, logger: options.logger ?? { warn: (message, details) => console.warn(message, details ?? '') } },
  );
  try {
    await engine.refreshCatalog();
  } catch (err) {
    await engine.close();
    throw err;
  }
  return engine;
}
