/**
 * Property: aggregation pushdown is exact. For random charts (dimension subsets incl. derived day/hour and nullable
 * dimensions, SUM/MIN/MAX/AVG metrics and COUNT_DISTINCT of dimensions, filters, date ranges, time zones), the
 * chart Looker Studio draws from the pushed-down rows (aggregate=true) equals the chart it draws from raw rows
 * (aggregate=false), also when the chart groups by only a subset of the requested dimensions. Both requests go
 * through the real local proxy over HTTP.
 *
 * PUSHDOWN_RUNS=500 npx jest test/pushdown   (default 50 cases)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { chartCase, DIMENSIONS, toQuerySpec, type ChartCase } from './chartCases';
import { fetchRows } from './fetchRows';
import { computeChart, type ChartValues, type Rows } from '../../tools/lookerModel/lookerChart';
import { createPushdownLake } from './pushdownLake';

const RUNS = Number(process.env.PUSHDOWN_RUNS ?? 50);

let tempDir: string;
let proxy: TestProxy;

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushdown-'));
  await createPushdownLake(tempDir);
  proxy = await startTestProxy({ lakeDir: tempDir });
});

afterAll(async () => {
  await proxy?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

/** Differences between two charts, as readable lines (empty when they are equal). */
function diffCharts(pushed: ChartValues, raw: ChartValues): string[] {
  const problems: string[] = [];
  for (const key of new Set([...pushed.keys(), ...raw.keys()])) {
    const [a, b] = [pushed.get(key), raw.get(key)];
    if (!a || !b) {
      problems.push(`group ${key} only in the ${a ? 'pushdown' : 'raw'} chart`);
      continue;
    }
    a.forEach((x, i) => {
      const y = b[i];
      const close =
        x === null || y === null ? x === y : Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
      if (!close) problems.push(`group ${key}, metric ${i}: pushdown ${x}, raw ${y}`);
    });
  }
  return problems;
}

/** Dimension columns in the result (requested ones, plus filter-only ones when the proxy did not filter). */
function dimensionTuples(result: Rows): string[] {
  const indexes = result.schema.flatMap((field, i) => (DIMENSIONS.includes(field.name) ? [i] : []));
  return result.rows.map((row) => JSON.stringify(indexes.map((i) => row[i])));
}

async function checkCase(c: ChartCase): Promise<void> {
  const [pushed, raw] = await Promise.all([
    fetchRows(proxy.url, TEST_CREDENTIALS, toQuerySpec(c, true)),
    fetchRows(proxy.url, TEST_CREDENTIALS, toQuerySpec(c, false)),
  ]);
  expect(pushed.filtersApplied).toBe(raw.filtersApplied);
  // Pushdown returns one row per combination of the returned dimensions, never more rows than raw.
  const tuples = dimensionTuples(pushed);
  expect(new Set(tuples).size).toBe(tuples.length);
  const grandTotal = !pushed.schema.some((field) => DIMENSIONS.includes(field.name));
  if (grandTotal && raw.rows.length === 0) {
    // A grand total over no rows: SQL answers one row (counts 0, other aggregates NULL) where raw has none.
    expect(pushed.rows).toHaveLength(1);
    pushed.schema.forEach((field, i) =>
      expect(pushed.rows[0][i]).toBe(field.name === 'record_count' || field.name.endsWith('_count') ? 0 : null),
    );
    return;
  }
  expect(pushed.rows.length).toBeLessThanOrEqual(raw.rows.length);
  const fromPushed = computeChart(pushed, c.chart, true, c.filters);
  const fromRaw = computeChart(raw, c.chart, false, c.filters);
  expect(diffCharts(fromPushed, fromRaw)).toEqual([]);
}

describe('aggregation pushdown', () => {
  it(
    `draws the same chart from pushed-down rows as from raw rows (${RUNS} random charts)`,
    async () => {
      await fc.assert(fc.asyncProperty(chartCase, checkCase), { numRuns: RUNS });
    },
    Math.max(60_000, RUNS * 2_000),
  );

  it('exercises both filter paths: pushed down, and left to Looker', async () => {
    const base: ChartCase = {
      requested: ['city'],
      chart: { dimensions: [], metrics: [{ kind: 'recordCount' }] },
      filters: [],
      timeZone: 'UTC',
      metricsFirst: false,
    };
    const regex = (pattern: string) => [
      [{ fieldName: 'city', operator: 'REGEXP_PARTIAL_MATCH' as const, values: [pattern], type: 'INCLUDE' as const }],
    ];
    const pushedDown = await fetchRows(
      proxy.url,
      TEST_CREDENTIALS,
      toQuerySpec({ ...base, filters: regex('^B') }, true),
    );
    const leftToLooker = await fetchRows(
      proxy.url,
      TEST_CREDENTIALS,
      toQuerySpec({ ...base, filters: regex('a(?=o)') }, true),
    );
    expect([pushedDown.filtersApplied, leftToLooker.filtersApplied]).toEqual([true, false]);
    await checkCase({ ...base, filters: regex('a(?=o)') });
  });
});
