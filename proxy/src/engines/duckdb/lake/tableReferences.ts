/**
 * Which lake tables a query reads, from DuckDB's own parser (json_serialize_sql parses without binding, so it works
 * for any SQL the compiler emits). Used for the bytes-scanned estimate.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString } from '../sqlText';

/** A table named in a query. */
export interface TableReference {
  /** Schema as written (`""` when unqualified). */
  schema: string;
  table: string;
}

/** Every base-table reference in a serialized DuckDB statement tree (`json_serialize_sql` output). */
export function baseTablesOf(tree: unknown): TableReference[] {
  if (Array.isArray(tree)) return tree.flatMap(baseTablesOf);
  if (tree === null || typeof tree !== 'object') return [];
  const node = tree as Record<string, unknown>;
  const own =
    node.type === 'BASE_TABLE' && typeof node.table_name === 'string'
      ? [{ schema: typeof node.schema_name === 'string' ? node.schema_name : '', table: node.table_name }]
      : [];
  return [...own, ...Object.values(node).flatMap(baseTablesOf)];
}

/** The tables `sql` reads; none when it does not parse (it then fails when run). */
export async function tablesReadBy(connection: DuckDBConnection, sql: string): Promise<TableReference[]> {
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql(${quoteString(sql)})`);
  const tree: unknown = JSON.parse(String(reader.getRows()[0][0]));
  return baseTablesOf(tree);
}
