/**
 * The benchmark's results (written to bench/results.json), the targets they are judged against, and the table
 * printed on the terminal. Targets are reported as PASS/MISS, never asserted.
 */
import type { DashboardChart } from './dashboard';
import { percentile, type LatencySummary } from './latency';
import type { ConcurrencyResult, LargeResponseResult } from './measurements';
import { textTable } from './textTable';
import { formatThreeWays, type ThreeWayResult } from './threeWays';
import { formatTiledAnswers, type TiledResult } from './tiledAnswers';

/** One chart in one mode (pushdown on, or raw rows). Latencies are end to end through the connector, in ms. */
export interface ModeResult {
  rows: number;
  requests: number;
  bodyBytes: number;
  gzipBytes: number;
  /** Engine executions of the first load of a fresh proxy, and the most any later load needed. */
  coldExecutions: number;
  warmExecutions: number;
  cold: LatencySummary;
  /** Every cold sample in load order, and the engine's own time for each (the rest is HTTP, polling, paging). */
  coldMs: number[];
  coldEngineMs: number[];
  warm: LatencySummary;
  /** Median time spent in the bundle itself (total − HTTP − sleep) over the warm loads. */
  warmBundleMsP50: number;
}

export interface ChartResult {
  id: string;
  title: string;
  kind: DashboardChart['kind'];
  table: string;
  pushdown: ModeResult;
  raw: ModeResult;
  /** Raw rows ÷ pushdown rows. */
  rowReduction: number;
  /** The chart drawn from pushdown rows equals the chart drawn from raw rows. */
  sameChart: boolean;
}

export interface TargetResult {
  target: string;
  value: string;
  pass: boolean;
}

export interface BenchResults {
  generatedAt: string;
  smoke: boolean;
  /** `loadAverage`: the 1-minute load average at the start and end of the run (other work on the machine skews latency). */
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    os: string;
    node: string;
    loadAverage: [number, number];
  };
  lake: {
    rows: number;
    bytes: number;
    tables: number;
    generatedSeconds: number;
    generationPeakRssMb: number;
    reused: boolean;
  };
  loads: { cold: number; warm: number; raw: number; dateRange: { startDate: string; endDate: string } };
  /** `heapLimitMb`: the proxy processes' V8 heap limit, null for Node's default. */
  proxy: { startMsP50: number; heapLimitMb: number | null; pushdownPeakRssMb: number; rawPeakRssMb: number };
  charts: ChartResult[];
  concurrency: ConcurrencyResult;
  largeResponse: LargeResponseResult;
  /** Each chart as DuckDB direct, the engine path and the full path on refresh (bench/threeWays.ts). */
  threeWays?: ThreeWayResult;
  /** Each chart's first answer with day tiles on, and its stored answer (bench/tiledAnswers.ts). */
  tiled?: TiledResult;
  targets: TargetResult[];
}

/** Bytes as megabytes (10^6) with one decimal. */
export function toMb(bytes: number): number {
  return Math.round(bytes / 1e5) / 10;
}

/** Judges the results against the targets of the benchmark brief. */
export function evaluateTargets(results: Omit<BenchResults, 'targets'>): TargetResult[] {
  const reduced = results.charts.filter((c) => c.kind === 'timeSeries' || c.kind === 'topN');
  const minReduction = Math.min(...reduced.map((c) => c.rowReduction));
  const warmP50 = Math.max(...results.charts.map((c) => c.pushdown.warm.p50));
  const coldP50 = Math.max(...results.charts.map((c) => c.pushdown.cold.p50));
  const peakMb = Math.max(results.proxy.pushdownPeakRssMb, results.proxy.rawPeakRssMb);
  const large = results.largeResponse;
  return [
    {
      target: 'pushdown rows ≥ 100× fewer than raw (time series, top-N)',
      value: `min ${minReduction.toFixed(0)}×`,
      pass: minReduction >= 100,
    },
    { target: 'warm chart p50 ≤ 20 ms end to end', value: `worst chart ${warmP50} ms`, pass: warmP50 <= 20 },
    {
      target: `cold chart p50 ≤ 1 s (${(results.lake.rows / 1e6).toFixed(2)} M-row lake)`,
      value: `worst chart ${coldP50} ms`,
      pass: coldP50 <= 1000,
    },
    {
      target: `${results.concurrency.requests} identical concurrent requests → 1 engine execution`,
      value: `${results.concurrency.executions} execution(s)`,
      pass: results.concurrency.executions === 1 && results.concurrency.statuses.every((s) => s === 200 || s === 202),
    },
    {
      target: 'proxy peak RSS ≤ 500 MB',
      value: `${peakMb} MB (pushdown ${results.proxy.pushdownPeakRssMb}, raw ${results.proxy.rawPeakRssMb})`,
      pass: peakMb <= 500,
    },
    {
      target: `connector handling of ${large.rows.toLocaleString('en-US')} rows ≤ 1 s`,
      value: `${large.bundleMs.toFixed(0)} ms (of which harness marshalling ${large.marshalMs.toFixed(0)} ms)`,
      pass: large.bundleMs <= 1000,
    },
  ];
}

const kb = (bytes: number) => (bytes < 10_000 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KB`);

/** One row per chart: rows and bytes with pushdown and raw, executions, cold and warm latencies, same chart. */
function chartsTable(charts: ChartResult[]): string {
  return textTable(
    [
      'chart',
      'rows pd',
      'rows raw',
      'fewer',
      'bytes pd (gz)',
      'bytes raw (gz)',
      'exec c/w',
      'cold p50/p95 ms',
      'engine p50',
      'warm p50/p95 ms',
      'raw cold ms',
      'raw warm p50',
      'same',
    ],
    charts.map((c) => [
      c.id,
      String(c.pushdown.rows),
      String(c.raw.rows),
      `${c.rowReduction.toFixed(0)}×`,
      `${kb(c.pushdown.bodyBytes)} (${kb(c.pushdown.gzipBytes)})`,
      `${kb(c.raw.bodyBytes)} (${kb(c.raw.gzipBytes)})`,
      `${c.pushdown.coldExecutions}/${c.pushdown.warmExecutions}`,
      `${c.pushdown.cold.p50}/${c.pushdown.cold.p95}`,
      String(percentile(c.pushdown.coldEngineMs, 50)),
      `${c.pushdown.warm.p50}/${c.pushdown.warm.p95}`,
      String(c.raw.cold.p50),
      String(c.raw.warm.p50),
      c.sameChart ? 'yes' : 'NO',
    ]),
  );
}

/** What the figures were measured on: machine, lake, loads and proxy. */
function setupLines(r: BenchResults): string[] {
  return [
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, ${r.machine.os}, Node ${r.machine.node}; ` +
      `load average ${r.machine.loadAverage.join(' → ')}`,
    `Lake: ${r.lake.rows.toLocaleString('en-US')} rows in ${r.lake.tables} tables, ${toMb(r.lake.bytes)} MB` +
      (r.lake.reused ? ' (cached)' : '') +
      `; generated in ${r.lake.generatedSeconds.toFixed(1)} s, peak RSS ${r.lake.generationPeakRssMb} MB`,
    `Loads: ${r.loads.cold} cold (fresh proxy each), ${r.loads.warm} warm, ${r.loads.raw} with pushdown off; range ${r.loads.dateRange.startDate}…${r.loads.dateRange.endDate}`,
    `Proxy: start ${r.proxy.startMsP50} ms; peak RSS ${r.proxy.pushdownPeakRssMb} MB (pushdown), ${r.proxy.rawPeakRssMb} MB (raw rows); ` +
      `V8 heap limit ${r.proxy.heapLimitMb === null ? 'Node default' : `${r.proxy.heapLimitMb} MB`}`,
  ];
}

/** The concurrency figure and the large raw response: its time split and its bytes per row against Athena's JSON. */
function concurrencyAndLargeResponseLines(r: BenchResults): string[] {
  const l = r.largeResponse;
  return [
    `Concurrency: ${r.concurrency.requests} identical requests → ${r.concurrency.executions} engine execution(s), statuses ${[...new Set(r.concurrency.statuses)].join('/')}`,
    `Large response: ${l.rows.toLocaleString('en-US')} rows × ${l.fields} fields, median of ${l.runs}: getData ${l.totalMs.toFixed(0)} ms = HTTP ${l.httpMs.toFixed(0)} ms + bundle ${l.bundleMs.toFixed(0)} ms (incl. marshalling ${l.marshalMs.toFixed(0)} ms)`,
    `Bytes per row: compact ${l.compactBytesPerRow} (gzip ${l.compactGzipBytesPerRow}) vs Athena GetQueryResults JSON ${l.athenaBytesPerRow} (gzip ${l.athenaGzipBytesPerRow}, ${l.athenaPages} pages)`,
  ];
}

/** The human-readable report. */
export function formatReport(r: BenchResults): string {
  return [
    ...setupLines(r),
    '',
    chartsTable(r.charts),
    '',
    ...concurrencyAndLargeResponseLines(r),
    '',
    `Timing goals (printed, never asserted; MISS = not reached on this machine, not a failure):`,
    ...r.targets.map((t) => `${t.pass ? 'PASS' : 'MISS'}  ${t.target}: ${t.value}`),
    ...(r.threeWays
      ? ['', formatThreeWays(r.threeWays, Object.fromEntries(r.charts.map((c) => [c.id, c.pushdown.warm.p50])))]
      : []),
    ...(r.tiled ? ['', formatTiledAnswers(r.tiled)] : []),
  ].join('\n');
}
