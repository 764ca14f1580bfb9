import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import { InvalidRequestError, UnknownFieldError } from '../../../proxy/src/errors';
import type { QuerySpec } from '../../../protocol/contract';
import { clause, column, EVENTS, OPTIONS, spec, table } from '../../support/tableFixtures';

const BY_COUNTRY =
  'SELECT "country" AS "country", count(*) AS "record_count" FROM "lake"."events" GROUP BY 1 ORDER BY 1';

function sqlOf(overrides: Partial<QuerySpec>): string {
  return compileQuery(spec(overrides), EVENTS, OPTIONS).sql;
}

describe('compileQuery: select list, grouping and limits (golden SQL)', () => {
  it.each<[string, Partial<QuerySpec>, string]>([
    ['dimension and record count', {}, `${BY_COUNTRY} LIMIT 1000001`],
    [
      'only metrics: one row, so no GROUP BY and no LIMIT',
      { fields: [{ name: 'record_count' }, { name: 'amount' }] },
      'SELECT count(*) AS "record_count", sum("amount") AS "amount" FROM "lake"."events"',
    ],
    [
      'dimensions grouped by their ordinals in request order',
      { fields: [{ name: 'amount' }, { name: 'country' }, { name: 'ts_date' }, { name: 'record_count' }] },
      'SELECT sum("amount") AS "amount", "country" AS "country", date_format("ts", \'%Y%m%d\') AS "ts_date", ' +
        'count(*) AS "record_count" FROM "lake"."events" GROUP BY 2, 3 ORDER BY 2, 3 LIMIT 1000001',
    ],
    [
      'only dimensions: one row per combination',
      { fields: [{ name: 'is_member' }, { name: 'shard' }] },
      'SELECT "is_member" AS "is_member", "shard" AS "shard" FROM "lake"."events" GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 1000001',
    ],
    [
      'every aggregate of a numeric column, the average computed as sum / count',
      { fields: [{ name: 'price_min' }, { name: 'price_max' }, { name: 'price_count' }, { name: 'price_avg' }] },
      'SELECT min("price") AS "price_min", max("price") AS "price_max", count("price") AS "price_count", ' +
        'CAST(sum("price") AS double) / count("price") AS "price_avg" FROM "lake"."events"',
    ],
    [
      'timestamps in UTC: the naive column as is, the zoned one converted',
      { fields: [{ name: 'ts' }, { name: 'ts_hour' }, { name: 'sent_at' }, { name: 'sent_at_date' }] },
      'SELECT "ts" AS "ts", date_format("ts", \'%Y%m%d%H\') AS "ts_hour", at_timezone("sent_at", \'UTC\') AS "sent_at", ' +
        'date_format(at_timezone("sent_at", \'UTC\'), \'%Y%m%d\') AS "sent_at_date" FROM "lake"."events" ' +
        'GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 LIMIT 1000001',
    ],
    [
      'timestamps in another zone',
      { fields: [{ name: 'ts' }, { name: 'ts_date' }, { name: 'created_on' }], timeZone: 'America/New_York' },
      'SELECT at_timezone("ts", \'America/New_York\') AS "ts", ' +
        'date_format(at_timezone("ts", \'America/New_York\'), \'%Y%m%d\') AS "ts_date", "created_on" AS "created_on" ' +
        'FROM "lake"."events" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 LIMIT 1000001',
    ],
    [
      'zone names are canonicalised the way ICU spells them',
      { fields: [{ name: 'ts_hour' }], timeZone: 'asia/kolkata' },
      'SELECT date_format(at_timezone("ts", \'Asia/Calcutta\'), \'%Y%m%d%H\') AS "ts_hour" FROM "lake"."events" ' +
        'GROUP BY 1 ORDER BY 1 LIMIT 1000001',
    ],
    [
      'UTC aliases are UTC',
      { fields: [{ name: 'ts' }], timeZone: 'Etc/UTC' },
      'SELECT "ts" AS "ts" FROM "lake"."events" GROUP BY 1 ORDER BY 1 LIMIT 1000001',
    ],
    [
      'complex types as JSON text',
      { fields: [{ name: 'tags' }] },
      'SELECT json_format(CAST("tags" AS JSON)) AS "tags" FROM "lake"."events" GROUP BY 1 ORDER BY 1 LIMIT 1000001',
    ],
    [
      'raw rows: no aggregation, record count 1',
      { fields: [{ name: 'country' }, { name: 'amount' }, { name: 'record_count' }], aggregate: false },
      'SELECT "country" AS "country", "amount" AS "amount", 1 AS "record_count" FROM "lake"."events" LIMIT 1000001',
    ],
    ['a smaller limit (one row more is asked for, to detect truncation)', { limit: 500 }, `${BY_COUNTRY} LIMIT 501`],
    ['a larger limit is capped', { limit: 5_000_000 }, `${BY_COUNTRY} LIMIT 1000001`],
    ['sample', { sample: true }, `${BY_COUNTRY} LIMIT 100`],
    ['sample below the limit', { sample: true, limit: 7 }, `${BY_COUNTRY} LIMIT 7`],
  ])('%s', (_name, overrides, expected) => {
    expect(sqlOf(overrides)).toBe(expected);
  });

  it('reports the row limit the caller may receive, except where the result cannot exceed it', () => {
    expect(compileQuery(spec({ limit: 500 }), EVENTS, OPTIONS).rowLimit).toBe(500);
    expect(compileQuery(spec({ sample: true }), EVENTS, OPTIONS).rowLimit).toBeUndefined();
    expect(compileQuery(spec({ fields: [{ name: 'record_count' }] }), EVENTS, OPTIONS).rowLimit).toBeUndefined();
  });

  it('describes the output in request order with data types and value formats', () => {
    const compiled = compileQuery(
      spec({ fields: ['ts', 'amount', 'price', 'is_member', 'dt', 'ts_date'].map((name) => ({ name })) }),
      EVENTS,
      OPTIONS,
    );
    expect(compiled.output).toEqual([
      { name: 'ts', dataType: 'STRING', format: 'timestamp' },
      { name: 'amount', dataType: 'NUMBER', format: 'exact' },
      { name: 'price', dataType: 'NUMBER', format: 'double' },
      { name: 'is_member', dataType: 'BOOLEAN', format: 'boolean' },
      { name: 'dt', dataType: 'STRING', format: 'date' },
      { name: 'ts_date', dataType: 'STRING', format: 'text' },
    ]);
    expect(compiled.filtersApplied).toBe(true);
  });

  it('quotes identifiers from the table description, doubling embedded quotes', () => {
    const odd = table([column('we"ird col', 'string')], {}, { database: 'my"db', table: 'odd table' });
    const compiled = compileQuery(
      { database: 'my"db', table: 'odd table', fields: [{ name: 'we_ird_col' }] },
      odd,
      OPTIONS,
    );
    expect(compiled.sql).toBe(
      'SELECT "we""ird col" AS "we_ird_col" FROM "my""db"."odd table" GROUP BY 1 ORDER BY 1 LIMIT 1000001',
    );
  });

  it('is deterministic: equal specs give byte-identical SQL', () => {
    const full = spec({
      fields: [
        { name: 'ts_date' },
        { name: 'country' },
        { name: 'amount_avg' },
        { name: 'is_member', forFilterOnly: true },
      ],
      dateColumn: 'ts',
      dateRange: { startDate: '2024-03-01', endDate: '2024-03-31' },
      timeZone: 'Europe/Paris',
      dimensionsFilters: [[clause('is_member', 'EQUALS', ['true'])], [clause('country', 'IN_LIST', ['FR', 'DE'])]],
    });
    const first = compileQuery(full, EVENTS, OPTIONS);
    const second = compileQuery(
      JSON.parse(JSON.stringify(full)) as QuerySpec,
      JSON.parse(JSON.stringify(EVENTS)),
      OPTIONS,
    );
    expect(second).toEqual(first);
    expect(first.sql).not.toMatch(/now\(|current_|--|\/\*|\n/i);
  });
});

describe('compileQuery: request errors', () => {
  function errorOf(overrides: Partial<QuerySpec>): unknown {
    try {
      sqlOf(overrides);
    } catch (error) {
      return error;
    }
    throw new Error('expected compileQuery to throw');
  }

  it('names an unknown requested field', () => {
    const error = errorOf({ fields: [{ name: 'country' }, { name: 'nope' }] });
    expect(error).toBeInstanceOf(UnknownFieldError);
    expect(error).toMatchObject({ code: 'UNKNOWN_FIELD', details: { field: 'nope', table: 'events' } });
  });

  it('rejects an id that only exists in the other aggregation mode', () => {
    expect(errorOf({ fields: [{ name: 'amount_min' }], aggregate: false })).toBeInstanceOf(UnknownFieldError);
  });

  it('names an unknown field in a filter even when filters would fall back', () => {
    const error = errorOf({
      dimensionsFilters: [[clause('amount', 'EQUALS', ['1'])], [clause('ghost', 'IS_NULL', [])]],
    });
    expect(error).toBeInstanceOf(UnknownFieldError);
    expect((error as Error).message).toContain('"ghost"');
  });

  const range = (startDate: string, endDate: string) => ({ dateColumn: 'ts', dateRange: { startDate, endDate } });

  it.each<[string, Partial<QuerySpec>, string]>([
    ['no fields', { fields: [] }, 'no fields'],
    ['a dateRange without dateColumn', { dateRange: { startDate: '2024-01-01', endDate: '2024-01-02' } }, 'dateColumn'],
    ['an unknown dateColumn', { dateColumn: 'nope' }, '"nope"'],
    ['a dateColumn that is not a date', { dateColumn: 'country' }, '"country"'],
    ['a field id that is not a column', { dateColumn: 'ts_date' }, '"ts_date"'],
    ['an impossible date', range('2024-02-30', '2024-03-01'), '2024-02-30'],
    ['a malformed date', range('2024-01-01', '2024/01/31'), '2024/01/31'],
    ['a 29 February outside a leap year', range('2023-02-29', '2023-03-01'), '2023-02-29'],
    ['a year outside 1000..9998', range('0999-12-31', '2024-01-01'), '0999-12-31'],
    ['a reversed range', range('2024-03-05', '2024-03-01'), 'reversed'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'Mars/Olympus'],
    [
      "a zone newer than Athena's Trino (docs/athena.md#time-zones)",
      { timeZone: 'America/Coyhaique' },
      'America/Coyhaique',
    ],
    ['an offset instead of a zone name', { timeZone: '+05:30' }, '+05:30'],
    ['a negative limit', { limit: -1 }, 'limit'],
    ['a fractional limit', { limit: 1.5 }, 'limit'],
  ])('rejects %s', (_name, overrides, fragment) => {
    const error = errorOf(overrides);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toContain(fragment);
  });

  it('accepts 29 February in a leap year', () => {
    expect(
      sqlOf({ dateColumn: 'created_on', dateRange: { startDate: '2024-02-29', endDate: '2024-02-29' } }),
    ).toContain(`"created_on" BETWEEN DATE '2024-02-29' AND DATE '2024-02-29'`);
  });
});
