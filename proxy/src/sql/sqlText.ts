/**
 * SQL text primitives. Every identifier and literal in compiled SQL goes through these, so quoting rules live in
 * one place (docs/reference-athena.md#sql-dialect and
 * docs/reference-athena.md#injection-rules): identifiers always double-quoted with `"` doubled, strings
 * single-quoted with `'` doubled, numbers as plain decimals, dates and instants as typed literals.
 */

/** `"name"`, with embedded double quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'`, with embedded single quotes doubled (backslash has no escape role in Trino or DuckDB literals). */
export function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `DATE 'YYYY-MM-DD'`. */
export function dateLiteral(isoDate: string): string {
  return `DATE '${isoDate}'`;
}

/**
 * An instant (epoch seconds) compared with a timestamp column: `TIMESTAMP 'YYYY-MM-DD HH:MM:SS'` for a naive
 * timestamp (taken as UTC), `from_iso8601_timestamp('YYYY-MM-DDTHH:MM:SSZ')` for a timestamp with time zone.
 */
export function instantLiteral(isoUtc: string, withTimeZone: boolean): string {
  return withTimeZone ? `from_iso8601_timestamp('${isoUtc}Z')` : `TIMESTAMP '${isoUtc.replace('T', ' ')}'`;
}

/** A predicate and, when it is a compound, the operator joining its parts (to decide on parentheses). */
export interface Predicate {
  sql: string;
  joinedBy?: 'AND' | 'OR';
}

/** Joins predicates with AND/OR, parenthesising only parts joined by the other operator. */
export function joinPredicates(parts: Predicate[], operator: 'AND' | 'OR'): Predicate {
  if (parts.length === 1) return parts[0];
  const sql = parts
    .map((part) => (part.joinedBy && part.joinedBy !== operator ? `(${part.sql})` : part.sql))
    .join(` ${operator} `);
  return { sql, joinedBy: operator };
}

/** The rows a predicate rejects, NULL included: `NOT coalesce(p, false)` keeps rows where `p` is unknown. */
export function negatePredicate(predicate: Predicate): Predicate {
  return { sql: `NOT coalesce(${predicate.sql}, false)` };
}
