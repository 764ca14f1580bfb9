/**
 * Shared by the filter tests: the SQL of a record count by country, and a helper that compiles it under filters and
 * returns the WHERE clause.
 */
import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import type { FilterClause } from '../../../protocol/contract';
import { EVENTS, OPTIONS, spec } from '../../support/tableFixtures';

export const SELECT = 'SELECT "country" AS "country", count(*) AS "record_count" FROM "lake"."events"';

/** Compiles a record count by country under `filters` and returns the WHERE clause (or throws when there is none). */
export function whereOf(filters: FilterClause[][], timeZone?: string): string {
  const compiled = compileQuery(
    spec({ dimensionsFilters: filters, ...(timeZone ? { timeZone } : {}) }),
    EVENTS,
    OPTIONS,
  );
  expect(compiled.filtersApplied).toBe(true);
  const prefix = `${SELECT} WHERE `;
  const suffix = ' GROUP BY 1 ORDER BY 1 LIMIT 1000001';
  if (!compiled.sql.startsWith(prefix) || !compiled.sql.endsWith(suffix))
    throw new Error(`unexpected SQL: ${compiled.sql}`);
  return compiled.sql.slice(prefix.length, -suffix.length);
}

/** A single clause as a whole filter. */
export const one = (c: FilterClause) => [[c]];
