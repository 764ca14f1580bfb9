/**
 * A small run of the cost bench (`npm run bench:cost`): two simulated days of one 7-day dashboard on a 20,000-row
 * lake through the Athena engine and its double. Counts, not timings, are asserted: with the range ending
 * yesterday, tiles make one Athena query per chart a day (yesterday's new tile) where today's path makes one per
 * chart and load, and scan less.
 */
import { parseCostArgs } from '../../bench/cost';
import { COST_CHARTS, simulateMonth, type DashboardTally } from '../../bench/costRun';
import { startCostWorld } from '../../bench/costWorld';

describe('npm run bench:cost, two small days', () => {
  let tallies: DashboardTally[];
  beforeAll(async () => {
    const world = await startCostWorld({ rows: 20_000, days: 2, lakeEndDate: '2026-10-31' });
    try {
      tallies = await simulateMonth(world, {
        days: 2,
        firstDay: '2026-11-01',
        viewHours: [8, 13],
        refreshHours: [9],
        ranges: [7],
        includeToday: false,
      });
    } finally {
      await world.close();
    }
  }, 120_000);

  it('queries Athena once per chart and load without tiles, once per chart and day with them', () => {
    const [off, on] = tallies;
    expect([off.tiles, on.tiles]).toEqual([false, true]);
    expect([off.loads, on.loads]).toEqual([6, 6]);
    expect(off.queries).toBe(COST_CHARTS.length * 6);
    expect(on.queries).toBe(COST_CHARTS.length * 2);
    expect(on.bytesScanned).toBeLessThan(off.bytesScanned);
    expect(on.bytesBilled).toBeLessThan(off.bytesBilled);
    expect(off.viewChartMs).toHaveLength(COST_CHARTS.length * 4);
    expect(on.refreshChartMs).toHaveLength(COST_CHARTS.length * 2);
  });

  it('refuses bad options with a clear message', () => {
    expect(() => parseCostArgs(['--rows', 'many'])).toThrow('--rows must be a whole number ≥ 1000, got "many"');
    expect(() => parseCostArgs(['--frobnicate'])).toThrow('Unknown option --frobnicate');
    expect(parseCostArgs(['--help'])).toBe('help');
  });
});
