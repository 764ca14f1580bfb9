/**
 * Quoting for the SQL the DuckDB engine writes itself (views, COPY, macros). Compiled query SQL arrives already
 * quoted by the compiler; these helpers are only for names and paths the engine discovered on disk. The quoting
 * rules are the compiler's own (one place for them: proxy/src/sql/sqlText.ts).
 */
import { quoteString } from '../../sql';

export { quoteIdentifier, quoteString } from '../../sql';

/** A DuckDB list literal of strings, e.g. a list of file globs. */
export function quoteStringList(values: readonly string[]): string {
  return `[${values.map(quoteString).join(', ')}]`;
}
