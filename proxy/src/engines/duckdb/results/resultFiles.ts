/**
 * Large query results as files, like Athena's OutputLocation: one Parquet file of Athena-style text columns per
 * query, written by DuckDB itself (rows never pass through JS), so reading a page is stateless and memory stays
 * bounded however many rows a query returns. Small results stay in memory (inlineResults.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import type { ResultSlice } from '../../../port';
import { InvalidRequestError } from '../../../errors';
import { toAthenaTextSql } from './resultText';
import { readTextRows } from './textRows';
import { quoteIdentifier, quoteString } from '../sqlText';

const QUERY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RESULT_FILE = /^([0-9a-f-]{36})\.parquet(\.partial)?$/;

/** True for ids this engine issues (UUIDs); anything else never touches the file system. */
export function isQueryId(id: string): boolean {
  return QUERY_ID.test(id);
}

/** Where a query's finished result lives. */
export function resultFile(resultsDir: string, queryId: string): string {
  return path.join(resultsDir, `${queryId}.parquet`);
}

/** Where a running query writes, renamed to {@link resultFile} only once complete. */
export function partialResultFile(resultsDir: string, queryId: string): string {
  return `${resultFile(resultsDir, queryId)}.partial`;
}

/**
 * SELECT of `sql`'s rows as Athena-style text columns c1…cN. Run directly for inline results, wrapped in COPY for
 * result files, so both paths produce the very same strings.
 */
export function textSelectSql(sql: string, types: readonly DuckDBType[]): string {
  const names = types.map((_, i) => quoteIdentifier(`c${i + 1}`));
  const texts = types.map((type, i) => `${toAthenaTextSql(names[i], type)} AS ${names[i]}`);
  // Newlines keep a trailing `-- comment` in `sql` from swallowing the closing parenthesis.
  const query = sql.replace(/[\s;]+$/, '');
  return `SELECT ${texts.join(', ')} FROM (\n${query}\n) AS "q"(${names.join(', ')})`;
}

/** COPY statement writing `sql`'s rows as Athena-style text columns c1…cN to `target`; it answers the row count. */
export function copyToResultSql(sql: string, types: readonly DuckDBType[], target: string): string {
  return `COPY (${textSelectSql(sql, types)}) TO ${quoteString(target)} (FORMAT parquet)`;
}

/** Which rows of a result file to read: [offset, offset + limit), the row count when known. */
export interface ResultPageRequest {
  offset: number;
  limit: number;
  /** Known from the COPY that wrote the file; read from its footer when absent. */
  totalRows?: number;
}

/** Rows [offset, offset + limit) of a result file, every value text or null, in at most `maxBytes`. */
export async function readResultSlice(
  connection: DuckDBConnection,
  file: string,
  { offset, limit, totalRows: knownTotalRows }: ResultPageRequest,
  maxBytes: number,
): Promise<ResultSlice> {
  // The row count is in the file footer (or known from the COPY that wrote it): no second scan to count rows.
  const totalRows =
    knownTotalRows ??
    Number(
      (
        await connection.runAndReadAll(`SELECT sum(num_rows) FROM parquet_file_metadata(${quoteString(file)})`)
      ).getRows()[0][0],
    );
  // A single-file scan keeps file order (preserve_insertion_order), so pages never overlap or skip. Every result
  // column is VARCHAR (see copyToResultSql), so each value is a string or null.
  const sql = `SELECT * FROM read_parquet(${quoteString(file)}) LIMIT ${limit} OFFSET ${offset}`;
  const slice = await readTextRows(connection, sql, { maxRows: limit, maxBytes });
  if ('over' in slice) {
    throw new InvalidRequestError(
      `The requested page holds more than ${Math.round(maxBytes / 1048576)} MB; ask for fewer rows per page (use the cursors of the first page).`,
      { offset, limit },
    );
  }
  return { rows: slice.rows, totalRows };
}

/** Deletes result files (finished or abandoned) last written before `cutoffMs`; returns their query ids. */
export async function pruneResultFiles(resultsDir: string, cutoffMs: number): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await fs.readdir(resultsDir)) {
    const id = RESULT_FILE.exec(name)?.[1];
    if (id === undefined || !isQueryId(id)) continue;
    const file = path.join(resultsDir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < cutoffMs) {
      await fs.rm(file, { force: true });
      removed.push(id);
    }
  }
  return removed;
}
