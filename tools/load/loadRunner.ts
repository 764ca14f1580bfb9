/**
 * A bounded load generator for the proxy over loopback: N clients send signed POST /v1/queries for T ms (polling
 * 202s to the end), mixing queries the cache answers with ones it cannot (a different date range or filter value
 * each time). Reports request and error counts, latency percentiles and the process RSS sampled at intervals.
 * Used by test/load (reduced size) and tools/load/cli.ts (full size).
 */
import { signedFetch, type CallResult, type TestCredentials } from '../signing/signedFetch';
import { apiPath } from '../../protocol/routes';

export interface LoadOptions {
  url: string;
  credentials: TestCredentials;
  clients: number;
  durationMs: number;
  /** Share of requests built to miss the cache (0–1). */
  uncachedShare: number;
  /** RSS sampling interval. */
  sampleEveryMs: number;
  onSample?: (sample: LoadSample) => void;
}

export interface LoadSample {
  atMs: number;
  rssMb: number;
  requests: number;
  errors: number;
}

export interface LoadReport {
  durationMs: number;
  requests: number;
  errors: number;
  /** Final HTTP status (or `exception`) → count. */
  outcomes: Record<string, number>;
  /** Answers the proxy's result cache served, and requests built to miss it. */
  cachedAnswers: number;
  uncachedRequests: number;
  /** The first few failures, for the report. */
  errorExamples: string[];
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  samples: LoadSample[];
}

const CACHED_SPECS = [
  { database: 'lake', table: 'food_delivery_1_0_0', fields: [{ name: 'status' }, { name: 'record_count' }] },
  {
    database: 'lake',
    table: 'bookstore_purchase_1_0_0',
    fields: [{ name: 'genre' }, { name: 'price' }],
    dateColumn: 'dt',
    dateRange: { startDate: '2026-09-01', endDate: '2026-09-30' },
  },
  { database: 'lake', table: 'thermostat_reading_1_0_0', fields: [{ name: 'deviceid' }, { name: 'temp_max' }] },
  { database: 'lake', table: 'app_log_1_0_0', fields: [{ name: 'logtype' }, { name: 'record_count' }] },
];

/** A spec no earlier request used: its date range start and a filter value come from the request number. */
function uncachedSpec(n: number): Record<string, unknown> {
  const start = new Date(Date.UTC(2026, 7, 3) + (n % 80) * 86_400_000).toISOString().slice(0, 10);
  const end = new Date(Date.UTC(2026, 7, 3) + ((n % 80) + 1 + (Math.floor(n / 80) % 9)) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return {
    database: 'lake',
    table: 'food_pickup_1_0_0',
    fields: [{ name: 'city' }, { name: 'waitseconds_max' }, { name: 'record_count' }],
    dateColumn: 'dt',
    dateRange: { startDate: start, endDate: end },
    dimensionsFilters: [[{ fieldName: 'courierid', type: 'EXCLUDE', operator: 'EQUALS', values: [`load-${n}`] }]],
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one query and polls a 202 until it ends; the answer is the final one. */
async function runQuery(options: LoadOptions, spec: Record<string, unknown>): Promise<CallResult> {
  let res = await signedFetch(options.url, options.credentials, {
    method: 'POST',
    path: apiPath.queries(),
    body: JSON.stringify(spec),
  });
  while (res.status === 202) {
    await sleep(Math.min(200, res.json.retryAfterMs ?? 50));
    res = await signedFetch(options.url, options.credentials, {
      method: 'GET',
      path: apiPath.query(String(res.json.queryId)),
    });
  }
  return res;
}

function emptyReport(): LoadReport {
  return {
    durationMs: 0,
    requests: 0,
    errors: 0,
    outcomes: {},
    cachedAnswers: 0,
    uncachedRequests: 0,
    errorExamples: [],
    latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 },
    samples: [],
  };
}

/** Records the process RSS and the counts so far into the report (and to `onSample`). */
function takeSample(options: LoadOptions, report: LoadReport, started: number): void {
  const entry = {
    atMs: Date.now() - started,
    rssMb: process.memoryUsage().rss / 1e6,
    requests: report.requests,
    errors: report.errors,
  };
  report.samples.push(entry);
  options.onSample?.(entry);
}

/** Request n's spec. Deterministic mix: it misses the cache when its fractional slot falls below the share. */
function specFor(options: LoadOptions, n: number): { uncached: boolean; spec: Record<string, unknown> } {
  const uncached = (n * 0.618034) % 1 < options.uncachedShare;
  return { uncached, spec: uncached ? uncachedSpec(n) : CACHED_SPECS[n % CACHED_SPECS.length] };
}

/** Runs one query to its end; the outcome is its final HTTP status, or `exception`. */
async function sendCounted(options: LoadOptions, report: LoadReport, spec: Record<string, unknown>): Promise<string> {
  try {
    const res = await runQuery(options, spec);
    if (res.status === 200 && res.json.stats?.cached) report.cachedAnswers++;
    if (res.status !== 200 && report.errorExamples.length < 5)
      report.errorExamples.push(`${res.status} ${res.text.slice(0, 300)}`);
    return String(res.status);
  } catch (error) {
    if (report.errorExamples.length < 5) report.errorExamples.push(String(error));
    return 'exception';
  }
}

/** What the clients share while the load runs: the report they fill, the latencies, the next request number. */
interface LoadRun {
  options: LoadOptions;
  report: LoadReport;
  latencies: number[];
  endMs: number;
  next: number;
}

/** One client: sends requests one after another until the end time. */
async function runClient(run: LoadRun): Promise<void> {
  const { report } = run;
  while (Date.now() < run.endMs) {
    const { uncached, spec } = specFor(run.options, run.next++);
    const t0 = process.hrtime.bigint();
    const outcome = await sendCounted(run.options, report, spec);
    run.latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    report.requests++;
    if (uncached) report.uncachedRequests++;
    if (outcome !== '200') report.errors++;
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  }
}

function latencySummary(latencies: number[]): LoadReport['latencyMs'] {
  const sorted = latencies.sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** Runs the load and stops by itself after `durationMs`. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const started = Date.now();
  const run: LoadRun = { options, report: emptyReport(), latencies: [], endMs: started + options.durationMs, next: 0 };
  const sample = () => takeSample(options, run.report, started);
  const timer = setInterval(sample, options.sampleEveryMs);
  try {
    sample();
    await Promise.all(Array.from({ length: options.clients }, () => runClient(run)));
    sample();
  } finally {
    clearInterval(timer);
  }
  run.report.durationMs = Date.now() - started;
  run.report.latencyMs = latencySummary(run.latencies);
  return run.report;
}

/** Mean RSS of the first and the last third of the samples. */
export function rssThirds(samples: LoadSample[]): { first: number; last: number } {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (list: LoadSample[]) => list.reduce((sum, s) => sum + s.rssMb, 0) / list.length;
  return { first: mean(samples.slice(0, third)), last: mean(samples.slice(-third)) };
}
