/**
 * The cost bench's month (docs/performance.md#cost-bench): every simulated hour producers add events to the
 * day's partitions; at the view hours each dashboard is opened on a fresh proxy instance (a new Lambda instance:
 * empty result cache), at the refresh hours its last instance runs "refresh data". Each dashboard runs twice on
 * the same lake and the same Athena double, tiles off (today's path) and tiles on, and every engine query is
 * counted from the proxy's own `query` log records: bytes scanned, bytes billed, modelled latency.
 */
import type { QuerySpec } from '../protocol/contract';
import { billedBytes } from '../proxy/src/fields';
import { formatIsoDate, parseIsoDate } from '../proxy/src/time';
import { modelledAthenaMs } from '../testing/athenaDouble/latencyModel';
import type { CostWorld, ProxyInstance } from './costWorld';

/** One chart of the dashboard: its table, dimensions and the fields its metrics need (pushdown partials). */
export interface CostChart {
  id: string;
  table: string;
  fields: string[];
}

export const COST_CHARTS: CostChart[] = [
  { id: 'deliveriesPerDay', table: 'food_delivery_1_0_0', fields: ['dt', 'record_count__rows'] },
  { id: 'deliveriesByCity', table: 'food_delivery_1_0_0', fields: ['city', 'record_count__rows'] },
  {
    id: 'distanceByStatus',
    table: 'food_delivery_1_0_0',
    fields: ['status', 'distancekm__sum', 'distancekm__count'],
  },
  { id: 'pickupsPerDay', table: 'food_pickup_1_0_0', fields: ['dt', 'record_count__rows'] },
  { id: 'pickupsByCity', table: 'food_pickup_1_0_0', fields: ['city', 'record_count__rows'] },
  { id: 'waitPerDay', table: 'food_pickup_1_0_0', fields: ['dt', 'waitseconds__sum', 'waitseconds__count'] },
];

export interface MonthOptions {
  days: number;
  /** The first simulated day (`YYYY-MM-DD`). */
  firstDay: string;
  viewHours: number[];
  refreshHours: number[];
  /** The dashboards' date ranges, in days ("Last N days"). */
  ranges: number[];
  /** Whether "Last N days" ends today (a fresh dashboard) or yesterday (Looker Studio's preset). */
  includeToday: boolean;
  /** Told when a simulated day is done (progress). */
  onDay?: (day: string) => void;
}

/** What one dashboard cost in one mode over the month. */
export interface DashboardTally {
  range: number;
  tiles: boolean;
  loads: number;
  queries: number;
  bytesScanned: number;
  bytesBilled: number;
  /** Modelled chart latencies of view loads (fresh instances), and of refreshes, in ms. */
  viewChartMs: number[];
  refreshChartMs: number[];
}

/** A dashboard in one mode: its tally, and the instance its next refresh runs on. */
interface Dashboard {
  tally: DashboardTally;
  instance?: ProxyInstance;
}

/** Runs the month; one tally per (range, mode). */
export async function simulateMonth(world: CostWorld, options: MonthOptions): Promise<DashboardTally[]> {
  const dashboards = options.ranges.flatMap((range) => [false, true].map((tiles) => newDashboard(range, tiles)));
  const first = parseIsoDate(options.firstDay)!;
  for (let d = 0; d < options.days; d++) {
    const day = formatIsoDate(first + d);
    for (let hour = 0; hour < 24; hour++) {
      world.clock.moveTo(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`));
      await world.addHourOfEvents(day, hour);
      const view = options.viewHours.includes(hour);
      const refresh = options.refreshHours.includes(hour);
      if (!view && !refresh) continue;
      for (const dashboard of dashboards) {
        const { tiles, range } = dashboard.tally;
        if (view) dashboard.instance = world.freshInstance(tiles ? `last-${range}-days` : undefined);
        if (dashboard.instance) await loadDashboard(dashboard, { day, options, refresh: !view, world });
      }
    }
    options.onDay?.(day);
  }
  return dashboards.map((dashboard) => dashboard.tally);
}

function newDashboard(range: number, tiles: boolean): Dashboard {
  return {
    tally: { range, tiles, loads: 0, queries: 0, bytesScanned: 0, bytesBilled: 0, viewChartMs: [], refreshChartMs: [] },
  };
}

interface LoadContext {
  day: string;
  options: MonthOptions;
  refresh: boolean;
  world: CostWorld;
}

/** Loads every chart once, one after another, so each engine query is counted against its chart. */
async function loadDashboard(dashboard: Dashboard, context: LoadContext): Promise<void> {
  const { tally, instance } = dashboard;
  tally.loads += 1;
  for (const chart of COST_CHARTS) {
    const before = instance!.queries.length;
    const started = performance.now();
    const answer = await instance!.service.startQuery(chartSpec(chart, tally.range, context), {
      identity: 'cost-bench',
      requestId: chart.id,
    });
    if (answer.status !== 200) throw new Error(`chart ${chart.id}: still ${answer.body.state}`);
    const measuredMs = performance.now() - started;
    const queries = instance!.queries.slice(before);
    let athenaMs = 0;
    for (const query of queries) {
      const bytes = Number(query.bytesScanned ?? 0);
      const reused = query.reused === true;
      tally.queries += 1;
      tally.bytesScanned += bytes;
      tally.bytesBilled += reused ? 0 : billedBytes(bytes);
      athenaMs += modelledAthenaMs({ bytesScanned: bytes, reused });
    }
    (context.refresh ? tally.refreshChartMs : tally.viewChartMs).push(measuredMs + athenaMs);
  }
}

/** The chart's request for "Last `range` days" as of `day`; a refresh carries Looker Studio's `lastRefresh`. */
function chartSpec(chart: CostChart, range: number, { day, options, refresh, world }: LoadContext): QuerySpec {
  const end = parseIsoDate(day)! - (options.includeToday ? 0 : 1);
  return {
    database: 'lake',
    table: chart.table,
    fields: chart.fields.map((name) => ({ name })),
    dateColumn: 'dt',
    dateRange: { startDate: formatIsoDate(end - range + 1), endDate: formatIsoDate(end) },
    aggregate: true,
    ...(refresh ? { lastRefresh: new Date(world.clock.now()).toISOString() } : {}),
  };
}
