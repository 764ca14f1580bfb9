/**
 * `npm run bench:cost [-- options]`: a month of six-chart dashboards on Athena (the engine and its double), tiles
 * off (today's path) and on, in one run: Athena queries, bytes scanned and billed, dollars per month, modelled
 * chart latency (docs/performance.md#cost-bench). Figures are printed, never asserted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimateCostUsd } from '../proxy/src/fields';
import { formatIsoDate, parseIsoDate } from '../proxy/src/time';
import { ATHENA_LATENCY_MODEL } from '../testing/athenaDouble/latencyModel';
import { summarizeLatency } from './latency';
import { COST_CHARTS, simulateMonth, type DashboardTally, type MonthOptions } from './costRun';
import { startCostWorld } from './costWorld';
import { textTable } from './textTable';

const USAGE = `Usage: npm run bench:cost -- [options]

Simulates a month of a six-chart dashboard per date range on the sample lake through the Athena engine and its
double: new events every simulated hour, views from fresh proxy instances (empty result cache, as a new Lambda
instance), "refresh data" on the last instance. Each dashboard runs with day tiles off (today's path) and on, on
the same lake. Prints Athena queries, bytes scanned and billed ($5/TB, 10 MB minimum per query), dollars per
month and chart latency with the double's modelled Athena latency (testing/athenaDouble/latencyModel.ts).

  --rows N             rows of the sample lake before the month (all six tables, 120 days; default 1000000)
  --days N             days simulated (default 30)
  --views N            dashboard views a day, each on a fresh instance (default 4)
  --refreshes N        "refresh data" a day (default 2)
  --ranges A,B,…       the dashboards' "Last N days" ranges (default 7,28,90)
  --including-today    ranges end today (fresh events in every chart) instead of yesterday, as Looker Studio's
                       "Last N days" preset does
  --out FILE           results file (default .local/cost-results.json, git-ignored)
  --help               show this text
`;

const LAKE_END_DATE = '2026-10-31';

interface CostOptions {
  rows: number;
  month: MonthOptions;
  out: string;
}

/** Hours of the day for `count` events, spread over working hours (8:00–19:00). */
function spreadHours(count: number, offset: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.min(23, 8 + offset + Math.floor((i * 11) / Math.max(1, count))));
}

function wholeNumber(flag: string, value: string | undefined, min: number): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min)
    throw new Error(`${flag} must be a whole number ≥ ${min}, got "${value ?? ''}" (see --help)`);
  return Number(value);
}

/** Parses the command line; 'help' when help was asked for. */
export function parseCostArgs(argv: readonly string[]): CostOptions | 'help' {
  const values = { rows: 1_000_000, days: 30, views: 4, refreshes: 2, ranges: [7, 28, 90], today: false };
  let out = path.join(__dirname, '..', '.local', 'cost-results.json');
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--including-today') values.today = true;
    else if (flag === '--rows') values.rows = wholeNumber(flag, argv[++i], 1000);
    else if (flag === '--days') values.days = wholeNumber(flag, argv[++i], 1);
    else if (flag === '--views') values.views = wholeNumber(flag, argv[++i], 1);
    else if (flag === '--refreshes') values.refreshes = wholeNumber(flag, argv[++i], 0);
    else if (flag === '--ranges') values.ranges = (argv[++i] ?? '').split(',').map((r) => wholeNumber(flag, r, 1));
    else if (flag === '--out' && argv[i + 1] !== undefined) out = argv[++i];
    else throw new Error(`Unknown option ${flag} (see --help)`);
  }
  const month: MonthOptions = {
    days: values.days,
    firstDay: formatIsoDate(parseIsoDate(LAKE_END_DATE)! + 1),
    viewHours: spreadHours(values.views, 0),
    refreshHours: spreadHours(values.refreshes, 1),
    ranges: values.ranges,
    includeToday: values.today,
  };
  return { rows: values.rows, month, out };
}

const GB = 2 ** 30;

/** One row per dashboard and mode, then the saving per range. */
export function formatCostReport(tallies: DashboardTally[], month: MonthOptions): string {
  const monthScale = 30 / month.days;
  const rows = tallies.map((t) => {
    const view = summarizeLatency(t.viewChartMs);
    const refresh = summarizeLatency(t.refreshChartMs);
    return [
      `${t.range} days`,
      t.tiles ? 'on' : 'off',
      String(t.loads),
      String(t.queries),
      (t.bytesScanned / GB).toFixed(2),
      (t.bytesBilled / GB).toFixed(2),
      `$${(estimateCostUsd(t.bytesBilled) * monthScale).toFixed(2)}`,
      `${Math.round(view.p50)} / ${Math.round(view.p95)}`,
      refresh.n === 0 ? '-' : `${Math.round(refresh.p50)} / ${Math.round(refresh.p95)}`,
    ];
  });
  const header = ['dashboard', 'tiles', 'loads', 'Athena queries', 'GiB scanned', 'GiB billed', '$/month'];
  const table = textTable([...header, 'view chart p50/p95 ms', 'refresh chart p50/p95 ms'], rows);
  const savings = month.ranges.map((range) => {
    const [off, on] = [false, true].map((tiles) => tallies.find((t) => t.range === range && t.tiles === tiles)!);
    const ratio = on.bytesBilled === 0 ? 'all' : `${(off.bytesBilled / on.bytesBilled).toFixed(1)}×`;
    return `  ${range}-day dashboard: tiles bill ${ratio} fewer bytes (${off.queries} → ${on.queries} Athena queries)`;
  });
  const model = ATHENA_LATENCY_MODEL;
  return [
    `${COST_CHARTS.length} charts, ${month.days} days, views at ${month.viewHours.join(', ')} h, refreshes at ${month.refreshHours.join(', ') || 'none'} h, ranges ${month.includeToday ? 'ending today' : 'ending yesterday'}`,
    table,
    ...savings,
    `Latency: measured proxy time plus the modelled Athena time of each query (${model.floorMs} ms floor, ${model.reusedMs} ms reused, ${model.msPerGib} ms per GiB).`,
  ].join('\n');
}

async function main(): Promise<void> {
  let options: CostOptions | 'help';
  try {
    options = parseCostArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  process.stderr.write(`Generating the lake (${options.rows} rows) and the month's events…\n`);
  const world = await startCostWorld({ rows: options.rows, days: options.month.days, lakeEndDate: LAKE_END_DATE });
  try {
    const started = performance.now();
    const onDay = (day: string) => process.stderr.write(`  ${day} done\n`);
    const tallies = await simulateMonth(world, { ...options.month, onDay });
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify({ options, tallies }, null, 2)}\n`);
    console.log(formatCostReport(tallies, options.month));
    console.log(
      `\nSimulated in ${((performance.now() - started) / 1000).toFixed(0)} s; results in ${path.relative(process.cwd(), options.out)}`,
    );
  } finally {
    await world.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exitCode = 1;
  });
}
