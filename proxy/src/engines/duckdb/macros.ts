/**
 * Macros that let the compiler's canonical Trino SQL run unchanged on DuckDB (the SQL vocabulary contract between
 * the compiler and the engines; docs/reference-tooling.md#duckdb-as-the-local-engine). Functions DuckDB already has
 * with Trino's meaning (strpos, lpad, try_cast, coalesce, CAST) need nothing.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Trino `date_format` specifiers differ from strftime's (`%i` minutes, `%M` month name), and strftime needs a
 * constant format, so each allowed format maps to its strftime twin and any other one fails loudly.
 */
const DATE_FORMATS: Record<string, string> = {
  '%Y%m%d': '%Y%m%d',
  '%Y%m%d%H': '%Y%m%d%H',
  '%Y-%m-%d': '%Y-%m-%d',
};

/** Trino's concat is NULL when any argument is NULL (like `||`); DuckDB's skips NULLs. Up to this many args. */
const CONCAT_MAX_ARGS = 12;

function dateFormatMacro(): string {
  const branches = Object.entries(DATE_FORMATS)
    .map(([trino, strftime]) => `WHEN '${trino}' THEN strftime(CAST(ts AS TIMESTAMP), '${strftime}')`)
    .join(' ');
  const allowed = Object.keys(DATE_FORMATS).join(', ');
  return (
    `CREATE OR REPLACE MACRO date_format(ts, fmt) AS CASE fmt ${branches} ` +
    `ELSE error('date_format: unsupported format ' || fmt || ' (supported: ${allowed})') END`
  );
}

function concatMacro(): string {
  const overloads: string[] = [];
  for (let n = 2; n <= CONCAT_MAX_ARGS; n++) {
    const args = Array.from({ length: n }, (_, i) => `a${i + 1}`);
    overloads.push(`(${args.join(', ')}) AS ${args.join(' || ')}`);
  }
  return `CREATE OR REPLACE MACRO concat${overloads.join(', ')}`;
}

/** The statements installing every Trino-compatibility macro, in order. */
function trinoCompatibilityMacros(): string[] {
  return [
    'CREATE OR REPLACE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)',
    'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
    // An instant (naive timestamps are taken as UTC, the session zone) → wall-clock time in `zone`.
    'CREATE OR REPLACE MACRO at_timezone(ts, zone) AS timezone(zone, CAST(ts AS TIMESTAMPTZ))',
    'CREATE OR REPLACE MACRO json_format(j) AS CAST(j AS VARCHAR)',
    dateFormatMacro(),
    concatMacro(),
  ];
}

/** Installs the macros in the database's default schema, where every connection finds them. */
export async function installTrinoMacros(connection: DuckDBConnection): Promise<void> {
  for (const statement of trinoCompatibilityMacros()) await connection.run(statement);
}
