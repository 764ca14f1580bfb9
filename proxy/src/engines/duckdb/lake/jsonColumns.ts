/**
 * The columns of a JSON lines table, inferred over every file (docs/lakes.md#schema-drift), so a key that only
 * later days carry is a column. DuckDB's `union_by_name=true` over all files at once keeps a read buffer per file
 * while it samples: 550 MB of RSS for one 120-file table of the 5M-row sample lake, under a 256 MB memory limit.
 * So files are sampled a few at a time, and the batches' columns are merged by DuckDB itself
 * (`UNION ALL BY NAME` of typed NULLs), which widens types as union_by_name does (INTEGER + DOUBLE → DOUBLE).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteStringList } from '../sqlText';

/** Files sampled together: each holds one read buffer while sampling. */
const FILES_PER_BATCH = 8;

/** A column as DuckDB names and types it. */
export interface JsonColumn {
  name: string;
  type: string;
}

async function columnsOf<T>(
  connection: DuckDBConnection,
  sql: string,
  read: (name: string, type: { toString(): string }) => T,
): Promise<T[]> {
  const prepared = await connection.prepare(sql);
  try {
    return Array.from({ length: prepared.columnCount }, (_, i) => read(prepared.columnName(i), prepared.columnType(i)));
  } finally {
    prepared.destroySync();
  }
}

/**
 * The union of the columns of `files` (every file sampled, 512 records each), as a SELECT of typed NULLs to
 * prepare; undefined when no file has a column.
 */
export async function jsonUnionSql(connection: DuckDBConnection, files: string[]): Promise<string | undefined> {
  const batches: JsonColumn[][] = [];
  for (let i = 0; i < files.length; i += FILES_PER_BATCH) {
    const sql =
      `SELECT * FROM read_json(${quoteStringList(files.slice(i, i + FILES_PER_BATCH))}, ` +
      `hive_partitioning=false, union_by_name=true, sample_size=512, format='auto')`;
    batches.push(await columnsOf(connection, sql, (name, type) => ({ name, type: type.toString() })));
  }
  const selects = batches
    .filter((columns) => columns.length > 0)
    .map(
      (columns) => `(SELECT ${columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdentifier(c.name)}`).join(', ')})`,
    );
  return selects.length === 0 ? undefined : selects.join(' UNION ALL BY NAME ');
}
