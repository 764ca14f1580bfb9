/**
 * End to end getData: the BUILT bundle in the Apps Script harness, over real HTTP, against the local proxy (here
 * with a normal wait budget, so answers come straight back; connector.e2e.test.ts covers 202 polling). Rows are
 * compared with hand-written DuckDB SQL over the same files (reference/looker-studio.md §10 checks 6–12).
 */
import type { FilterClause, LookerValue } from '../../proxy/src/contract';
import type { GetDataResponse } from '../../connector/src/lookerTypes';
import { startE2eEnvironment, type E2eEnvironment, type World } from './e2eEnvironment';
import { E2E_ROWS, E2E_TABLE } from './e2eLake';
import { openReferenceDb, type ReferenceDb } from './referenceSql';

let env: E2eEnvironment;
let db: ReferenceDb;
let world: World;

beforeAll(async () => {
  env = await startE2eEnvironment({ waitBudgetMs: 5000 });
  db = await openReferenceDb(env.ordersFolder);
  world = env.world();
});

afterAll(async () => {
  db?.close();
  await env?.close();
});

const RAW = { database: 'lake', table: E2E_TABLE, dateColumn: '(none)', rawRows: 'true' };
const AGGREGATED = { database: 'lake', table: E2E_TABLE, dateColumn: '(none)' };
type Fields = { name: string; forFilterOnly?: boolean }[];

function getData(request: Record<string, unknown>): GetDataResponse {
  return world.connector.invoke<GetDataResponse>('getData', request);
}

/** Order ids of the raw rows matching `filters`, sorted. */
function filteredIds(filters: FilterClause[][]): { ids: number[]; response: GetDataResponse } {
  const response = getData({ configParams: RAW, fields: [{ name: 'order_id' }], dimensionsFilters: filters });
  return { ids: response.rows.map((r) => r.values[0] as number).sort((a, b) => a - b), response };
}

const idsWhere = async (predicate: string) =>
  (await db.rows(`SELECT order_id::INTEGER FROM orders WHERE ${predicate} ORDER BY order_id`)).map((r) => r[0]);

const clause = (fieldName: string, operator: FilterClause['operator'], values: string[], type: FilterClause['type'] = 'INCLUDE') =>
  ({ fieldName, operator, values, type }) as FilterClause;

describe('rows, values and NULLs', () => {
  it('returns every raw row with values in the requested order and Looker formats, NULL as null', async () => {
    const response = getData({
      configParams: RAW,
      fields: [{ name: 'is_express' }, { name: 'order_id' }, { name: 'city' }, { name: 'amount' }, { name: 'created_at' }, { name: 'dt' }],
    });
    expect(response.schema).toEqual([
      { name: 'is_express', dataType: 'BOOLEAN' },
      { name: 'order_id', dataType: 'NUMBER' },
      { name: 'city', dataType: 'STRING' },
      { name: 'amount', dataType: 'NUMBER' },
      { name: 'created_at', dataType: 'STRING' },
      { name: 'dt', dataType: 'STRING' },
    ]);
    const expected = await db.rows(`
      SELECT is_express, order_id::INTEGER, city, amount::DOUBLE, strftime(created_at, '%Y%m%d%H%M%S'), replace(dt, '-', '')
      FROM orders ORDER BY order_id`);
    const actual = response.rows.map((r) => r.values).sort((a, b) => (a[1] as number) - (b[1] as number));
    expect(actual).toEqual(expected);
    expect(actual.some((values) => values.includes(null))).toBe(true);
  });

  it('pre-aggregates by the requested dimensions, with sums that match SQL', async () => {
    const response = getData({ configParams: AGGREGATED, fields: [{ name: 'city' }, { name: 'record_count' }, { name: 'amount' }, { name: 'quantity' }] });
    const expected = await db.rows(`
      SELECT city, count(*)::INTEGER, sum(amount)::DOUBLE, sum(quantity)::INTEGER FROM orders GROUP BY city ORDER BY city NULLS FIRST`);
    const actual = sortByFirst(response.rows.map((r) => r.values));
    expect(actual.map((v) => [v[0], v[1], v[3]])).toEqual(expected.map((v) => [v[0], v[1], v[3]]));
    actual.forEach((values, i) => expect(values[2]).toBeCloseTo(expected[i][2] as number, 6));
  });

  it('formats derived date/time dimensions with zero padding and valid ranges', () => {
    const response = getData({ configParams: AGGREGATED, fields: [{ name: 'created_at_date' }, { name: 'created_at_hour' }, { name: 'created_at' }] });
    for (const [day, hour, second] of response.rows.map((r) => r.values as string[])) {
      expect(day).toMatch(/^2024(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/);
      expect(hour).toMatch(/^\d{8}([01]\d|2[0-3])$/);
      expect(second).toMatch(/^\d{8}([01]\d|2[0-3])[0-5]\d[0-5]\d$/);
      expect(second.startsWith(hour) && hour.startsWith(day)).toBe(true);
    }
    expect(response.rows).toHaveLength(E2E_ROWS);
  });

  it('respects the row limit', () => {
    const response = getData({ configParams: { ...RAW, rowLimit: '50' }, fields: [{ name: 'order_id' }] });
    expect(response.rows).toHaveLength(50);
  });
});

describe('filters (all eleven operators, INCLUDE/EXCLUDE, AND of ORs) against independent SQL', () => {
  it.each([
    ['EQUALS', [[clause('city', 'EQUALS', ['München'])]], `city = 'München'`],
    ['CONTAINS', [[clause('city', 'CONTAINS', ['ü'])]], `city LIKE '%ü%'`],
    ['REGEXP_PARTIAL_MATCH', [[clause('status', 'REGEXP_PARTIAL_MATCH', ['nce'])]], `status LIKE '%nce%'`],
    ['REGEXP_EXACT_MATCH', [[clause('city', 'REGEXP_EXACT_MATCH', ['Berlin|Oslo'])]], `city IN ('Berlin', 'Oslo')`],
    ['IN_LIST', [[clause('status', 'IN_LIST', ['returned', 'cancelled'])]], `status IN ('returned', 'cancelled')`],
    ['IS_NULL', [[clause('city', 'IS_NULL', [])]], `city IS NULL`],
    ['IS_NULL excluded', [[clause('is_express', 'IS_NULL', [], 'EXCLUDE')]], `is_express IS NOT NULL`],
    ['BETWEEN on a date (inclusive)', [[clause('created_at_date', 'BETWEEN', ['20240303', '20240304'])]], `CAST(created_at AS DATE) BETWEEN DATE '2024-03-03' AND DATE '2024-03-04'`],
    ['NUMERIC_GREATER_THAN on dt', [[clause('dt', 'NUMERIC_GREATER_THAN', ['20240308'])]], `dt > '2024-03-08'`],
    ['NUMERIC_GREATER_THAN_OR_EQUAL on dt', [[clause('dt', 'NUMERIC_GREATER_THAN_OR_EQUAL', ['20240309'])]], `dt >= '2024-03-09'`],
    ['NUMERIC_LESS_THAN on a timestamp', [[clause('created_at', 'NUMERIC_LESS_THAN', ['20240301053000'])]], `created_at < TIMESTAMP '2024-03-01 05:30:00'`],
    ['NUMERIC_LESS_THAN_OR_EQUAL on a timestamp', [[clause('created_at', 'NUMERIC_LESS_THAN_OR_EQUAL', ['20240301053000'])]], `created_at <= TIMESTAMP '2024-03-01 05:30:00'`],
    ['EQUALS on a boolean', [[clause('is_express', 'EQUALS', ['true'])]], `is_express`],
    ['EXCLUDE keeps NULLs', [[clause('city', 'IN_LIST', ['Berlin', 'Oslo'], 'EXCLUDE')]], `city IS NULL OR city NOT IN ('Berlin', 'Oslo')`],
    [
      'AND of ORs',
      [[clause('status', 'EQUALS', ['delivered'])], [clause('city', 'IN_LIST', ['Zürich', 'São Paulo']), clause('city', 'IS_NULL', [])]],
      `status = 'delivered' AND (city IN ('Zürich', 'São Paulo') OR city IS NULL)`,
    ],
  ] as [string, FilterClause[][], string][])('%s', async (_, filters, predicate) => {
    const expected = await idsWhere(predicate);
    const { ids, response } = filteredIds(filters);
    expect(response.filtersApplied).toBe(true);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
  });

  it('omits forFilterOnly fields when filters are applied and does not group by them', async () => {
    const response = getData({
      configParams: AGGREGATED,
      fields: [{ name: 'city' }, { name: 'status', forFilterOnly: true }, { name: 'record_count' }],
      dimensionsFilters: [[clause('status', 'EQUALS', ['delivered'])]],
    });
    expect(response.filtersApplied).toBe(true);
    expect(response.schema.map((f) => f.name)).toEqual(['city', 'record_count']);
    const expected = await db.rows(`SELECT city, count(*)::INTEGER FROM orders WHERE status = 'delivered' GROUP BY city ORDER BY city NULLS FIRST`);
    expect(sortByFirst(response.rows.map((r) => r.values))).toEqual(expected);
  });

  it('applies no filter at all when one clause cannot be pushed down, returning forFilterOnly fields', async () => {
    const response = getData({
      configParams: RAW,
      fields: [{ name: 'order_id' }, { name: 'city', forFilterOnly: true }, { name: 'status', forFilterOnly: true }],
      dimensionsFilters: [[clause('status', 'EQUALS', ['delivered'])], [clause('city', 'REGEXP_PARTIAL_MATCH', ['(B)\\1'])]],
    });
    expect(response.filtersApplied).toBe(false);
    expect(response.schema.map((f) => f.name)).toEqual(['order_id', 'city', 'status']);
    expect(response.rows).toHaveLength(E2E_ROWS);
  });
});

describe('date ranges', () => {
  const idsInRange = (dateColumn: string, startDate: string, endDate: string, timeZone = 'UTC') =>
    getData({ configParams: { ...RAW, dateColumn, timeZone }, fields: [{ name: 'order_id' }], dateRange: { startDate, endDate } })
      .rows.map((r) => r.values[0] as number)
      .sort((a, b) => a - b);

  it('includes both end days of a timestamp column, up to 23:30 on the last day', async () => {
    const expected = await idsWhere(`created_at >= TIMESTAMP '2024-03-02 00:00:00' AND created_at < TIMESTAMP '2024-03-04 00:00:00'`);
    expect(expected).toHaveLength(48);
    expect(idsInRange('created_at', '2024-03-02', '2024-03-03')).toEqual(expected);
  });

  it('interprets the days in the configured time zone', async () => {
    // New York is UTC−5 before the DST change of 2024-03-10.
    const expected = await idsWhere(`created_at >= TIMESTAMP '2024-03-02 05:00:00' AND created_at < TIMESTAMP '2024-03-04 05:00:00'`);
    expect(idsInRange('created_at', '2024-03-02', '2024-03-03', 'America/New_York')).toEqual(expected);
  });

  it('filters a dt partition column inclusively', async () => {
    expect(idsInRange('dt', '2024-03-05', '2024-03-05')).toEqual(await idsWhere(`dt = '2024-03-05'`));
  });

  it('shows date/time values in the configured time zone', async () => {
    const response = getData({
      configParams: { ...RAW, timeZone: 'Asia/Tokyo' },
      fields: [{ name: 'order_id' }, { name: 'created_at' }],
      dimensionsFilters: [[clause('city', 'EQUALS', ['Oslo'])]],
    });
    const expected = await db.rows(`
      SELECT order_id::INTEGER, strftime(created_at + INTERVAL 9 HOUR, '%Y%m%d%H%M%S') FROM orders WHERE city = 'Oslo' ORDER BY order_id`);
    expect(response.rows.map((r) => r.values).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(expected);
  });
});

describe('Looker Studio request patterns', () => {
  it('answers sampleExtraction quickly with a few real, correctly formatted rows', async () => {
    const before = world.services.fetches.length;
    const response = getData({
      configParams: { ...RAW, dateColumn: 'created_at' },
      fields: [{ name: 'order_id' }, { name: 'created_at' }],
      dateRange: { startDate: '2024-03-08', endDate: '2024-03-08' },
      scriptParams: { sampleExtraction: true },
    });
    expect(response.rows.length).toBeGreaterThan(0);
    expect(response.rows.length).toBeLessThanOrEqual(20);
    const known = new Map((await db.rows(`SELECT order_id::INTEGER, strftime(created_at, '%Y%m%d%H%M%S') FROM orders`)).map((r) => [r[0], r[1]]));
    for (const [id, created] of response.rows.map((r) => r.values)) expect(known.get(id)).toBe(created);
    expect(world.services.fetches.length - before).toBeLessThanOrEqual(10);
  });

  it('serves a request of more than 20 fields split into independent calls of 20', () => {
    const { schema } = world.connector.invoke<{ schema: { name: string }[] }>('getSchema', { configParams: AGGREGATED });
    const names = schema.map((f) => f.name);
    expect(names.length).toBeGreaterThan(20);
    const calls = [names.slice(0, 20), names.slice(20)].map((chunk) =>
      env.world().connector.invoke<GetDataResponse>('getData', { configParams: AGGREGATED, fields: chunk.map((name) => ({ name })) }),
    );
    calls.forEach((response, i) => {
      const chunk = i === 0 ? names.slice(0, 20) : names.slice(20);
      expect(response.schema.map((f) => f.name)).toEqual(chunk);
      for (const row of response.rows) expect(row.values).toHaveLength(chunk.length);
    });
  });

  it('names an unknown field in a user error instead of shifting columns', () => {
    const outcome = world.connector.call('getData', { configParams: RAW, fields: [{ name: 'order_id' }, { name: 'ghost' }] });
    expect(outcome).toMatchObject({ ok: false, userError: { text: expect.stringMatching(/ghost/) } });
  });
});

function sortByFirst(rows: LookerValue[][]): LookerValue[][] {
  return [...rows].sort((a, b) => (a[0] === null ? -1 : b[0] === null ? 1 : String(a[0]) < String(b[0]) ? -1 : 1));
}
