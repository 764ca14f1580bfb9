/**
 * Filters: EXCLUDE, AND/OR nesting and their order next to the date range; forFilterOnly fields and the fallback to
 * Looker Studio when a filter cannot be pushed down; rejected filter values. Golden SQL of every operator:
 * filterOperators.test.ts.
 */
import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import type { FilterClause, QuerySpec } from '../../../protocol/contract';
import { InvalidRequestError } from '../../../proxy/src/errors';
import { clause, EVENTS, OPTIONS, spec } from '../../support/tableFixtures';
import { one, SELECT, whereOf } from './filterSql';

describe('filters: EXCLUDE, AND/OR nesting', () => {
  it.each<[string, FilterClause[][], string]>([
    [
      'EXCLUDE keeps NULL rows',
      [[clause('country', 'EQUALS', ['Canada'], 'EXCLUDE')]],
      `NOT coalesce("country" = 'Canada', false)`,
    ],
    ['EXCLUDE IS_NULL', [[clause('country', 'IS_NULL', [], 'EXCLUDE')]], `"country" IS NOT NULL`],
    [
      'EXCLUDE of a compound clause',
      [[clause('ts', 'EQUALS', ['20240101000000'], 'EXCLUDE')]],
      `NOT coalesce("ts" >= TIMESTAMP '2024-01-01 00:00:00' AND "ts" < TIMESTAMP '2024-01-01 00:00:01', false)`,
    ],
    [
      'outer arrays AND',
      [[clause('country', 'EQUALS', ['Canada'])], [clause('shard', 'NUMERIC_GREATER_THAN', ['1'])]],
      `"country" = 'Canada' AND "shard" > 1`,
    ],
    [
      'inner arrays OR',
      [[clause('country', 'EQUALS', ['Canada']), clause('shard', 'NUMERIC_GREATER_THAN', ['1'])]],
      `"country" = 'Canada' OR "shard" > 1`,
    ],
    [
      'OR groups inside AND are parenthesised',
      [
        [clause('country', 'EQUALS', ['Canada']), clause('country', 'IS_NULL', [])],
        [clause('is_member', 'EQUALS', ['false'], 'EXCLUDE')],
        [clause('shard', 'IN_LIST', ['1', '2']), clause('dt', 'EQUALS', ['20240101'])],
      ],
      `("country" = 'Canada' OR "country" IS NULL) AND NOT coalesce("is_member" = false, false) AND ` +
        `("shard" IN (1, 2) OR "dt" = '2024-01-01')`,
    ],
    [
      'AND compounds inside OR are parenthesised, inside AND they are not',
      [
        [clause('ts', 'EQUALS', ['20240101000000']), clause('country', 'EQUALS', ['x'])],
        [clause('ts', 'BETWEEN', ['20240101000000', '20240101235959'])],
      ],
      `(("ts" >= TIMESTAMP '2024-01-01 00:00:00' AND "ts" < TIMESTAMP '2024-01-01 00:00:01') OR "country" = 'x') AND ` +
        `"ts" >= TIMESTAMP '2024-01-01 00:00:00' AND "ts" < TIMESTAMP '2024-01-02 00:00:00'`,
    ],
  ])('%s', (_name, filters, expected) => {
    expect(whereOf(filters)).toBe(expected);
  });

  it('puts partition pruning and the date range before the filters', () => {
    const sql = compileQuery(
      spec({
        dateColumn: 'ts',
        dateRange: { startDate: '2024-01-01', endDate: '2024-01-01' },
        dimensionsFilters: [[clause('country', 'EQUALS', ['Canada']), clause('country', 'EQUALS', ['USA'])]],
      }),
      EVENTS,
      OPTIONS,
    ).sql;
    expect(sql).toBe(
      `${SELECT} WHERE "dt" BETWEEN '2023-12-31' AND '2024-01-02' AND "ts" >= TIMESTAMP '2024-01-01 00:00:00' AND ` +
        `"ts" < TIMESTAMP '2024-01-02 00:00:00' AND ("country" = 'Canada' OR "country" = 'USA') GROUP BY 1 ORDER BY 1 LIMIT 1000001`,
    );
  });

  it('keeps very long literals intact', () => {
    const long = 'x'.repeat(100_000);
    expect(whereOf(one(clause('country', 'EQUALS', [long])))).toBe(`"country" = '${long}'`);
  });

  it('leaves a filter to Looker Studio when its exact literal would need more than DECIMAL(38) digits', () => {
    const digits37 = '9'.repeat(37);
    expect(whereOf(one(clause('shard', 'EQUALS', [digits37])))).toBe(`"shard" = ${digits37}.0`);
    const compiled = compileQuery(
      spec({ dimensionsFilters: one(clause('shard', 'EQUALS', ['9'.repeat(38)])) }),
      EVENTS,
      OPTIONS,
    );
    expect(compiled.filtersApplied).toBe(false);
    expect(compiled.sql).not.toContain('9'.repeat(38));
  });
});

describe('filters: forFilterOnly fields and fallback', () => {
  const fields = [{ name: 'country' }, { name: 'record_count' }, { name: 'shard', forFilterOnly: true }];
  const APPLIED = `${SELECT} WHERE "shard" > 1 GROUP BY 1 ORDER BY 1 LIMIT 1000001`;
  const FALLBACK =
    'SELECT "country" AS "country", count(*) AS "record_count", "shard" AS "shard" FROM "lake"."events" GROUP BY 1, 3 ORDER BY 1, 3 LIMIT 1000001';

  function compileWith(extra: FilterClause[][], overrides: Partial<QuerySpec> = {}) {
    const filters = [[clause('shard', 'NUMERIC_GREATER_THAN', ['1'])], ...extra];
    return compileQuery(spec({ fields, dimensionsFilters: filters, ...overrides }), EVENTS, OPTIONS);
  }

  it('does not select forFilterOnly fields when every filter applies', () => {
    const compiled = compileWith([]);
    expect(compiled).toMatchObject({ sql: APPLIED, filtersApplied: true });
    expect(compiled.output.map((column) => column.name)).toEqual(['country', 'record_count']);
  });

  it.each<[string, FilterClause[][]]>([
    ['a metric field', [[clause('amount', 'NUMERIC_GREATER_THAN', ['10'])]]],
    ['a lookahead', [[clause('country', 'REGEXP_PARTIAL_MATCH', ['C(?=a)'])]]],
    ['a backreference', [[clause('country', 'REGEXP_PARTIAL_MATCH', ['(a)\\1'])]]],
    ['a possessive quantifier', [[clause('country', 'REGEXP_EXACT_MATCH', ['a*+'])]]],
    ['a Unicode property class', [[clause('country', 'REGEXP_PARTIAL_MATCH', ['\\p{L}+'])]]],
    ['a named group', [[clause('country', 'REGEXP_PARTIAL_MATCH', ['(?P<x>a)'])]]],
    ['an inline flag other than a leading (?i)', [[clause('country', 'REGEXP_PARTIAL_MATCH', ['a(?i)b'])]]],
    ['a non-numeric value in a numeric comparison', [[clause('shard', 'NUMERIC_LESS_THAN', ['abc'])]]],
    ['a numeric comparison with an empty value', [[clause('shard', 'NUMERIC_LESS_THAN', [''])]]],
    ['a number too long for a decimal literal', [[clause('shard', 'EQUALS', ['1'.repeat(39)])]]],
    ['BETWEEN with one value', [[clause('shard', 'BETWEEN', ['1'])]]],
    ['BETWEEN with three values', [[clause('shard', 'BETWEEN', ['1', '2', '3'])]]],
    ['an empty IN_LIST', [[clause('country', 'IN_LIST', [])]]],
    ['EQUALS with two values', [[clause('country', 'EQUALS', ['a', 'b'])]]],
    ['an impossible date value', [[clause('created_on', 'EQUALS', ['20240230'])]]],
    ['a dashed date value', [[clause('created_on', 'EQUALS', ['2024-01-31'])]]],
    ['a non-boolean value', [[clause('is_member', 'EQUALS', ['yes'])]]],
    ['a boolean ordering', [[clause('is_member', 'NUMERIC_GREATER_THAN', ['0'])]]],
    ['CONTAINS on a number', [[clause('shard', 'CONTAINS', ['1'])]]],
    ['a regex on a date', [[clause('created_on', 'REGEXP_PARTIAL_MATCH', ['2024'])]]],
    ['CONTAINS on a timestamp', [[clause('ts', 'CONTAINS', ['2024'])]]],
    ['a timestamp value that is not YYYYMMDDHHmmss', [[clause('ts', 'EQUALS', ['20240101'])]]],
    ['one bad clause in an OR group', [[clause('country', 'EQUALS', ['a']), clause('amount', 'EQUALS', ['1'])]]],
    ['an empty OR group', [[]]],
  ])('falls back entirely for %s, selecting forFilterOnly fields', (_name, extra) => {
    const compiled = compileWith(extra);
    expect(compiled).toMatchObject({ sql: FALLBACK, filtersApplied: false });
    expect(compiled.output.map((column) => column.name)).toEqual(['country', 'record_count', 'shard']);
  });

  it.each<[string, string]>([
    ['a wall-clock time skipped by DST', '20240310023000'],
    ['a wall-clock time repeated by DST', '20241103013000'],
  ])('falls back for %s', (_name, value) => {
    const compiled = compileWith([[clause('ts', 'NUMERIC_GREATER_THAN', [value])]], { timeZone: 'America/New_York' });
    expect(compiled.filtersApplied).toBe(false);
  });

  it('falls back when a forFilterOnly field is filtered by no clause (Looker holds a filter the request lacks)', () => {
    const compiled = compileQuery(
      spec({
        fields: [...fields, { name: 'is_member', forFilterOnly: true }],
        dimensionsFilters: [[clause('shard', 'EQUALS', ['1'])]],
      }),
      EVENTS,
      OPTIONS,
    );
    expect(compiled.filtersApplied).toBe(false);
    expect(compiled.output.map((column) => column.name)).toEqual(['country', 'record_count', 'shard', 'is_member']);
  });

  it('still applies the date range when filters fall back', () => {
    const compiled = compileWith([[clause('amount', 'EQUALS', ['1'])]], {
      dateColumn: 'created_on',
      dateRange: { startDate: '2024-01-01', endDate: '2024-01-02' },
    });
    expect(compiled.sql).toBe(
      'SELECT "country" AS "country", count(*) AS "record_count", "shard" AS "shard" FROM "lake"."events" ' +
        `WHERE "dt" BETWEEN '2023-12-31' AND '2024-01-03' AND "created_on" BETWEEN DATE '2024-01-01' AND DATE '2024-01-02' ` +
        'GROUP BY 1, 3 ORDER BY 1, 3 LIMIT 1000001',
    );
  });

  it.each<[string, string]>([
    ['NUL', 'a\u0000b'],
    ['an unpaired surrogate', 'a\ud800b'],
  ])('rejects a filter value containing %s, even one that would fall back', (_name, value) => {
    expect(() => compileWith([[clause('amount', 'EQUALS', ['1'])], [clause('country', 'EQUALS', [value])]])).toThrow(
      InvalidRequestError,
    );
  });

  it('accepts a properly paired surrogate (emoji)', () => {
    expect(whereOf(one(clause('country', 'EQUALS', ['🇨🇦'])))).toBe(`"country" = '🇨🇦'`);
  });
});
