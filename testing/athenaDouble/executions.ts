/**
 * Query executions of the Athena double: each wraps a query on the DuckDB engine and reports it the way Athena's
 * GetQueryExecution does (docs/reference-athena.md#query-states). On success the rows are written as Athena writes
 * them, to `<OutputLocation><QueryExecutionId>.csv` ("Queries run via API are written directly to
 * <OutputLocation>/<QueryID>.csv",
 * docs/reference-athena.md#workgroup-and-result-location), and kept for GetQueryResults paging.
 *
 * A script can bend what is reported — queued polls, RUNNING→QUEUED flaps, a forced failure, cancel or scan cutoff —
 * so the engine's handling of every state can be exercised through the real SDK.
 */
import type { ColumnInfo } from '@aws-sdk/client-athena';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Engine, EngineFailure, EngineQueryStatus } from '../../proxy/src/port';
import { encodeAthenaCsvRow } from './csv';
import { athenaDataReason, DATA_ERROR_CATEGORY } from './dataErrors';

/** `FAILED_RETRYABLE`: one poll reports FAILED with `AthenaError.Retryable` true before the query goes on (a
 *  FAILED → QUEUED → … flap, docs/athena.md#retries). */
export type ScriptedState = 'QUEUED' | 'RUNNING' | 'FAILED_RETRYABLE';

/** What a FAILED_RETRYABLE poll reports. */
export const RETRYABLE_ERROR = {
  ErrorCategory: 1,
  ErrorType: 401,
  Retryable: true,
  ErrorMessage: 'Query exhausted resources; it will be retried',
};

/** How the next started query deviates from what DuckDB does. */
export interface QueryScript {
  /** States reported by the first status polls, before the real ones (e.g. ['RUNNING', 'QUEUED'] for a flap). */
  polls?: ScriptedState[];
  /** Report QUEUED until this long after submission: a slow queue. */
  queuedForMs?: number;
  /** Replaces a successful outcome. */
  outcome?:
    | { fail: { category: 1 | 2 | 3; message: string; errorType?: number; retryable?: boolean } }
    | 'cancel'
    | 'scanCutoff';
}

/** What the real service says when the workgroup's per-query cutoff stops a query: the query is CANCELLED with this
 *  StateChangeReason (Athena UG workgroups-setting-control-limits-cloudwatch: "it is canceled"; message as users
 *  report it). */
export const SCAN_CUTOFF_REASON = 'Bytes scanned limit was exceeded';

export interface FinalState {
  state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  reason?: string;
  athenaError?: { ErrorCategory: number; ErrorType: number; Retryable: boolean; ErrorMessage: string };
  bytesScanned: number;
  engineMs: number;
  queueMs: number;
  completedMs: number;
  reused: boolean;
  /** Data rows (no header), when SUCCEEDED. */
  rows?: (string | null)[][];
  outputKey: string;
}

export interface Execution {
  id: string;
  sql: string;
  workGroup: string;
  database?: string;
  catalog?: string;
  submittedMs: number;
  engineQueryId?: string;
  script: QueryScript;
  /** Result columns as Athena names and types them (statementShape.ts). */
  columns: ColumnInfo[];
  cancelRequested: boolean;
  final?: FinalState;
  settling?: Promise<FinalState>;
}

export interface ExecutionContext {
  engine: Engine;
  resultsDir: string;
  bucket: string;
  now: () => number;
  bytesScannedCutoffPerQuery?: number;
  /** The lake folder served as a bucket: bytes scanned are modelled from its partitions (scanModel.ts). */
  lakeDir?: string;
  /** The lake's bucket name, named in data errors (`s3://<bucket>/<table>/<file>`); default `lake`. */
  lakeBucket?: string;
}

const READ_CHUNK = 50_000;

async function readAllRows(engine: Engine, queryId: string): Promise<(string | null)[][]> {
  const rows: (string | null)[][] = [];
  for (;;) {
    const slice = await engine.readResults(queryId, rows.length, READ_CHUNK);
    rows.push(...slice.rows);
    if (slice.rows.length === 0 || rows.length >= slice.totalRows) return rows;
  }
}

/** Writes the result CSV: header row (the SELECT list's names, `_colN` for unnamed columns), then the rows. */
async function writeResultCsv(
  ctx: ExecutionContext,
  exec: Execution,
  key: string,
  rows: (string | null)[][],
): Promise<void> {
  const header = headerOf(exec);
  const file = path.join(ctx.resultsDir, ctx.bucket, key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, [header, ...rows].map(encodeAthenaCsvRow).join(''));
}

/** Header names the double reports: the column names of the SELECT list. */
export function headerOf(exec: Execution): string[] {
  return exec.columns.map((column) => column.Name ?? '');
}

function finish(
  ctx: ExecutionContext,
  exec: Execution,
  status: EngineQueryStatus,
  extra: Partial<FinalState>,
): FinalState {
  return {
    state: 'SUCCEEDED',
    bytesScanned: status.bytesScanned,
    engineMs: status.engineMs,
    queueMs: status.queueMs,
    completedMs: ctx.now(),
    reused: false,
    outputKey: `${exec.id}.csv`,
    ...extra,
  };
}

/**
 * A Parquet file DuckDB left out because its footer cannot be read, among the files the query reads: Athena cannot
 * skip it and fails the query with HIVE_BAD_DATA (docs/athena.md#data-errors). A 0-byte file is left as DuckDB
 * leaves it: what Athena does with one is not documented.
 */
function unreadableParquetRead(status: EngineQueryStatus): EngineFailure | undefined {
  if (status.state !== 'SUCCEEDED') return undefined;
  const file = status.skipped?.leftOut?.find((f) => f.reason.startsWith('not a readable Parquet file'));
  if (!file) return undefined;
  return { category: 'USER', kind: 'DATA', message: file.reason, data: { table: file.table, file: file.file } };
}

async function settleFinished(ctx: ExecutionContext, exec: Execution, status: EngineQueryStatus): Promise<FinalState> {
  const outcome = exec.script.outcome;
  if (status.state === 'CANCELLED' || outcome === 'cancel') return finish(ctx, exec, status, { state: 'CANCELLED' });
  const dataError = status.error?.kind === 'DATA' ? status.error : unreadableParquetRead(status);
  if (dataError) {
    const lake = { bucket: ctx.lakeBucket ?? 'lake', dir: ctx.lakeDir };
    const message = await athenaDataReason(dataError, lake);
    const athenaError = { ...DATA_ERROR_CATEGORY, ErrorMessage: message };
    return finish(ctx, exec, status, { state: 'FAILED', reason: message, athenaError });
  }
  if (status.state === 'FAILED') {
    const category = status.error?.category === 'USER' ? 2 : 1;
    const message = status.error?.message ?? 'Query failed';
    const athenaError = {
      ErrorCategory: category,
      ErrorType: category === 2 ? 1000 : 100,
      Retryable: false,
      ErrorMessage: message,
    };
    return finish(ctx, exec, status, { state: 'FAILED', reason: message, athenaError });
  }
  const cutoff = ctx.bytesScannedCutoffPerQuery;
  if (outcome === 'scanCutoff' || (cutoff !== undefined && status.bytesScanned > cutoff)) {
    const scanned = cutoff ?? status.bytesScanned;
    return finish(ctx, exec, status, { state: 'CANCELLED', reason: SCAN_CUTOFF_REASON, bytesScanned: scanned });
  }
  if (outcome) {
    const { category, message, errorType, retryable = false } = outcome.fail;
    const athenaError = {
      ErrorCategory: category,
      ErrorType: errorType ?? (category === 2 ? 1000 : 100),
      Retryable: retryable,
      ErrorMessage: message,
    };
    return finish(ctx, exec, status, { state: 'FAILED', reason: message, athenaError });
  }
  const rows = await readAllRows(ctx.engine, exec.engineQueryId ?? '');
  await writeResultCsv(ctx, exec, `${exec.id}.csv`, rows);
  return finish(ctx, exec, status, { rows });
}

/** The state to report now: scripted, still running, or final (computed once, even under concurrent polls). */
export async function currentState(
  ctx: ExecutionContext,
  exec: Execution,
): Promise<FinalState | { state: 'QUEUED' | 'RUNNING' | 'FAILED' }> {
  if (exec.final) return exec.final;
  if (exec.cancelRequested && !exec.settling) {
    exec.final = {
      state: 'CANCELLED',
      bytesScanned: 0,
      engineMs: 0,
      queueMs: 0,
      completedMs: ctx.now(),
      reused: false,
      outputKey: `${exec.id}.csv`,
    };
    return exec.final;
  }
  const scripted = exec.script.polls?.shift();
  if (scripted) return { state: scripted === 'FAILED_RETRYABLE' ? 'FAILED' : scripted };
  if (exec.script.queuedForMs !== undefined && ctx.now() - exec.submittedMs < exec.script.queuedForMs)
    return { state: 'QUEUED' };
  const status = await ctx.engine.getQueryStatus(exec.engineQueryId ?? '');
  if (status.state === 'QUEUED' || status.state === 'RUNNING') return { state: status.state };
  exec.settling ??= settleFinished(ctx, exec, status).then((final) => (exec.final = final));
  return exec.settling;
}
