/** The Trino checks refuse what Athena's Trino refuses and accept the compiler's vocabulary. */
import { trinoProblems } from '../../../testing/trinoCheck/trinoCheck';

const FROM = 'FROM "lake"."events"';

describe('Trino checks', () => {
  it("accepts the compiler's whole vocabulary", () => {
    const sql =
      `SELECT date_format(at_timezone("ts", 'Asia/Calcutta'), '%Y%m%d%H') AS "d", CAST(sum("x") AS double) / count("x") AS "a", ` +
      `count(*) AS "n", min("m") AS "mi", max("m") AS "ma", json_format(CAST("j" AS JSON)) AS "j" ${FROM} ` +
      `WHERE "dt" BETWEEN '2024-01-01' AND '2024-01-31' AND lpad(CAST("mo" AS varchar), 2, '0') = '01' ` +
      `AND concat("y", '-', "mo") >= '2024-01' AND "ts" >= TIMESTAMP '2024-02-29 23:59:59' ` +
      `AND "tz" < from_iso8601_timestamp('2024-01-01T00:00:00Z') AND "c" = DATE '2024-12-31' ` +
      `AND (strpos("s", 'a') > 0 OR regexp_like("s", '(?i)^(?:x)$')) AND NOT coalesce("b" IN (true, false), false) ` +
      `AND try_cast("t" AS double) > 12345678901234567890123.0 AND "i" = -9223372036854775807 AND "e" IS NULL ` +
      `GROUP BY 1 ORDER BY 1 LIMIT 1000001`;
    expect(trinoProblems(sql)).toEqual([]);
  });

  it.each([
    ['an integer beyond BIGINT', `SELECT 1 ${FROM} WHERE "y" = 9223372036854775808`, /outside BIGINT/],
    ['BIGINT min written as a literal', `SELECT 1 ${FROM} WHERE "y" = -9223372036854775808`, /outside BIGINT/],
    ['a decimal over 38 digits', `SELECT 1 ${FROM} WHERE "y" = ${'9'.repeat(38)}.5`, /DECIMAL\(38\)/],
    ['an unknown function', `SELECT ilike("s", 'a') ${FROM}`, /function ilike/],
    ['a wrong arity', `SELECT lpad("s", 2) ${FROM}`, /lpad does not take 2/],
    ['a date_format specifier Trino lacks', `SELECT date_format("ts", '%Y%U') ${FROM}`, /%U/],
    ["a zone outside Trino's index", `SELECT at_timezone("ts", 'America/Coyhaique') ${FROM}`, /zone index/],
    ['an impossible date', `SELECT 1 ${FROM} WHERE "d" = DATE '2023-02-29'`, /not a valid date/],
    [
      'an impossible timestamp',
      `SELECT 1 ${FROM} WHERE "t" = TIMESTAMP '2024-01-01 24:00:00'`,
      /not a valid timestamp/,
    ],
    ['an empty quoted identifier', `SELECT "" ${FROM}`, /empty/],
    ['a cast to an unknown type', `SELECT CAST("x" AS hugeint) ${FROM}`, /cast to hugeint/],
    ['two statements', `SELECT 1 ${FROM}; SELECT 2 ${FROM}`, /exactly one statement/],
    ['a syntax error', `SELECT ${FROM}`, /line 1:/],
    ['query text over 262,144 bytes', `SELECT 1 ${FROM} WHERE "s" = '${'é'.repeat(131_100)}'`, /262144/],
  ])('refuses %s', (_name, sql, problem) => {
    expect(trinoProblems(sql).join('; ')).toMatch(problem);
  });
});
