/**
 * The benchmark's measurements, each over a running proxy child and a connector world: one dashboard load,
 * identical concurrent requests, and the connector's handling of a large raw response.
 */
import { gzipSync } from 'node:zlib';
import type { GetDataResponse } from '../connector/src/lookerTypes';
import type { QuerySpec } from '../protocol/contract';
import { signedFetch } from '../tools/signing/signedFetch';
import { computeChart, type ChartValues, type Rows } from '../tools/lookerModel/lookerChart';
import { toAthenaResultPages } from './athenaJson';
import type { ConnectorWorld } from './connectorWorld';
import { DASHBOARD, toGetDataRequest } from './dashboard';
import type { ProxyChild } from './proxyChild';

/** One chart's getData through the connector. `bundleMs` = total − HTTP − sleep. */
export interface ChartSample {
  rows: number;
  requests: number;
  bodyBytes: number;
  gzipBytes: number;
  /** Engine executions the proxy ran for this call (0 when served from its cache), and their engine time. */
  executions: number;
  engineMs: number;
  totalMs: number;
  bundleMs: number;
}

/** Samples by chart id, and the chart values Looker Studio would draw from the rows (by chart id). */
export interface DashboardLoad {
  samples: Record<string, ChartSample>;
  charts: Record<string, ChartValues>;
}

/** Rows of a getData response in the shape the reference chart model reads. */
function toRows(response: GetDataResponse): Rows {
  return {
    schema: response.schema,
    rows: response.rows.map((row) => row.values),
    filtersApplied: response.filtersApplied,
  };
}

/**
 * Loads every dashboard chart once, one after another, as the connector would for Looker Studio; with `draw`, also
 * computes each chart's values from the rows (outside the timed calls).
 */
export async function loadDashboard(
  world: ConnectorWorld,
  proxy: ProxyChild,
  rawRows: boolean,
  draw: boolean,
): Promise<DashboardLoad> {
  const load: DashboardLoad = { samples: {}, charts: {} };
  for (const chart of DASHBOARD) {
    const before = await proxy.stats();
    const call = world.getData(toGetDataRequest(chart, { rawRows }));
    const after = await proxy.stats();
    load.samples[chart.id] = {
      rows: call.response.rows.length,
      requests: call.requests,
      bodyBytes: call.bodyBytes,
      gzipBytes: call.gzipBytes,
      executions: after.executions - before.executions,
      engineMs: after.engineMs - before.engineMs,
      totalMs: call.totalMs,
      bundleMs: call.totalMs - call.httpMs - call.sleepMs,
    };
    if (draw) load.charts[chart.id] = computeChart(toRows(call.response), chart.chart, !rawRows, chart.filters ?? []);
  }
  return load;
}

/** Whether two charts have the same groups and values (relative tolerance for float summation order). */
export function sameChart(a: ChartValues, b: ChartValues): boolean {
  if (a.size !== b.size) return false;
  for (const [key, values] of a) {
    const other = b.get(key);
    if (!other) return false;
    const equal = values.every((x, i) => {
      const y = other[i];
      return x === null || y === null ? x === y : Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
    });
    if (!equal) return false;
  }
  return true;
}

export interface ConcurrencyResult {
  requests: number;
  statuses: number[];
  executions: number;
}

/** Sends `count` identical signed POSTs at once (a spec not run before) and counts the engine executions. */
export async function measureConcurrency(
  proxy: ProxyChild,
  credentials: { accessKeyId: string; secretAccessKey: string },
  spec: QuerySpec,
  count: number,
): Promise<ConcurrencyResult> {
  const before = (await proxy.stats()).executions;
  const body = JSON.stringify(spec);
  const answers = await Promise.all(
    Array.from({ length: count }, () =>
      signedFetch(proxy.url, credentials, { method: 'POST', path: '/v1/queries', body }),
    ),
  );
  return {
    requests: count,
    statuses: answers.map((a) => a.status),
    executions: (await proxy.stats()).executions - before,
  };
}

export interface LargeResponseResult {
  rows: number;
  fields: number;
  runs: number;
  /** Medians over the runs, in ms: the whole getData, its HTTP part, and the rest (bundle + harness marshalling). */
  totalMs: number;
  httpMs: number;
  bundleMs: number;
  /** Median time the harness takes to copy the result out of the sandbox (JSON round trip), included in bundleMs. */
  marshalMs: number;
  compactBytesPerRow: number;
  compactGzipBytesPerRow: number;
  athenaBytesPerRow: number;
  athenaGzipBytesPerRow: number;
  athenaPages: number;
}

/** Runs a raw getData returning `rowLimit` rows `runs` times; compares its wire size with GetQueryResults JSON. */
export function measureLargeResponse(
  world: ConnectorWorld,
  request: Parameters<ConnectorWorld['getData']>[0],
  runs: number,
): LargeResponseResult {
  const calls = Array.from({ length: runs }, () => world.getData(request));
  const marshal = calls.map((call) => {
    const started = performance.now();
    JSON.parse(JSON.stringify(call.response));
    return performance.now() - started;
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const last = calls[calls.length - 1];
  const rows = last.response.rows.length;
  const pages = toAthenaResultPages(
    last.response.schema,
    last.response.rows.map((row) => row.values),
  );
  const athenaBytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page), 0);
  const athenaGzip = pages.reduce((sum, page) => sum + gzipSync(page, { level: 1 }).length, 0);
  const perRow = (bytes: number) => Math.round((bytes / Math.max(1, rows)) * 10) / 10;
  return {
    rows,
    fields: last.response.schema.length,
    runs,
    totalMs: median(calls.map((c) => c.totalMs)),
    httpMs: median(calls.map((c) => c.httpMs)),
    bundleMs: median(calls.map((c) => c.totalMs - c.httpMs - c.sleepMs)),
    marshalMs: median(marshal),
    compactBytesPerRow: perRow(last.bodyBytes),
    compactGzipBytesPerRow: perRow(last.gzipBytes),
    athenaBytesPerRow: perRow(athenaBytes),
    athenaGzipBytesPerRow: perRow(athenaGzip),
    athenaPages: pages.length,
  };
}
