/**
 * One query's life on its own DuckDB connection: QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED, with the
 * result kept in memory when small (inlineResults.ts) or written to a file. Kept apart from the engine so the
 * state machine reads in one place.
 */
import { promises as fs } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance, DuckDBType } from '@duckdb/node-api';
import { DataUnreadableError, InvalidRequestError, QueryCancelledError, QueryFailedError } from '../../errors';
import type { EngineQueryState, EngineQueryStatus, EngineSkipped } from '../../port';
import type { QueryFailure } from './queryErrors';
import { failureOf, type LakeSnapshot } from './unreadableFiles';
import { readInline, type InlineLimits, type TextRows } from './results';
import { copyToResultSql, partialResultFile, resultFile, textSelectSql } from './results';
import type { SqlShapeCache } from './sqlShapes';
import { skippedBy, tablesReadBy, type ProblemTable, type TableReference } from './lake';

/** What the engine remembers about a query it started. */
export interface QueryRecord {
  id: string;
  sql: string;
  state: EngineQueryState;
  submittedAt: number;
  startedAt?: number;
  finishedAt?: number;
  bytesScanned: number;
  /** The proxy's listing bound on what the query reads (StartOptions.scanBytesBound): the estimate never exceeds it. */
  scanBytesBound?: number;
  /** Rows of the result, once it succeeded (as the engine reported them: no counting scan). */
  totalRows?: number;
  /** What the query left out of the data it read (lake/skipProbe.ts), once succeeded. */
  skipped?: EngineSkipped;
  /** Where the result lives once succeeded: the inline store or a result file. */
  storage?: 'inline' | 'file';
  error?: QueryFailure;
  /** Set while running, so a cancel can interrupt it. */
  connection?: DuckDBConnection;
  cancelRequested: boolean;
  /** Resolves when the record reaches a final state (the engine's whenSettled). */
  settled: Promise<void>;
  markSettled: () => void;
}

/** The port's status of a record at time `now`. */
export function statusOf(record: QueryRecord, now: number): EngineQueryStatus {
  const started = record.startedAt ?? record.finishedAt ?? now;
  return {
    queryId: record.id,
    state: record.state,
    bytesScanned: record.bytesScanned,
    engineMs: record.startedAt === undefined ? 0 : (record.finishedAt ?? now) - record.startedAt,
    queueMs: started - record.submittedAt,
    reusedPreviousResult: false,
    ...(record.error ? { error: record.error } : {}),
    ...(record.state === 'SUCCEEDED' && record.skipped ? { skipped: record.skipped } : {}),
  };
}

/** Throws unless the record's result can be read: the failure, the cancellation, or "not finished yet". */
export function assertReadable(record: QueryRecord): void {
  if (record.state === 'FAILED' && record.error?.kind === 'DATA')
    throw new DataUnreadableError({ ...record.error.data, reason: record.error.message }, { queryId: record.id });
  if (record.state === 'FAILED')
    throw new QueryFailedError(record.error?.message ?? 'Query failed.', record.error?.category ?? 'SYSTEM');
  if (record.state === 'CANCELLED') throw new QueryCancelledError(record.id);
  if (record.state !== 'SUCCEEDED')
    throw new InvalidRequestError(`Query "${record.id}" has not finished (${record.state}).`);
}

/** The query's output column types, from preparing it (which also rejects multiple statements). */
async function resultTypes(connection: DuckDBConnection, sql: string): Promise<DuckDBType[]> {
  const prepared = await connection.prepare(sql);
  try {
    return Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnType(i));
  } finally {
    prepared.destroySync();
  }
}

/** What a run needs from the engine. */
export interface RunContext {
  instance: DuckDBInstance;
  resultsDir: string;
  now: () => number;
  /** Bytes the query could read, from the tables it names. */
  bytesOf: (tables: TableReference[]) => number;
  /** The lake tables a query names, with their problem files. */
  problemTables: (tables: TableReference[]) => ProblemTable[];
  inline: InlineLimits;
  /** Keeps a small result in memory. */
  keepInline: (queryId: string, rows: TextRows, bytes: number) => void;
  /** Tables and result types of SQL texts seen before. */
  shapes: SqlShapeCache;
  /** The lake now, to name an unreadable file relative to its table. */
  lake: () => LakeSnapshot;
}

/** Runs a queued record to completion; never rejects (failures end up in the record). */
export async function runQuery(record: QueryRecord, context: RunContext): Promise<void> {
  if (record.cancelRequested) return;
  const { now } = context;
  record.state = 'RUNNING';
  record.startedAt = now();
  const partial = partialResultFile(context.resultsDir, record.id);
  let connection: DuckDBConnection | undefined;
  try {
    connection = await context.instance.connect();
    record.connection = connection;
    const shape = await shapeOf(connection, record.sql, context);
    const bytesScanned = Math.min(context.bytesOf(shape.tables), record.scanBytesBound ?? Number.MAX_SAFE_INTEGER);
    await storeResult(record, connection, { types: shape.types, partial, context });
    if (!record.cancelRequested) {
      record.bytesScanned = bytesScanned;
      if (shape.skipped) record.skipped = shape.skipped;
      record.state = 'SUCCEEDED';
    }
  } catch (err) {
    if (!record.cancelRequested) {
      const error = await failureOf(err, connection, record.sql, context.lake());
      if (!record.cancelRequested) {
        record.state = 'FAILED';
        record.error = error;
      }
    }
  } finally {
    record.connection = undefined;
    connection?.closeSync();
    record.finishedAt = now();
    // Only a COPY writes the partial file; an inline result (the common case) skips the thread-pool hop.
    if (record.storage !== 'inline') await fs.rm(partial, { force: true });
  }
}

/**
 * The tables `sql` reads, its result types and what it skips. The SQL is prepared alone first (or was, when this
 * exact text ran before), so it cannot break out of the text wrapper of the result; the types pick each column's
 * text conversion. What it skips depends only on the text and the views, so it is remembered with them.
 */
async function shapeOf(connection: DuckDBConnection, sql: string, context: RunContext) {
  const known = context.shapes.get(sql);
  if (known.shape) return known.shape;
  const tables = await tablesReadBy(connection, sql);
  const types = await resultTypes(connection, sql);
  const skipped = await skippedBy(connection, sql, context.problemTables(tables));
  const shape = { tables, types, ...(skipped ? { skipped } : {}) };
  context.shapes.set(sql, shape, known.ticket);
  return shape;
}

/** Keeps the result inline when small, else writes it to the query's result file (skipped once cancelled). */
async function storeResult(
  record: QueryRecord,
  connection: DuckDBConnection,
  { types, partial, context }: { types: DuckDBType[]; partial: string; context: RunContext },
): Promise<void> {
  const inline = record.cancelRequested
    ? undefined
    : await readInline(connection, textSelectSql(record.sql, types), context.inline);
  if (inline && !record.cancelRequested) {
    context.keepInline(record.id, inline.rows, inline.bytes);
    record.totalRows = inline.rows.length;
    record.storage = 'inline';
  } else if (!record.cancelRequested) {
    // Too large to keep in memory: the query runs again into a result file (COPY answers the row count).
    const copied = await connection.runAndReadAll(copyToResultSql(record.sql, types, partial));
    await fs.rename(partial, resultFile(context.resultsDir, record.id));
    record.totalRows = Number(copied.getRows()[0]?.[0] ?? 0);
    record.storage = 'file';
  }
}
