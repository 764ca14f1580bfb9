/**
 * Queries of the engine contract and their expected rows, as Athena prints them, for the `typed` table of
 * contractLake.ts. The SQL uses the compiler's Trino vocabulary (plus ORDER BY, so rows come in a fixed order).
 */
import { CONTRACT_DATABASE as DB } from './contractLake';

type Row = (string | null)[];

/** [name, Athena type, partition key] of `typed`, in Glue order. */
export const TYPED_COLUMNS: [string, string, boolean][] = [
  ['id', 'bigint', false],
  ['name', 'string', false],
  ['amount', 'decimal(10,2)', false],
  ['big', 'bigint', false],
  ['ratio', 'double', false],
  ['happened', 'timestamp', false],
  ['flag', 'boolean', false],
  ['tags', 'array<string>', false],
  ['attrs', 'map<string,int>', false],
  ['ctx', 'struct<os:string,version:int>', false],
  ['dt', 'string', true],
];

const T = `"${DB}"."typed"`;

export const QUERY_CASES: { name: string; sql: string; rows: Row[] }[] = [
  {
    name: 'text with quotes, newlines and unicode; NULL distinct from empty; exact decimals and bigints',
    sql: `SELECT "id", "name", "amount", "big", "dt" FROM ${T} ORDER BY "id"`,
    rows: [
      ['1', 'plain', '12.50', '9007199254740993', '2024-01-15'],
      ['2', 'say "hi", then\nleave', '-0.01', '-9223372036854775808', '2024-01-15'],
      ['3', 'naïve 日本 🚀', null, '0', '2024-01-16'],
      ['4', '', '100.00', '9223372036854775807', '2024-01-16'],
      ['5', null, '0.00', null, '2024-01-16'],
    ],
  },
  {
    name: 'timestamps with milliseconds, booleans and doubles',
    sql: `SELECT "id", "happened", "flag", "ratio" FROM ${T} ORDER BY "id"`,
    rows: [
      ['1', '2024-01-15 10:30:00.123', 'true', '0.5'],
      ['2', '2024-01-15 23:59:59.000', 'false', '-2.25'],
      ['3', '2024-01-16 00:00:00.000', null, null],
      ['4', null, 'true', '1.0'],
      ['5', '2024-01-16 12:00:00.500', 'false', '0.125'],
    ],
  },
  {
    name: 'arrays, maps and structs as JSON text',
    sql: `SELECT "id", json_format(CAST("tags" AS JSON)), json_format(CAST("attrs" AS JSON)), json_format(CAST("ctx" AS JSON)) FROM ${T} ORDER BY "id"`,
    rows: [
      ['1', '["a","b"]', '{"k":1}', '{"os":"ios","version":17}'],
      ['2', '[]', '{}', '{"os":"android","version":null}'],
      ['3', null, null, null],
      ['4', '["x,y","q\\"t"]', '{"a":2,"b":3}', '{"os":"","version":0}'],
      ['5', '["z"]', '{"k":null}', null],
    ],
  },
  {
    name: 'filters: BETWEEN on the partition, IN, regexp_like, IS NULL, OR',
    sql:
      `SELECT "id" FROM ${T} WHERE "dt" BETWEEN '2024-01-15' AND '2024-01-16' AND "id" IN (1, 2, 3, 5) ` +
      `AND (regexp_like("name", '^(plain|naïve)') OR "name" IS NULL) ORDER BY "id"`,
    rows: [['1'], ['3'], ['5']],
  },
  {
    name: 'aggregation per partition: count, sum of decimals, min of bigints, max of timestamps',
    sql: `SELECT "dt", count(*), count("amount"), sum("amount"), min("big"), max("happened") FROM ${T} GROUP BY 1 ORDER BY 1`,
    rows: [
      ['2024-01-15', '2', '2', '12.49', '-9223372036854775808', '2024-01-15 23:59:59.000'],
      ['2024-01-16', '3', '2', '100.00', '0', '2024-01-16 12:00:00.500'],
    ],
  },
  {
    name: 'instants: from_iso8601_timestamp, at_timezone and date_format',
    sql:
      `SELECT "id", date_format(at_timezone("happened", 'Europe/Paris'), '%Y%m%d%H'), date_format("happened", '%Y-%m-%d') ` +
      `FROM ${T} WHERE "happened" >= from_iso8601_timestamp('2024-01-15T23:00:00Z') ORDER BY "id"`,
    rows: [
      ['2', '2024011600', '2024-01-15'],
      ['3', '2024011601', '2024-01-16'],
      ['5', '2024011613', '2024-01-16'],
    ],
  },
  {
    name: 'text functions: lpad, coalesce, concat, strpos, try_cast',
    sql:
      `SELECT lpad(CAST("id" AS varchar), 3, '0'), coalesce("name", '(none)'), concat("dt", '/', CAST("id" AS varchar)), ` +
      `strpos("name", 'a'), try_cast("name" AS double) FROM ${T} WHERE "id" IN (1, 4, 5) ORDER BY "id"`,
    rows: [
      ['001', 'plain', '2024-01-15/1', '3', null],
      ['004', '', '2024-01-16/4', '0', null],
      ['005', '(none)', '2024-01-16/5', null, null],
    ],
  },
  {
    name: 'an empty result',
    sql: `SELECT "id", "name" FROM ${T} WHERE "id" > 100`,
    rows: [],
  },
];
