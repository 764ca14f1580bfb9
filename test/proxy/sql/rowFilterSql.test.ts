/** Row filters from access rules inside compileQuery: top-level conjuncts the request cannot remove; fail closed. */
import type { RowFilter } from '../../../proxy/src/access/accessRules';
import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import { AccessDeniedError } from '../../../proxy/src/errors';
import { clause, EVENTS, OPTIONS, spec } from '../../support/tableFixtures';

const eu: RowFilter = { column: 'country', operator: 'EQUALS', values: ['DE'], exclude: false };

describe('row filters in compiled queries', () => {
  it("are ANDed at the top level before the request's own OR-groups", () => {
    const sql = compileQuery(
      spec({ dimensionsFilters: [[clause('country', 'EQUALS', ['FR']), clause('country', 'EQUALS', ['DE'])]] }),
      EVENTS,
      { ...OPTIONS, rowFilters: [eu] },
    ).sql;
    expect(sql).toMatch(/WHERE "country" = 'DE' AND \(.+ OR .+\) GROUP BY/);
  });

  it('apply in raw mode and to sample requests, and change the SQL (so the cache key) per rule set', () => {
    const raw = compileQuery(spec({ aggregate: false, fields: [{ name: 'event_id' }] }), EVENTS, {
      ...OPTIONS,
      rowFilters: [eu],
    }).sql;
    expect(raw).toContain(`WHERE "country" = 'DE'`);
    const sample = compileQuery(spec({ sample: true }), EVENTS, { ...OPTIONS, rowFilters: [eu] }).sql;
    expect(sample).toContain(`WHERE "country" = 'DE'`);
    const other = compileQuery(spec(), EVENTS, { ...OPTIONS, rowFilters: [{ ...eu, values: ['FR'] }] }).sql;
    expect(other).not.toBe(compileQuery(spec(), EVENTS, { ...OPTIONS, rowFilters: [eu] }).sql);
  });

  it('render values by the column type and negate EXCLUDE rules including NULLs', () => {
    const sql = compileQuery(spec(), EVENTS, {
      ...OPTIONS,
      rowFilters: [
        { column: 'quantity', operator: 'NUMERIC_GREATER_THAN', values: ['5'], exclude: false },
        { column: 'country', operator: 'IN_LIST', values: ["O'Brien", 'X'], exclude: true },
      ],
    }).sql;
    expect(sql).toContain('"quantity" > 5');
    expect(sql).toContain(`NOT coalesce("country" IN ('O''Brien', 'X'), false)`);
  });

  it('refuse the query when a rule cannot be expressed (unknown column, wrong value type)', () => {
    for (const bad of [
      { ...eu, column: 'region' },
      { column: 'quantity', operator: 'EQUALS' as const, values: ['many'], exclude: false },
    ]) {
      expect(() => compileQuery(spec(), EVENTS, { ...OPTIONS, rowFilters: [bad] })).toThrow(AccessDeniedError);
    }
  });
});
