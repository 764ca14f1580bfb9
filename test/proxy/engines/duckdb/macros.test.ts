/**
 * The SQL vocabulary contract: every construct the compiler may emit runs unchanged on the DuckDB engine with
 * Trino's meaning, and values come back as Athena's result text. Expectations are computed by hand.
 */
import { promises as fs } from 'node:fs';
import { createDuckDbEngine, type DuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import { makeTempDir, queryFailure, queryRows } from './helpers';

let lake: string;
let engine: DuckDbEngine;

beforeAll(async () => {
  lake = await makeTempDir('macro-lake');
  engine = await createDuckDbEngine({ lakeDir: lake, threads: 1 });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(lake, { recursive: true, force: true });
});

/** The single value of a one-row, one-column query. */
const valueOf = async (expression: string) => (await queryRows(engine, `SELECT ${expression}`))[0][0];

describe('Trino functions', () => {
  it.each([
    ["date_format(TIMESTAMP '2024-03-05 07:08:09', '%Y%m%d')", '20240305'],
    ["date_format(TIMESTAMP '2024-03-05 07:08:09', '%Y%m%d%H')", '2024030507'],
    ["date_format(TIMESTAMP '2024-03-05 07:08:09', '%Y-%m-%d')", '2024-03-05'],
    ["date_format(DATE '2024-12-31', '%Y%m%d')", '20241231'],
    ["date_format(from_iso8601_timestamp('2024-06-30T23:30:00Z'), '%Y%m%d%H')", '2024063023'],
    ["date_format(CAST(NULL AS TIMESTAMP), '%Y%m%d')", null],
  ])('date_format: %s', async (expression, expected) => {
    expect(await valueOf(expression)).toBe(expected);
  });

  it('date_format refuses formats outside the contract instead of misreading Trino specifiers', async () => {
    // In Trino %i is minutes and %M the month name; strftime would read them differently or not at all.
    const status = await queryFailure(engine, "SELECT date_format(TIMESTAMP '2024-03-05 07:08:09', '%Y-%m-%d %H:%i')");
    expect(status.state).toBe('FAILED');
    expect(status.error).toMatchObject({ category: 'USER', message: expect.stringMatching(/unsupported format/) });
  });

  it.each([
    // America/New_York springs forward at 07:00 UTC on 2024-03-10 (01:59 EST is followed by 03:00 EDT).
    ["at_timezone(TIMESTAMP '2024-03-10 06:59:00', 'America/New_York')", '2024-03-10 01:59:00.000'],
    ["at_timezone(TIMESTAMP '2024-03-10 07:00:00', 'America/New_York')", '2024-03-10 03:00:00.000'],
    // …and falls back at 06:00 UTC on 2024-11-03: two different instants show the same wall-clock time.
    ["at_timezone(TIMESTAMP '2024-11-03 05:30:00', 'America/New_York')", '2024-11-03 01:30:00.000'],
    ["at_timezone(TIMESTAMP '2024-11-03 06:30:00', 'America/New_York')", '2024-11-03 01:30:00.000'],
    // Half-hour zones, including a date change: India +05:30, Adelaide +10:30 in (southern) summer.
    ["at_timezone(TIMESTAMP '2024-01-01 20:00:00', 'Asia/Kolkata')", '2024-01-02 01:30:00.000'],
    ["at_timezone(TIMESTAMP '2024-01-01 20:00:00', 'Australia/Adelaide')", '2024-01-02 06:30:00.000'],
    ["at_timezone(TIMESTAMP '2024-07-01 20:00:00', 'Australia/Adelaide')", '2024-07-02 05:30:00.000'],
    ["at_timezone(from_iso8601_timestamp('2024-07-01T12:00:00Z'), 'Europe/Berlin')", '2024-07-01 14:00:00.000'],
    ["date_format(at_timezone(TIMESTAMP '2024-01-01 20:00:00', 'Asia/Kolkata'), '%Y%m%d%H')", '2024010201'],
    ["at_timezone(TIMESTAMP '2024-01-01 20:00:00', 'UTC')", '2024-01-01 20:00:00.000'],
  ])('at_timezone: %s', async (expression, expected) => {
    expect(await valueOf(expression)).toBe(expected);
  });

  it.each([
    ["regexp_like('abc', 'b')", 'true'],
    ["regexp_like('abc', '^b')", 'false'],
    ["regexp_like('Zürich', 'ü')", 'true'],
    ["regexp_like(NULL, 'a')", null],
    ["from_iso8601_timestamp('2024-01-01T10:00:00Z')", '2024-01-01 10:00:00.000 UTC'],
    ["from_iso8601_timestamp('2024-01-01T10:00:00Z') = TIMESTAMP '2024-01-01 10:00:00'", 'true'],
    ['json_format(CAST([1, 2, 3] AS JSON))', '[1,2,3]'],
    ["json_format(CAST({'a': 1, 'b': 'x'} AS JSON))", '{"a":1,"b":"x"}'],
    ["json_format(CAST(MAP {'k': 1} AS JSON))", '{"k":1}'],
    ["strpos('hello', 'l')", '3'],
    ["strpos('hello', 'z')", '0'],
    ["lpad('7', 2, '0')", '07'],
    ["lpad('123', 2, '0')", '12'],
    ["lpad('', 3, '0')", '000'],
    ["concat('a', 'b', 'c')", 'abc'],
    ["concat('20', lpad('5', 2, '0'), lpad('9', 2, '0'))", '200509'],
    ["concat('a', NULL)", null],
    ["try_cast('x' AS double)", null],
    ["try_cast('1.5' AS double)", '1.5'],
    ['CAST(42 AS varchar)', '42'],
    ["CAST('2.5' AS double)", '2.5'],
    ["coalesce(NULL, 'fallback')", 'fallback'],
    ["'it''s'", "it's"],
  ])('%s', async (expression, expected) => {
    expect(await valueOf(expression)).toBe(expected);
  });

  it('accepts the statement shapes of the contract: quoted identifiers, BETWEEN, IN, IS NULL, GROUP BY ordinals', async () => {
    const rows = await queryRows(
      engine,
      `SELECT "a""b", count(*), sum("n"), min("n"), max("n"), count("n") FROM ` +
        `(SELECT * FROM (VALUES ('x', 1), ('x', 2), ('y', NULL), ('z', 5)) AS "t"("a""b", "n")) AS "s" ` +
        `WHERE ("n" BETWEEN 1 AND 4 OR "n" IS NULL) AND "a""b" IN ('x', 'y') AND NOT "a""b" = 'q' GROUP BY 1 LIMIT 10`,
    );
    expect(rows.sort()).toEqual([
      ['x', '2', '3', '1', '2', '2'],
      ['y', '1', null, null, null, '0'],
    ]);
  });
});

describe('result values as Athena CSV text', () => {
  it.each([
    ['true', 'true'],
    ['false', 'false'],
    ["DATE '2024-02-29'", '2024-02-29'],
    ["TIMESTAMP '2024-02-29 12:34:56'", '2024-02-29 12:34:56.000'],
    ["TIMESTAMP '2024-02-29 12:34:56.789'", '2024-02-29 12:34:56.789'],
    ['1.50', '1.50'],
    ['CAST(1.5 AS double)', '1.5'],
    ["CAST('NaN' AS double)", 'NaN'],
    ["CAST('-Infinity' AS double)", '-Infinity'],
    ['9007199254740993', '9007199254740993'],
    ['sum(x) FROM (VALUES (9223372036854775807), (1)) AS t(x)', '9223372036854775808'],
    ["''", ''],
    ['NULL', null],
    ['CAST(NULL AS varchar)', null],
    ['\'Zürich, "quoted"\nnext line\'', 'Zürich, "quoted"\nnext line'],
    ['[1, 2]', '[1,2]'],
  ])('%s', async (expression, expected) => {
    expect(await valueOf(expression)).toBe(expected);
  });
});
