/**
 * Reading a finished Athena query's rows, statelessly (any Lambda instance can serve any page).
 *
 * Two paths (docs/reference-athena.md#getqueryresults-paging,
 * docs/reference-athena.md#reading-results-from-s3):
 * - Slices inside the first `GetQueryResults` page (≤ 999 data rows after the header row the first page carries)
 *   come from that one API call; when it has no NextToken the result is small and its row count is exact.
 * - Anything further is read from the result CSV in S3 — at `QueryExecution.ResultConfiguration.OutputLocation`,
 *   which for a reused result is the *previous* query's file
 *   (docs/reference-athena.md#result-reuse) — streamed through {@link decodeResultCsv}, skipping to the offset and
 *   stopping after `limit` rows. 1,000-row API pages would be 6–9× slower and share the 100 TPS account budget.
 *
 * Total row count, cheapest first: exact from a small first page, or from a CSV read that reached the end of the
 * file; else `GetQueryRuntimeStatistics` Rows.OutputRows ("the number of rows returned by the query"); only when
 * that is missing (it "may be missing", e.g. for reused results) is the whole CSV streamed once to count records.
 * Counts are memoised per query id: a finished result never changes.
 */
import {
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  type AthenaClient,
  type Row,
} from '@aws-sdk/client-athena';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { EngineUnavailableError, UnknownQueryError } from '../../errors';
import type { ResultSlice } from '../../port';
import { awsErrorName, retryThrottled, toEngineError, type RetryPolicy } from './awsErrors';
import { decodeResultCsv, type CsvRow } from './decodeResultCsv';

/** GetQueryResults' maximum page size; the first page spends one row on the header. */
export const API_PAGE_ROWS = 1000;
const FIRST_PAGE_DATA_ROWS = API_PAGE_ROWS - 1;
const MEMO_LIMIT = 500;

export interface ResultReaderOptions {
  athena: AthenaClient;
  s3: S3Client;
  retry: RetryPolicy;
}

export interface ResultReader {
  /** Rows [offset, offset + limit) of a SUCCEEDED query whose result file is at `outputLocation`. */
  read(queryId: string, outputLocation: string | undefined, offset: number, limit: number): Promise<ResultSlice>;
}

/** Splits `s3://bucket/key` into its parts. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new EngineUnavailableError('Athena returned a result location the proxy cannot read.');
  return { bucket: match[1], key: match[2] };
}

function toValues(row: Row): CsvRow {
  // No VarCharValue means SQL NULL; '' arrives as VarCharValue "" (PyAthena docs/null_handling.rst).
  return (row.Data ?? []).map((datum) => datum.VarCharValue ?? null);
}

/** Total row counts by query id, oldest forgotten first once MEMO_LIMIT are held. */
class RowCountMemo {
  private readonly totals = new Map<string, number>();

  get(queryId: string): number | undefined {
    return this.totals.get(queryId);
  }

  remember(queryId: string, total: number): number {
    if (this.totals.size >= MEMO_LIMIT) this.totals.delete(this.totals.keys().next().value as string);
    this.totals.set(queryId, total);
    return total;
  }
}

export function createResultReader(options: ResultReaderOptions): ResultReader {
  const totals = new RowCountMemo();
  return {
    async read(queryId, outputLocation, offset, limit) {
      if (offset + limit <= FIRST_PAGE_DATA_ROWS) {
        const first = await readFirstPage(options, queryId);
        const rows = first.rows.slice(offset, offset + limit);
        if (first.complete) return { rows, totalRows: totals.remember(queryId, first.rows.length) };
        const atLeast = first.rows.length + 1;
        return { rows, totalRows: await countRows(options, totals, { queryId, location: outputLocation, atLeast }) };
      }
      const slice = await readCsvSlice(options, requireLocation(outputLocation), offset, limit);
      if (slice.total !== undefined) return { rows: slice.rows, totalRows: totals.remember(queryId, slice.total) };
      const atLeast = offset + slice.rows.length;
      const totalRows = await countRows(options, totals, { queryId, location: outputLocation, atLeast });
      return { rows: slice.rows, totalRows };
    },
  };
}

async function readFirstPage({ athena, retry }: ResultReaderOptions, queryId: string) {
  const input = { QueryExecutionId: queryId, MaxResults: API_PAGE_ROWS };
  const page = await retryThrottled(() => athena.send(new GetQueryResultsCommand(input)), retry);
  const rows = (page.ResultSet?.Rows ?? []).slice(1).map(toValues);
  return { rows, complete: !page.NextToken };
}

async function* objectChunks({ s3, retry }: ResultReaderOptions, location: string): AsyncGenerator<Uint8Array> {
  const { bucket, key } = parseS3Uri(location);
  let body: AsyncIterable<Uint8Array> | undefined;
  try {
    const object = await retryThrottled(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })), retry);
    body = object.Body as AsyncIterable<Uint8Array> | undefined;
  } catch (err) {
    // The lifecycle rule expired the file (or it never existed): the result is gone, like an unknown query.
    if (awsErrorName(err) === 'NoSuchKey') throw new UnknownQueryError(key.replace(/\.csv$/, ''));
    throw toEngineError(err, 'read the query result');
  }
  if (body) yield* body;
}

/** Streams the CSV to the slice; `total` is set only when the end of the file was seen. */
async function readCsvSlice(options: ResultReaderOptions, location: string, offset: number, limit: number) {
  const rows: CsvRow[] = [];
  let index = -1; // -1 is the header row
  for await (const batch of decodeResultCsv(objectChunks(options, location))) {
    for (const row of batch) {
      if (index >= offset) {
        if (rows.length === limit) return { rows, total: undefined };
        rows.push(row);
      }
      index += 1;
    }
  }
  return { rows, total: Math.max(0, index) };
}

/** The query's total row count: memoised, else Athena's runtime statistics, else counted in the result file. */
async function countRows(
  options: ResultReaderOptions,
  totals: RowCountMemo,
  { queryId, location, atLeast }: { queryId: string; location: string | undefined; atLeast: number },
): Promise<number> {
  const known = totals.get(queryId);
  if (known !== undefined) return known;
  try {
    const input = { QueryExecutionId: queryId };
    const stats = await retryThrottled(
      () => options.athena.send(new GetQueryRuntimeStatisticsCommand(input)),
      options.retry,
    );
    const outputRows = stats.QueryRuntimeStatistics?.Rows?.OutputRows;
    if (typeof outputRows === 'number' && outputRows >= atLeast) return totals.remember(queryId, outputRows);
  } catch {
    // Statistics are optional; counting the file below is always correct.
  }
  const { total } = await readCsvSlice(options, requireLocation(location), Number.MAX_SAFE_INTEGER, 0);
  return totals.remember(queryId, total ?? 0);
}

function requireLocation(location: string | undefined): string {
  if (location) return location;
  throw new EngineUnavailableError('The Athena workgroup has no S3 output location the proxy can read results from.');
}
