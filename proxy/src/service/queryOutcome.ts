/**
 * Answers about a finished (or still running) engine query: the 202 body, the error a failed query maps to, and
 * the stats every 200 carries. Split from queryService.ts to keep each file readable.
 */
import type { LookerValue, QueryResultResponse, QueryStats } from '../../../protocol/contract';
import type { EngineQueryStatus } from '../port';
import {
  DataUnreadableError,
  QueryCancelledError,
  QueryFailedError,
  ScanLimitExceededError,
  TooManyQueriesError,
  UnknownQueryError,
} from '../errors';
import { encodeQueryHandle, type QueryHandle } from './queryHandle';
import type { LogRecord } from '../logger';
import type { CachedResult, Caller, QueryAnswer } from './serviceTypes';

const RESOURCES_RETRY_SECONDS = 2;

export function pending(handle: QueryHandle, state: 'QUEUED' | 'RUNNING'): QueryAnswer {
  return { status: 202, body: { queryId: encodeQueryHandle(handle), state, retryAfterMs: 1000 } };
}

export function assertSucceeded(status: EngineQueryStatus): void {
  if (status.state === 'SUCCEEDED') return;
  if (status.state === 'CANCELLED') throw new QueryCancelledError(status.queryId);
  const error = status.error ?? { category: 'SYSTEM' as const, kind: 'OTHER' as const, message: 'The query failed.' };
  if (error.kind === 'SCAN_LIMIT') throw new ScanLimitExceededError(error.message);
  // A file of the table is broken: the data owner's to fix, never the request's fault (engines scrub the reason).
  if (error.kind === 'DATA')
    throw new DataUnreadableError({ ...error.data, reason: error.message }, { queryId: status.queryId });
  // The engine ran out of memory because of the load, not because of this query: busy, retry later (not a 502).
  if (error.kind === 'RESOURCES')
    throw new TooManyQueriesError(
      RESOURCES_RETRY_SECONDS,
      'The query engine is out of memory under the current load; retry shortly.',
    );
  // A user error's text is about the query and helps the caller; a system error's text may name server paths or
  // buckets, so the caller gets a generic message (the detail is in the query's log line).
  const message = error.category === 'USER' ? error.message : 'The query engine failed while running the query.';
  throw new QueryFailedError(message, error.category, { queryId: status.queryId });
}

/** An engine status with the proxy's scan bound of its query, known before it ran (docs/budgets.md#the-estimate). */
export type BoundedStatus = EngineQueryStatus & { estimatedBytes?: number };

export function withEstimate(status: EngineQueryStatus, estimatedBytes: number | undefined): BoundedStatus {
  return estimatedBytes === undefined ? status : { ...status, estimatedBytes };
}

export function statsOf(status: BoundedStatus, engine: QueryStats['engine'], cached: boolean): QueryStats {
  return {
    engine,
    bytesScanned: status.bytesScanned,
    engineMs: status.engineMs,
    queueMs: status.queueMs,
    reusedPreviousResult: status.reusedPreviousResult,
    cached,
    ...(status.skipped ? { skipped: { records: status.skipped.records, files: status.skipped.files } } : {}),
    ...(status.estimatedBytes === undefined ? {} : { estimatedBytes: status.estimatedBytes }),
  };
}

/**
 * Heap bytes rows take while cached: arrays and slots, strings (UTF-16 worst case) and boxed numbers. A walk over
 * the values, cheaper than serializing them again just to measure.
 */
export function estimateRowsHeapBytes(rows: readonly LookerValue[][]): number {
  let bytes = 0;
  for (const row of rows) {
    bytes += 32 + row.length * 8;
    for (const value of row)
      bytes += typeof value === 'string' ? 16 + value.length * 2 : typeof value === 'number' ? 16 : 0;
  }
  return bytes;
}

/** The cache entry of a finished query: the whole first page when it is the only one (else pages are re-read). */
export function toCacheEntry(
  handle: QueryHandle,
  status: EngineQueryStatus,
  body: QueryResultResponse,
): { value: CachedResult; bytes: number } {
  const single = body.page.count === 1;
  // Heap bytes, so PROXY_CACHE_BYTES bounds what the cache really holds (it is reserved out of the memory budget).
  const bytes = single ? estimateRowsHeapBytes(body.rows) + 512 : 512;
  const firstPage = single
    ? {
        rows: body.rows,
        totalRows: body.page.totalRows,
        truncated: body.truncated === true,
        pageRows: Math.max(1, body.rows.length),
      }
    : undefined;
  return { value: { handle, status, firstPage }, bytes };
}

/** The one log record of a finished query: ids and figures only, never SQL or values. */
export function queryLogRecord(status: EngineQueryStatus, caller: Caller): LogRecord {
  return {
    level: 'info',
    event: 'query',
    requestId: caller.requestId,
    queryId: status.queryId,
    caller: caller.identity,
    state: status.state,
    bytesScanned: status.bytesScanned,
    engineMs: status.engineMs,
    queueMs: status.queueMs,
    reused: status.reusedPreviousResult,
    ...(status.skipped ? { skippedRecords: status.skipped.records, skippedFiles: status.skipped.files } : {}),
    ...(status.error ? { error: status.error.message.slice(0, 500) } : {}),
  };
}

/** A rejection handler: an unknown (expired or evicted) engine query turns a cache hit into a miss. */
export function forgetUnknown(cache: { delete(key: string): void }, key: string) {
  return (err: unknown): undefined => {
    if (!(err instanceof UnknownQueryError)) throw err;
    cache.delete(key);
    return undefined;
  };
}
