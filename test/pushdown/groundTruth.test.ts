/**
 * Fixed charts drawn from pushed-down rows, checked against plain SQL written here by hand and run by a separate
 * DuckDB straight over the table's Parquet files (no proxy catalog, compiler or formatter involved).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { FilterClause } from '../../protocol/contract';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { toQuerySpec, type ChartCase } from './chartCases';
import { fetchRows } from './fetchRows';
import { computeChart, type ChartValues } from '../../tools/lookerModel/lookerChart';
import { createPushdownLake, PUSHDOWN_TABLE } from './pushdownLake';

let tempDir: string;
let proxy: TestProxy;
let instance: DuckDBInstance;
let sql: DuckDBConnection;

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushdown-truth-'));
  const folder = await createPushdownLake(tempDir);
  proxy = await startTestProxy({ lakeDir: tempDir });
  instance = await DuckDBInstance.create(':memory:');
  sql = await instance.connect();
  await sql.run(`SET TimeZone = 'UTC'`);
  const files = path.join(folder, '*', '*.parquet').replace(/'/g, "''");
  await sql.run(
    `CREATE VIEW events AS SELECT * FROM read_parquet('${files}', hive_partitioning = true, hive_types_autocast = false)`,
  );
});

afterAll(async () => {
  sql?.closeSync();
  instance?.closeSync();
  await proxy?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

/** Rows of a reference query whose first `keys` columns are the group key, as a chart. */
async function referenceChart(query: string, keys: number): Promise<ChartValues> {
  const rows = (await sql.runAndReadAll(query)).getRowsJson() as (string | number | boolean | null)[][];
  return new Map(
    rows.map((row) => [
      JSON.stringify(row.slice(0, keys)),
      row.slice(keys).map((v) => (v === null ? null : Number(v))),
    ]),
  );
}

function expectSameChart(actual: ChartValues, expected: ChartValues): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  expect(expected.size).toBeGreaterThan(0);
  for (const [key, values] of expected) {
    values.forEach((value, i) => {
      const got = actual.get(key)![i];
      if (value === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(value, 6);
    });
  }
}

const clause = (
  fieldName: string,
  operator: FilterClause['operator'],
  values: string[],
  type: FilterClause['type'] = 'INCLUDE',
): FilterClause => ({ fieldName, operator, values, type });

/** Berlin wall-clock day of the naive (UTC) event time, as DuckDB computes it. */
const BERLIN_DAY = `strftime((event_at AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Berlin', '%Y-%m-%d')`;

describe('pushdown charts equal hand-written SQL', () => {
  it('a daily time series in Europe/Berlin, re-aggregated from day × city rows, with a filter and a date range', async () => {
    const c: ChartCase = {
      requested: ['event_at_date', 'city'],
      chart: {
        dimensions: ['event_at_date'],
        metrics: [{ kind: 'recordCount' }, { kind: 'avg', column: 'amount' }, { kind: 'max', column: 'score' }],
      },
      filters: [[clause('channel', 'IN_LIST', ['web', 'app'])]],
      dateRange: { dateColumn: 'event_at', startDate: '2024-03-03', endDate: '2024-03-06' },
      timeZone: 'Europe/Berlin',
      metricsFirst: false,
    };
    const pushed = await fetchRows(proxy.url, TEST_CREDENTIALS, toQuerySpec(c, true));
    expect(pushed.filtersApplied).toBe(true);
    const expected = await referenceChart(
      `
      SELECT replace(${BERLIN_DAY}, '-', ''), count(*), avg(amount)::DOUBLE, max(score)
      FROM events WHERE channel IN ('web', 'app') AND ${BERLIN_DAY} BETWEEN '2024-03-03' AND '2024-03-06' GROUP BY 1`,
      1,
    );
    expect(expected.size).toBe(4);
    expectSameChart(computeChart(pushed, c.chart, true, c.filters), expected);
  });

  it('a city × membership pivot with NULL groups, and the same rows re-aggregated by city', async () => {
    const c: ChartCase = {
      requested: ['city', 'is_member'],
      chart: {
        dimensions: ['city', 'is_member'],
        metrics: [
          { kind: 'sum', column: 'qty' },
          { kind: 'min', column: 'qty' },
          { kind: 'avg', column: 'qty' },
          { kind: 'recordCount' },
        ],
      },
      filters: [],
      timeZone: 'UTC',
      metricsFirst: true,
    };
    const pushed = await fetchRows(proxy.url, TEST_CREDENTIALS, toQuerySpec(c, true));
    const pivot = await referenceChart(
      `
      SELECT city, is_member, sum(qty)::DOUBLE, min(qty)::DOUBLE, avg(qty)::DOUBLE, count(*) FROM events GROUP BY 1, 2`,
      2,
    );
    expect([...pivot.keys()].some((key) => key.includes('null'))).toBe(true);
    expectSameChart(computeChart(pushed, c.chart, true, c.filters), pivot);
    const byCity = { ...c.chart, dimensions: ['city'] };
    const cities = await referenceChart(
      `
      SELECT city, sum(qty)::DOUBLE, min(qty)::DOUBLE, avg(qty)::DOUBLE, count(*) FROM events GROUP BY 1`,
      1,
    );
    expectSameChart(computeChart(pushed, byCity, true, c.filters), cities);
  });

  it('the average field computed by the engine equals the formula when the chart groups by every requested dimension', async () => {
    const fields = ['channel', 'score_avg', 'score__sum', 'score__count'].map((name) => ({ name }));
    const { rows } = await fetchRows(proxy.url, TEST_CREDENTIALS, { database: 'lake', table: PUSHDOWN_TABLE, fields });
    const expected = await referenceChart(`SELECT channel, avg(score) FROM events GROUP BY 1`, 1);
    expect(rows).toHaveLength(expected.size);
    for (const [channel, avg, sum, count] of rows as [string | null, number, number, number][]) {
      expect(avg).toBeCloseTo(sum / count, 9);
      expect(avg).toBeCloseTo(expected.get(JSON.stringify([channel]))![0]!, 9);
    }
  });

  it('a scorecard (grand total) over a dt range, excluding NULL cities', async () => {
    const c: ChartCase = {
      requested: [],
      chart: {
        dimensions: [],
        metrics: [{ kind: 'recordCount' }, { kind: 'sum', column: 'amount' }, { kind: 'min', column: 'qty' }],
      },
      filters: [[clause('city', 'IS_NULL', [], 'EXCLUDE')]],
      dateRange: { dateColumn: 'dt', startDate: '2024-03-05', endDate: '2024-03-09' },
      timeZone: 'UTC',
      metricsFirst: false,
    };
    const pushed = await fetchRows(proxy.url, TEST_CREDENTIALS, toQuerySpec(c, true));
    expect(pushed.rows).toHaveLength(1);
    const expected = await referenceChart(
      `
      SELECT sum(1), sum(amount)::DOUBLE, min(qty) FROM events WHERE dt BETWEEN '2024-03-05' AND '2024-03-09' AND city IS NOT NULL`,
      0,
    );
    expectSameChart(computeChart(pushed, c.chart, true, c.filters), expected);
  });
});
