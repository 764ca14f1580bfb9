/**
 * Reading Athena-style text rows out of DuckDB chunk by chunk (2,048 rows each): the event loop gets a turn between
 * chunks, and a read stops as soon as it outgrows its row or byte limit instead of materializing everything first.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export type TextRows = (string | null)[][];

/** Estimated heap bytes of text rows: UTF-16 strings plus array and slot overhead. */
export function estimateBytes(rows: TextRows): number {
  let bytes = 0;
  for (const row of rows) {
    bytes += 32 + row.length * 8;
    for (const value of row) if (value !== null) bytes += 16 + value.length * 2;
  }
  return bytes;
}

/** Removes the one-character prefix that protects a leading U+FEFF from the binding's TextDecoder (in place). */
export function stripMarks(rows: TextRows): TextRows {
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) if (row[i] !== null) row[i] = (row[i] as string).slice(1);
  }
  return rows;
}

/**
 * Streams `sql` (every column text) and answers its rows, or `{ over: true }` as soon as they pass `maxRows` or
 * `maxBytes` (the rest is never read). Each value is read with a '.' prefix and stripped again: @duckdb/node-api
 * decodes text with a default TextDecoder, which silently drops a leading U+FEFF (byte order mark) from a value.
 */
export async function streamTextRows(
  connection: DuckDBConnection, sql: string, limits: { maxRows: number; maxBytes: number },
): Promise<{ rows: TextRows; bytes: number } | { over: true }> {
  const result = await connection.stream(`SELECT '.' || COLUMNS(*) FROM (${sql})`);
  const rows: TextRows = [];
  let bytes = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    if (rows.length + chunk.rowCount > limits.maxRows) return { over: true };
    const part = chunk.getRows() as TextRows;
    bytes += estimateBytes(part);
    if (bytes > limits.maxBytes) return { over: true };
    for (const row of part) rows.push(row);
  }
  return { rows: stripMarks(rows), bytes };
}
