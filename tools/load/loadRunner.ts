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

/** Runs the load and stops by itself after `durationMs`. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const started = Date.now();
  const end = started + options.durationMs;
  const latencies: number[] = [];
  const report: LoadReport = {
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
  const sample = () => {
    const entry = {
      atMs: Date.now() - started,
      rssMb: process.memoryUsage().rss / 1e6,
      requests: report.requests,
      errors: report.errors,
    };
    report.samples.push(entry);
    options.onSample?.(entry);
  };
  const timer = setInterval(sample, options.sampleEveryMs);
  let next = 0;
  const client = async () => {
    while (Date.now() < end) {
      const n = next++;
      // Deterministic mix: request n misses the cache when its fractional slot falls below the share.
      const uncached = (n * 0.618034) % 1 < options.uncachedShare;
      const spec = uncached ? uncachedSpec(n) : CACHED_SPECS[n % CACHED_SPECS.length];
      const t0 = process.hrtime.bigint();
      let outcome: string;
      try {
        const res = await runQuery(options, spec);
        outcome = String(res.status);
        if (res.status === 200 && res.json.stats?.cached) report.cachedAnswers++;
        if (res.status !== 200 && report.errorExamples.length < 5)
          report.errorExamples.push(`${res.status} ${res.text.slice(0, 300)}`);
      } catch (error) {
        outcome = 'exception';
        if (report.errorExamples.length < 5) report.errorExamples.push(String(error));
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      report.requests++;
      if (uncached) report.uncachedRequests++;
      if (outcome !== '200') report.errors++;
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
    }
  };
  try {
    sample();
    await Promise.all(Array.from({ length: options.clients }, client));
    sample();
  } finally {
    clearInterval(timer);
  }
  const sorted = latencies.sort((a, b) => a - b);
  report.durationMs = Date.now() - started;
  report.latencyMs = {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? 0,
  };
  return report;
}

/** Mean RSS of the first and the last third of the samples. */
export function rssThirds(samples: LoadSample[]): { first: number; last: number } {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (list: LoadSample[]) => list.reduce((sum, s) => sum + s.rssMb, 0) / list.length;
  return { first: mean(samples.slice(0, third)), last: mean(samples.slice(-third)) };
}
