/**
 * The structure of compiled SQL, independent of its literal values: parsed by node-sql-parser (dialect postgresql,
 * the one that yields real column references, docs/reference-tooling.md#node-sql-parser-dialects) with every literal
 * replaced by a placeholder of its kind. Two queries with equal shapes differ only in literal slots, so no value
 * changed the query's structure.
 */
import { Parser } from 'node-sql-parser';

const parser = new Parser();
const OPTIONS = { database: 'postgresql' };

/** AST node types that are literal values, by the placeholder kind they become. */
const LITERAL_KINDS: Record<string, string> = {
  single_quote_string: 'text',
  string: 'text',
  number: 'number',
  bigint: 'number',
  bool: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
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

/** What the invariants look at in one compiled SELECT (parsed once: node-sql-parser is the slow part of the fuzz). */
export interface SqlAnalysis {
  /** The literal-free structure, as canonical JSON. */
  shape: string;
  /** Every text literal, quotes undoubled (backslashes shown as `¤`, see {@link toParserDialect}). */
  textLiterals: string[];
  /** Tables and columns as node-sql-parser lists them (`select::db::table`, `select::null::column`). */
  tables: string[];
  columns: string[];
}

function collectTextLiterals(node: unknown, found: string[]): string[] {
  if (Array.isArray(node)) node.forEach((child) => collectTextLiterals(child, found));
  else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === 'single_quote_string' && typeof record.value === 'string')
      found.push(record.value.replace(/''/g, "'"));
    else Object.values(record).forEach((child) => collectTextLiterals(child, found));
  }
  return found;
}

/** Parses one SELECT; throws when the SQL does not parse or is not exactly one SELECT statement. */
export function analyzeSql(sql: string): SqlAnalysis {
  const { ast, tableList, columnList } = parser.parse(toParserDialect(sql), OPTIONS);
  if (Array.isArray(ast)) throw new Error(`SQL holds ${ast.length} statements`);
  if (ast.type !== 'select') throw new Error('SQL is not a SELECT');
  return {
    shape: JSON.stringify(normalize(ast)),
    textLiterals: collectTextLiterals(ast, []),
    tables: tableList,
    columns: columnList,
  };
}
