/**
 * Quoting for the SQL the DuckDB engine writes itself (views, COPY, macros). Compiled query SQL arrives already
 * quoted by the compiler; these helpers are only for names and paths the engine discovered on disk.
 */

/** A double-quoted identifier, inner quotes doubled (same rule in DuckDB and Trino). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted string literal, inner quotes doubled. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A DuckDB list literal of strings, e.g. a list of file globs. */
export function quoteStringList(values: readonly string[]): string {
  return `[${values.map(quoteString).join(', ')}]`;
}
