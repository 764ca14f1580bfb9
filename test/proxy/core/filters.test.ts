import { compileQuery } from '../../../proxy/src/core/compileQuery';
import type { FilterClause, QuerySpec } from '../../../protocol/contract';
import { InvalidRequestError } from '../../../proxy/src/errors';
import { clause, EVENTS, OPTIONS, spec } from './fixtures';

const SELECT = 'SELECT "country" AS "country", count(*) AS "record_count" FROM "lake"."events"';

/** Compiles a record count by country under `filters` and returns the WHERE clause (or throws when there is none). */
function whereOf(filters: FilterClause[][], timeZone?: string): string {
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

const one = (c: FilterClause) => [[c]];

describe('filters: every operator (golden SQL)', () => {
  it.each<[string, FilterClause, string]>([
    ['EQUALS text', clause('country', 'EQUALS', ['Canada']), `"country" = 'Canada'`],
    ['EQUALS escapes quotes', clause('country', 'EQUALS', ["O'Hare"]), `"country" = 'O''Hare'`],
    ['EQUALS keeps backslashes literal', clause('country', 'EQUALS', ['a\\b']), `"country" = 'a\\b'`],
    ['CONTAINS', clause('country', 'CONTAINS', ['an']), `strpos("country", 'an') > 0`],
    [
      'REGEXP_PARTIAL_MATCH',
      clause('country', 'REGEXP_PARTIAL_MATCH', ['(?i)R[A-Z]*']),
      `regexp_like("country", '(?i)R[A-Z]*')`,
    ],
    [
      'REGEXP_EXACT_MATCH anchors the whole pattern',
      clause('country', 'REGEXP_EXACT_MATCH', ['US|CA']),
      `regexp_like("country", '^(?:US|CA)$')`,
    ],
    [
      'REGEXP_EXACT_MATCH keeps a leading (?i) in front',
      clause('country', 'REGEXP_EXACT_MATCH', ["(?i)o'h.*"]),
      `regexp_like("country", '(?i)^(?:o''h.*)$')`,
    ],
    ['IN_LIST', clause('country', 'IN_LIST', ['Canada', 'USA']), `"country" IN ('Canada', 'USA')`],
    ['IS_NULL', clause('country', 'IS_NULL', []), `"country" IS NULL`],
    ['BETWEEN numbers', clause('shard', 'BETWEEN', ['1', '5']), `"shard" BETWEEN 1 AND 5`],
    ['NUMERIC_GREATER_THAN', clause('shard', 'NUMERIC_GREATER_THAN', ['3']), `"shard" > 3`],
    ['NUMERIC_GREATER_THAN_OR_EQUAL', clause('shard', 'NUMERIC_GREATER_THAN_OR_EQUAL', ['3']), `"shard" >= 3`],
    ['NUMERIC_LESS_THAN', clause('shard', 'NUMERIC_LESS_THAN', ['-2.50']), `"shard" < -2.5`],
    ['NUMERIC_LESS_THAN_OR_EQUAL', clause('shard', 'NUMERIC_LESS_THAN_OR_EQUAL', ['1e3']), `"shard" <= 1000`],
    ['number literals never use exponents', clause('shard', 'EQUALS', ['1.5E-7']), `"shard" = 0.00000015`],
    [
      'integers beyond BIGINT stay exact as DECIMAL(n, 0) literals Trino accepts (docs/athena.md#numeric-literals)',
      clause('shard', 'IN_LIST', ['12345678901234567890123', '007', '-0']),
      `"shard" IN (12345678901234567890123.0, 7, 0)`,
    ],
    [
      'BIGINT max stays an integer literal',
      clause('shard', 'EQUALS', ['9223372036854775807']),
      `"shard" = 9223372036854775807`,
    ],
    ['one past BIGINT max', clause('shard', 'EQUALS', ['9223372036854775808']), `"shard" = 9223372036854775808.0`],
    [
      'BIGINT min is out of range too: Trino reads the digits before the minus sign',
      clause('shard', 'EQUALS', ['-9223372036854775808']),
      `"shard" = -9223372036854775808.0`,
    ],
    [
      '1e20 on a text column, compared only where the text is a number spelling both engines read alike',
      clause('country', 'NUMERIC_LESS_THAN', ['1e20']),
      `try_cast(CASE WHEN regexp_like("country", '\\A[+-]?(?:[0-9]{1,200}(?:[.][0-9]*)?|[.][0-9]+)(?:[eE][+-]?[0-9]{1,2})?\\z') ` +
        `THEN "country" END AS double) < 100000000000000000000.0`,
    ],
    [
      'a fraction beyond BIGINT is already a decimal',
      clause('shard', 'EQUALS', ['10000000000000000000.5']),
      `"shard" = 10000000000000000000.5`,
    ],
    ['boolean EQUALS', clause('is_member', 'EQUALS', ['TRUE']), `"is_member" = true`],
    ['boolean IN_LIST', clause('is_member', 'IN_LIST', ['true', 'false']), `"is_member" IN (true, false)`],
    ['date EQUALS takes YYYYMMDD', clause('created_on', 'EQUALS', ['20240131']), `"created_on" = DATE '2024-01-31'`],
    [
      'date BETWEEN',
      clause('created_on', 'BETWEEN', ['20190101', '20190131']),
      `"created_on" BETWEEN DATE '2019-01-01' AND DATE '2019-01-31'`,
    ],
    [
      'date NUMERIC_LESS_THAN',
      clause('created_on', 'NUMERIC_LESS_THAN', ['20190101']),
      `"created_on" < DATE '2019-01-01'`,
    ],
    [
      'dt partition compares YYYY-MM-DD text',
      clause('dt', 'IN_LIST', ['20240131', '20240201']),
      `"dt" IN ('2024-01-31', '2024-02-01')`,
    ],
    [
      'timestamp EQUALS covers the whole displayed second',
      clause('ts', 'EQUALS', ['20240131235959']),
      `"ts" >= TIMESTAMP '2024-01-31 23:59:59' AND "ts" < TIMESTAMP '2024-02-01 00:00:00'`,
    ],
    [
      'timestamp NUMERIC_GREATER_THAN',
      clause('ts', 'NUMERIC_GREATER_THAN', ['20240131120000']),
      `"ts" >= TIMESTAMP '2024-01-31 12:00:01'`,
    ],
    [
      'timestamp NUMERIC_GREATER_THAN_OR_EQUAL',
      clause('ts', 'NUMERIC_GREATER_THAN_OR_EQUAL', ['20240131120000']),
      `"ts" >= TIMESTAMP '2024-01-31 12:00:00'`,
    ],
    [
      'timestamp NUMERIC_LESS_THAN',
      clause('ts', 'NUMERIC_LESS_THAN', ['20240131120000']),
      `"ts" < TIMESTAMP '2024-01-31 12:00:00'`,
    ],
    [
      'timestamp NUMERIC_LESS_THAN_OR_EQUAL',
      clause('ts', 'NUMERIC_LESS_THAN_OR_EQUAL', ['20240131120000']),
      `"ts" < TIMESTAMP '2024-01-31 12:00:01'`,
    ],
    [
      'timestamp BETWEEN includes the last second',
      clause('ts', 'BETWEEN', ['20240101000000', '20240131235959']),
      `"ts" >= TIMESTAMP '2024-01-01 00:00:00' AND "ts" < TIMESTAMP '2024-02-01 00:00:00'`,
    ],
    [
      'timestamp IN_LIST is one interval per value',
      clause('ts', 'IN_LIST', ['20240101000000', '20240102000000']),
      `("ts" >= TIMESTAMP '2024-01-01 00:00:00' AND "ts" < TIMESTAMP '2024-01-01 00:00:01') OR ` +
        `("ts" >= TIMESTAMP '2024-01-02 00:00:00' AND "ts" < TIMESTAMP '2024-01-02 00:00:01')`,
    ],
    ['timestamp IS_NULL', clause('ts', 'IS_NULL', []), `"ts" IS NULL`],
    [
      'timestamp with time zone uses instants',
      clause('sent_at', 'NUMERIC_LESS_THAN', ['20240131120000']),
      `"sent_at" < from_iso8601_timestamp('2024-01-31T12:00:00Z')`,
    ],
    [
      'derived day field compares its text',
      clause('ts_date', 'EQUALS', ['20240131']),
      `date_format("ts", '%Y%m%d') = '20240131'`,
    ],
    [
      'derived day field compares numerically like Looker',
      clause('ts_date', 'BETWEEN', ['20240101', '20240131']),
      `try_cast(date_format("ts", '%Y%m%d') AS double) BETWEEN 20240101 AND 20240131`,
    ],
    [
      'derived hour field CONTAINS',
      clause('ts_hour', 'CONTAINS', ['202401']),
      `strpos(date_format("ts", '%Y%m%d%H'), '202401') > 0`,
    ],
    [
      'complex values filter on their JSON text',
      clause('tags', 'CONTAINS', ['"vip"']),
      `strpos(json_format(CAST("tags" AS JSON)), '"vip"') > 0`,
    ],
  ])('%s', (_name, filter, expected) => {
    expect(whereOf(one(filter))).toBe(expected);
  });

  it('converts timestamp filter values from the report zone (Kolkata, +05:30)', () => {
    expect(whereOf(one(clause('ts', 'EQUALS', ['20240101000000'])), 'Asia/Kolkata')).toBe(
      `"ts" >= TIMESTAMP '2023-12-31 18:30:00' AND "ts" < TIMESTAMP '2023-12-31 18:30:01'`,
    );
  });

  it('converts timestamp filter values across a DST change (New York)', () => {
    expect(whereOf(one(clause('ts', 'BETWEEN', ['20240310000000', '20240310235959'])), 'America/New_York')).toBe(
      `"ts" >= TIMESTAMP '2024-03-10 05:00:00' AND "ts" < TIMESTAMP '2024-03-11 04:00:00'`,
    );
  });

  it('compares derived day fields in the report zone', () => {
    expect(whereOf(one(clause('ts_date', 'EQUALS', ['20240310'])), 'America/New_York')).toBe(
      `date_format(at_timezone("ts", 'America/New_York'), '%Y%m%d') = '20240310'`,
    );
  });
});

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
