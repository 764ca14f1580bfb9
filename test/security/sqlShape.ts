/**
 * The structure of compiled SQL, independent of its literal values: parsed by node-sql-parser (dialect postgresql,
 * the one that yields real column references, tooling.md §3) with every literal replaced by a placeholder of its
 * kind. Two queries with equal shapes differ only in literal slots, so no value changed the query's structure.
 */
import { Parser } from 'node-sql-parser';

const parser = new Parser();
const OPTIONS = { database: 'postgresql' };

/** AST node types that are literal values, by the placeholder kind they become. */
const LITERAL_KINDS: Record<string, string> = {
  single_quote_string: 'text', string: 'text', number: 'number', bigint: 'number', bool: 'boolean',
  date: 'date', timestamp: 'timestamp',
};

/**
 * Maps the two places where node-sql-parser's postgresql grammar differs from Trino's (and DuckDB's) lexing, both
 * token-preserving for Trino: a backslash is an ordinary character in Trino string literals but an escape for the
 * parser (so it becomes a plain character here), and `try_cast` is missing from the grammar (so it reads as CAST).
 */
export function toParserDialect(sql: string): string {
  return sql.replace(/\\/g, '¤').replace(/\btry_cast\(/g, 'CAST(');
}

function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const kind = typeof record.type === 'string' ? LITERAL_KINDS[record.type] : undefined;
  if (kind) return { literal: kind };
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, normalize(value)]));
}

/** The parsed statement, or an Error when the SQL is not exactly one SELECT the parser accepts. */
function parseSelect(sql: string): Record<string, unknown> {
  const ast: unknown = parser.astify(toParserDialect(sql), OPTIONS);
  if (Array.isArray(ast)) throw new Error(`SQL holds ${ast.length} statements`);
  if ((ast as { type?: unknown }).type !== 'select') throw new Error('SQL is not a SELECT');
  return ast as Record<string, unknown>;
}

/** The literal-free structure of one SELECT, as canonical JSON; throws when the SQL does not parse. */
export function toSqlShape(sql: string): string {
  return JSON.stringify(normalize(parseSelect(sql)));
}

/** Every text literal of the SQL, quotes undoubled (backslashes shown as `¤`, see {@link toParserDialect}). */
export function textLiteralsOf(sql: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'single_quote_string' && typeof record.value === 'string') found.push(record.value.replace(/''/g, "'"));
      else Object.values(record).forEach(visit);
    }
  };
  visit(parseSelect(sql));
  return found;
}

/** Tables and columns the SQL references, as node-sql-parser lists them (`select::db::table`, `select::null::col`). */
export function referencesOf(sql: string): { tables: string[]; columns: string[] } {
  const dialectSql = toParserDialect(sql);
  return { tables: parser.tableList(dialectSql, OPTIONS), columns: parser.columnList(dialectSql, OPTIONS) };
}
