/**
 * Finished results on disk as the engine serves them: whether a query's result file exists, the status of a query
 * known only by its file, and one page read from that file on a connection of its own. Apart from engine.ts because
 * none of it needs the engine's in-memory query records: a file written by an earlier engine on the same results
 * folder is served exactly like one of this engine's own.
 */
import { existsSync } from 'node:fs';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { EngineQueryStatus, ResultSlice } from '../../../port';
import { InvalidRequestError, TooManyQueriesError } from '../../../errors';
import { classifyDuckDbError, messageOf } from '../queryErrors';
import { isQueryId, readResultSlice, resultFile, type ResultPageRequest } from './resultFiles';

/** What reading a result file needs from the engine's setup. */
export interface StoredResultSource {
  instance: DuckDBInstance;
  resultsDir: string;
  /** Most estimated heap bytes one page may take; a larger page is refused (400). */
  maxPageBytes: number;
}

/** Refuses a page request whose offset or limit is not a non-negative integer (400), before any lookup. */
export function assertPageBounds(offset: number, limit: number): void {
  if (![offset, limit].every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new InvalidRequestError('offset and limit must be non-negative integers.', { offset, limit });
  }
}

/** True when `queryId` is one of ours and its finished result file is in `resultsDir`. */
export function hasStoredResult(resultsDir: string, queryId: string): boolean {
  return isQueryId(queryId) && existsSync(resultFile(resultsDir, queryId));
}

/** A query known only by its result file: finished, with no figures left to report. */
export function storedResultStatus(queryId: string): EngineQueryStatus {
  return { queryId, state: 'SUCCEEDED', bytesScanned: 0, engineMs: 0, queueMs: 0, reusedPreviousResult: false };
}

/** One page of a finished query's result file; `totalRows` is passed when known, to spare a count. */
export async function readStoredPage(
  source: StoredResultSource,
  queryId: string,
  page: ResultPageRequest,
): Promise<ResultSlice> {
  const connection = await source.instance.connect();
  try {
    const file = resultFile(source.resultsDir, queryId);
    return await readResultSlice(connection, file, page, source.maxPageBytes);
  } catch (err) {
    // DuckDB's memory is shared by every query and read: running out is load (429, retry), not a server fault.
    const failure = classifyDuckDbError(messageOf(err));
    if (failure.kind === 'RESOURCES')
      throw new TooManyQueriesError(2, 'The query engine is out of memory under the current load; retry shortly.');
    throw err;
  } finally {
    connection.closeSync();
  }
}
