/**
 * Smoke run of the dashboard benchmark (`npm run bench -- --smoke`): it completes and its results are well formed.
 * Figures are printed by the real run, never asserted here (tests do not judge wall-clock times).
 */
import * as fs from 'node:fs';
import { parseBenchArgs } from '../../bench/run';
import { DASHBOARD } from '../../bench/dashboard';
import { formatReport, type BenchResults } from '../../bench/report';
import { runBench } from '../../bench/runBench';

describe('npm run bench -- --smoke', () => {
  let results: BenchResults;
  let lakeDir: string;

  beforeAll(async () => {
    const options = parseBenchArgs(['--smoke']);
    if (options === 'help') throw new Error('unexpected help');
    lakeDir = options.lake.dir;
    results = await runBench(options, () => undefined);
  }, 120_000);

  afterAll(() => {
    if (lakeDir) fs.rmSync(lakeDir, { recursive: true, force: true });
  });

  it('measures every dashboard chart in both modes, and the charts agree', () => {
    expect(results.charts.map((c) => c.id)).toEqual(DASHBOARD.map((c) => c.id));
    for (const chart of results.charts) {
      expect(chart.sameChart).toBe(true);
      expect(chart.pushdown.rows).toBeGreaterThan(0);
      expect(chart.pushdown.rows).toBeLessThanOrEqual(chart.raw.rows);
      expect(chart.pushdown.coldExecutions).toBe(1);
      expect(chart.pushdown.warmExecutions).toBe(0);
      expect(chart.pushdown.bodyBytes).toBeGreaterThan(0);
      expect(chart.pushdown.gzipBytes).toBeLessThanOrEqual(chart.pushdown.bodyBytes);
      for (const summary of [chart.pushdown.cold, chart.pushdown.warm, chart.raw.cold]) {
        expect(summary.n).toBeGreaterThan(0);
        expect(summary.p50).toBeLessThanOrEqual(summary.p95);
      }
    }
  });

  it('reports coalescing, the large response, proxy memory and every target', () => {
    expect(results.concurrency.requests).toBe(10);
    expect(results.concurrency.statuses).toHaveLength(10);
    // On the tiny smoke lake a query can finish before all ten arrive, so only the real run judges coalescing.
    expect(results.concurrency.executions).toBeGreaterThanOrEqual(1);
    expect(results.largeResponse.rows).toBe(2000);
    expect(results.largeResponse.athenaBytesPerRow).toBeGreaterThan(results.largeResponse.compactBytesPerRow);
    expect(results.proxy.pushdownPeakRssMb).toBeGreaterThan(0);
    expect(results.proxy.rawPeakRssMb).toBeGreaterThan(0);
    expect(results.targets).toHaveLength(6);
    const report = formatReport(results);
    for (const target of results.targets)
      expect(report).toContain(`${target.pass ? 'PASS' : 'MISS'}  ${target.target}`);
    expect(JSON.parse(JSON.stringify(results)).charts).toHaveLength(DASHBOARD.length);
  });
});
