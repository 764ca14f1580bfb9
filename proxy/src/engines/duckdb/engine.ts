/**
 * The embedded engine behind the port: the catalog of the lake, a queue of background queries on their own
 * connections, results read back from files. Built by createDuckDbEngine.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { EngineUnavailableError, UnknownDatabaseError, UnknownQueryError, UnknownTableError } from '../../errors';
import path from 'node:path';
import type {
  DayPartitionLayout,
  EngineQueryStatus,
  PartitionObject,
  ResultSlice,
  StartOptions,
  TableDescription,
} from '../../port';
import { listFolderDays } from './lake';
import { FileCheckCache, LiveCatalog, type LakeCatalog, type ProblemTable } from './lake';
import type { DuckDbEngine, EngineSetup } from './engineTypes';
import { InlineResultStore } from './results';
import { SqlShapeCache } from './sqlShapes';
import type { JobQueue } from './jobQueue';
import { pruneResultFiles } from './results';
import { assertReadable, runQuery, statusOf, type QueryRecord, type RunContext } from './queryRun';
import { assertPageBounds, hasStoredResult, readStoredPage, storedResultStatus } from './results';
import type { TableReference } from './lake';

export type { DuckDbEngine, EngineSetup } from './engineTypes';

/** The engine over an open, sandboxed DuckDB; see createDuckDbEngine. */
export class DuckDbLakeEngine implements DuckDbEngine {
  readonly name = 'duckdb' as const;
  /** Status is an in-process lookup: poll briskly so a result is seen within ~20 ms of finishing. */
  readonly poll = { firstDelayMs: 5, maxDelayMs: 20 };
  private readonly live: LiveCatalog;
  private readonly queries = new Map<string, QueryRecord>();
  private readonly queue: JobQueue;
  private lastPruneMs: number;
  private closed = false;
  private readonly runContext: RunContext;
  private readonly inlineResults: InlineResultStore;
  private readonly shapes = new SqlShapeCache();
  readonly resultsDir: string;
  /** In-memory results live on the proxy's heap: the service leaves them out of its memory budget. */
  readonly reservedHeapBytes: number;

  constructor(private readonly setup: EngineSetup) {
    this.resultsDir = setup.resultsDir;
    this.reservedHeapBytes = setup.inline.totalBytes;
    const checks = { cleanDir: path.join(setup.workDir, 'clean'), cache: new FileCheckCache() };
    this.live = new LiveCatalog(
      setup.lakeDir,
      { connection: setup.meta, database: setup.database, checks },
      (catalog) => this.rebuilt(catalog),
    );
    this.queue = setup.queue;
    this.lastPruneMs = setup.now();
    // An evicted inline result is gone, like an expired result file: its query id becomes unknown.
    this.inlineResults = new InlineResultStore(setup.inline.totalBytes, (id) => this.queries.delete(id));
    this.runContext = {
      inline: setup.inline,
      keepInline: (id, rows, bytes) => this.inlineResults.put(id, rows, bytes),
      shapes: this.shapes,
      instance: setup.instance,
      resultsDir: setup.resultsDir,
      now: setup.now,
      bytesOf: (tables) => this.bytesOf(tables),
      lake: () => ({ dir: path.resolve(setup.lakeDir), database: setup.database, tables: this.lake.tables }),
      problemTables: (tables) => this.problemTables(tables),
    };
  }

  private get lake(): LakeCatalog {
    return this.live.current;
  }

  catalog(): LakeCatalog {
    return this.lake;
  }

  refreshCatalog(): Promise<LakeCatalog> {
    return this.live.refreshAll();
  }

  /** After every (re)registration: result types learnt before may no longer hold, and problems are logged. */
  private rebuilt(catalog: LakeCatalog): void {
    this.shapes.clear();
    for (const problem of catalog.problems)
      this.setup.logger.warn(`Lake catalog: ${problem.folder}: ${problem.reason}`, { ...problem });
  }

  async listDatabases(): Promise<string[]> {
    return [this.setup.database];
  }

  /** Every table folder is fingerprinted first (lake/liveCatalog.ts), so a fixed or new table is listed at once. */
  async listTables(database: string): Promise<string[]> {
    if (database !== this.setup.database) throw new UnknownDatabaseError(database);
    await this.live.catchUp();
    return [...this.lake.tables.keys()].sort();
  }

  async describeTable(database: string, table: string): Promise<TableDescription> {
    if (database !== this.setup.database) throw new UnknownDatabaseError(database);
    await this.live.catchUp(table);
    const found = this.lake.tables.get(table);
    if (!found) throw new UnknownTableError(database, table);
    return found.description;
  }

  async tableVersion(database: string, table: string): Promise<string | undefined> {
    if (database !== this.setup.database) return undefined;
    await this.live.catchUp(table);
    return this.live.versionOf(table);
  }

  async startQuery(sql: string, options: StartOptions): Promise<string> {
    this.assertOpen();
    let markSettled = () => undefined as void;
    const settled = new Promise<void>((resolve) => {
      markSettled = resolve;
    });
    const record: QueryRecord = {
      id: randomUUID(),
      sql,
      state: 'QUEUED',
      submittedAt: this.setup.now(),
      bytesScanned: 0,
      ...(options.scanBytesBound === undefined ? {} : { scanBytesBound: options.scanBytesBound }),
      cancelRequested: false,
      settled,
      markSettled,
    };
    this.queries.set(record.id, record);
    this.queue.submit(record.id, () => runQuery(record, this.runContext).finally(markSettled));
    this.pruneExpired();
    return record.id;
  }

  /**
   * The bytes-scanned estimate: the size of every file in the lake tables the query names (DuckDB reports no scan
   * statistics). An upper bound, since partition pruning is not subtracted.
   */
  private bytesOf(tables: TableReference[]): number {
    const names = tables.filter((t) => t.schema === '' || t.schema === this.setup.database).map((t) => t.table);
    return [...new Set(names)].reduce((sum, name) => sum + (this.lake.tables.get(name)?.bytes ?? 0), 0);
  }

  /** The lake tables a query names, with their files left out or read in part. */
  private problemTables(tables: TableReference[]): ProblemTable[] {
    const names = tables.filter((t) => t.schema === '' || t.schema === this.setup.database).map((t) => t.table);
    return [...new Set(names)].flatMap((name) => {
      const found = this.lake.tables.get(name);
      return found ? [{ table: name, partitionKeys: found.partitionKeys, fileProblems: found.fileProblems }] : [];
    });
  }

  /** Lists the table folder's partitions by day (lake/dayPartitions.ts); undefined for tables it does not serve. */
  async listDayPartitions(
    table: TableDescription,
    layout: DayPartitionLayout,
    days: readonly string[],
  ): Promise<ReadonlyMap<string, readonly PartitionObject[]> | undefined> {
    if (table.database !== this.setup.database) return undefined;
    const found = this.lake.tables.get(table.table);
    if (!found) return undefined;
    return listFolderDays(path.join(this.setup.lakeDir, found.folder), layout, days);
  }

  async getQueryStatus(queryId: string): Promise<EngineQueryStatus> {
    const record = this.queries.get(queryId);
    if (record) return statusOf(record, this.setup.now());
    // A result written by an earlier engine on the same results folder is still a finished query.
    if (this.hasResultFile(queryId)) return storedResultStatus(queryId);
    throw new UnknownQueryError(queryId);
  }

  async readResults(queryId: string, offset: number, limit: number): Promise<ResultSlice> {
    assertPageBounds(offset, limit);
    this.assertOpen();
    const record = this.queries.get(queryId);
    if (record) assertReadable(record);
    const inline = record?.storage === 'inline' ? this.inlineResults.get(queryId) : undefined;
    if (inline) return { rows: inline.slice(offset, offset + limit), totalRows: inline.length };
    if (!this.hasResultFile(queryId)) throw new UnknownQueryError(queryId);
    return readStoredPage(this.setup, queryId, { offset, limit, totalRows: record?.totalRows });
  }

  whenSettled(queryId: string): Promise<void> {
    return this.queries.get(queryId)?.settled ?? Promise.resolve();
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
    if (this.queue.withdraw(queryId)) {
      record.finishedAt = this.setup.now();
      record.markSettled();
    }
    record.connection?.interrupt();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.queries.keys()].map((id) => this.cancelQuery(id)));
    await this.queue.idle();
    await this.live.idle();
    this.setup.meta.closeSync();
    this.setup.instance.closeSync();
    await fs.rm(this.setup.workDir, { recursive: true, force: true });
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineUnavailableError('The DuckDB engine is closed.');
  }

  private hasResultFile(queryId: string): boolean {
    return hasStoredResult(this.setup.resultsDir, queryId);
  }

  /** Drops expired records and result files, at most every tenth of the TTL; runs in the background. */
  private pruneExpired(): void {
    const now = this.setup.now();
    if (now - this.lastPruneMs < this.setup.ttlMs / 10) return;
    this.lastPruneMs = now;
    const cutoff = now - this.setup.ttlMs;
    for (const [id, record] of this.queries) {
      if (record.finishedAt !== undefined && record.finishedAt < cutoff) {
        this.queries.delete(id);
        this.inlineResults.delete(id);
      }
    }
    pruneResultFiles(this.setup.resultsDir, cutoff).catch((err: Error) =>
      this.setup.logger.warn('Could not prune old result files', { error: err.message }),
    );
  }
}
