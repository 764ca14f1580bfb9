/**
 * Filters, golden SQL of every operator: text, numbers (exact literals, BIGINT limits), booleans, dates, dt
 * partitions, timestamps (with report time zones and DST), derived date fields and complex values.
 * EXCLUDE, AND/OR nesting, forFilterOnly fields and fallback: filters.test.ts.
 */
import type { FilterClause } from '../../../protocol/contract';
import { clause } from '../../support/tableFixtures';
import { one, whereOf } from './filterSql';

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
