/**
 * Reading Athena-style text rows out of DuckDB: the result is materialized inside DuckDB under a row LIMIT (one
 * more than the caller's bound, so "over" is known without reading the rest), then handed to JS chunk by chunk
 * (2,048 rows each), and the read stops as soon as it outgrows its row or byte limit. Bytes are estimated as the
 * UTF-16 size of each row's JSON plus overhead. Why materialized and not streamed: docs/performance.md#inline-results.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export type TextRows = (string | null)[][];

/**
 * Runs `sql` (every column text) and answers its rows, or `{ over: true }` as soon as they pass `maxRows` or
 * `maxBytes` (the rest never reaches JS). DuckDB renders each row as one JSON array, parsed here a chunk at a time:
 * one string per row crosses the binding instead of one per value (a third of the garbage to collect), and a
 * value's leading U+FEFF survives (the binding's TextDecoder drops a byte order mark only at a string's start).
 */
export async function readTextRows(
  connection: DuckDBConnection,
  sql: string,
  limits: { maxRows: number; maxBytes: number },
): Promise<{ rows: TextRows; bytes: number } | { over: true }> {
  const result = await connection.run(
    `SELECT CAST(json_array(*COLUMNS(*)) AS VARCHAR) FROM (\n${sql}\n) LIMIT ${limits.maxRows + 1}`,
  );
  const rows: TextRows = [];
  let bytes = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    if (rows.length + chunk.rowCount > limits.maxRows) return { over: true };
    const lines = chunk.getColumnValues(0) as string[];
    for (const line of lines) bytes += 32 + line.length * 2;
    if (bytes > limits.maxBytes) return { over: true };
    for (const row of JSON.parse(`[${lines.join(',')}]`) as TextRows) rows.push(row);
  }
  return { rows, bytes };
}
