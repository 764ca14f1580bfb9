/**
 * Turns a finished engine query into response pages: rows formatted for Looker Studio, split so each response
 * stays well under Lambda's 6 MB payload limit (docs/reference-athena.md#lambda-limits), with one stateless cursor per
 * following page so the connector can fetch them in parallel.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LookerValue, QueryResultResponse, QueryStats } from '../../../protocol/contract';
import { makeRowFormatter } from '../values';
import { fillQueryFields } from '../fields';
import type { Engine } from '../port';
import { InvalidRequestError } from '../errors';
import { encodeCursor, encodeQueryHandle, type QueryHandle } from './queryHandle';

export interface PageOptions {
  /** Target serialized size of one page of rows. */
  pageTargetBytes: number;
  /** Rows read first to measure the row size (and the whole answer for small results). */
  probeRows: number;
  maxPageRows: number;
}

export interface FormattedPage {
  rows: LookerValue[][];
  /** Rows the caller receives in all: the engine's total, capped at the handle's row limit. */
  totalRows: number;
  /** The engine result held more rows than the limit allows (only the first `rowLimit` are served). */
  truncated: boolean;
  pageRows: number;
}

/** Reads rows [offset, offset + limit) capped at the handle's row limit; the compiled SQL asked for one row more. */
async function readFormatted(engine: Engine, handle: QueryHandle, offset: number, limit: number) {
  const cap = handle.rowLimit ?? Number.MAX_SAFE_INTEGER;
  const wanted = Math.min(limit, cap - offset);
  if (wanted < 1) throw new InvalidRequestError('The page cursor points beyond the result.', { offset });
  const slice = await engine.readResults(handle.engineQueryId, offset, wanted);
  return {
    rows: await formatInBatches(slice.rows.slice(0, wanted), makeRowFormatter(handle.columns)),
    totalRows: Math.min(slice.totalRows, cap),
    truncated: slice.totalRows > cap,
  };
}

/** Rows formatted per turn of the event loop: a 25,000-row page must not stall every other request. */
const FORMAT_BATCH_ROWS = 4096;

async function formatInBatches<R, T>(rows: R[], format: (row: R) => T): Promise<T[]> {
  const formatted: T[] = new Array(rows.length);
  for (let start = 0; start < rows.length; start += FORMAT_BATCH_ROWS) {
    if (start > 0) await nextTurn();
    const end = Math.min(rows.length, start + FORMAT_BATCH_ROWS);
    for (let i = start; i < end; i++) formatted[i] = format(rows[i]);
  }
  return formatted;
}

/**
 * Most rows in one page. Pages are sized by payload bytes, but a page read also costs engine-side text (the DuckDB
 * engine refuses a read estimated over 16 MB of heap); very narrow rows (one small number) would otherwise make
 * pages of 500,000 rows whose text alone is over that, so narrow results are split into more, smaller pages.
 */
export const MAX_PAGE_ROWS = 100_000;

/**
 * Size of rows as they travel in a Lambda response: UTF-8 bytes of the JSON, JSON-encoded once more (the body is
 * a string inside Lambda's own JSON payload, so quotes and backslashes count twice).
 */
function payloadBytes(rows: LookerValue[][]): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(rows)), 'utf8');
}

/** Reads page 0 and decides the page size from the measured bytes per row. */
export async function readFirstPage(engine: Engine, handle: QueryHandle, options: PageOptions): Promise<FormattedPage> {
  const probe = await readFormatted(engine, handle, 0, options.probeRows);
  const bytesPerRow = Math.max(2, payloadBytes(probe.rows) / Math.max(1, probe.rows.length));
  const pageRows = Math.max(1, Math.min(options.maxPageRows, Math.floor(options.pageTargetBytes / bytesPerRow)));
  if (probe.totalRows <= probe.rows.length || pageRows <= probe.rows.length) {
    const rows = probe.rows.slice(0, pageRows);
    const size = Math.min(pageRows, Math.max(1, rows.length));
    return { rows, totalRows: probe.totalRows, truncated: probe.truncated, pageRows: size };
  }
  const rest = await readFormatted(engine, handle, probe.rows.length, pageRows - probe.rows.length);
  return { rows: probe.rows.concat(rest.rows), totalRows: probe.totalRows, truncated: probe.truncated, pageRows };
}

/** Reads the page a cursor points at. */
export async function readPage(engine: Engine, handle: QueryHandle, offset: number, limit: number) {
  return readFormatted(engine, handle, offset, limit);
}

/** Builds the 200 answer for page `index` of a result; `readAt` (epoch ms) is when its rows were read. */
export function toResultResponse(
  handle: QueryHandle,
  page: { rows: LookerValue[][]; totalRows: number; truncated: boolean; index: number; pageRows: number },
  stats: QueryStats,
  readAt: number,
): QueryResultResponse {
  const count = Math.max(1, Math.ceil(page.totalRows / page.pageRows));
  const response: QueryResultResponse = {
    queryId: encodeQueryHandle(handle),
    state: 'SUCCEEDED',
    schema: handle.columns.map((c) => ({ name: c.name, dataType: c.dataType })),
    rows: fillQueryFields(page.rows, handle.columns, { stats, readAt }),
    filtersApplied: handle.filtersApplied,
    page: { index: page.index, count, totalRows: page.totalRows },
    ...(page.truncated ? { truncated: true as const } : {}),
    stats,
  };
  if (page.index === 0 && count > 1) {
    response.cursors = [];
    for (let offset = page.pageRows; offset < page.totalRows; offset += page.pageRows) {
      response.cursors.push(encodeCursor(offset, page.pageRows));
    }
  }
  return response;
}
