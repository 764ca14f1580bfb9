/**
 * The benchmark run: lake → connector bundle → cold dashboard loads (a fresh proxy process each) → warm loads →
 * identical concurrent requests → the same dashboard with pushdown off → a large raw response. Every proxy runs
 * in its own child process (its peak RSS is its own) and is stopped however the run ends.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildConnector } from '../tools/build/buildConnector';
import type { GetDataRequest } from '../connector/src/lookerTypes';
import { ensureBenchLake, type BenchLakeOptions } from './benchLake';
import { openConnectorWorld, type ConnectorWorld } from './connectorWorld';
import { DASHBOARD, DASHBOARD_RANGE } from './dashboard';
import { percentile, summarizeLatency } from './latency';
import {
  loadDashboard,
  measureConcurrency,
  measureLargeResponse,
  sameChart,
  type DashboardLoad,
  type LargeResponseResult,
} from './measurements';
import { startProxyChild, type ProxyChild } from './proxyChild';
import { measureThreeWays } from './threeWays';
import { evaluateTargets, toMb, type BenchResults, type ChartResult, type ModeResult } from './report';

export interface BenchOptions {
  lake: BenchLakeOptions;
  coldLoads: number;
  warmLoads: number;
  rawLoads: number;
  largeRows: number;
  smoke: boolean;
  /** V8 heap limit of the proxy processes, in MB; default Node's own (as `npm start` runs). */
  proxyHeapMb?: number;
}

/** Never a real AWS key: the local proxy accepts exactly this pair. */
const CREDENTIALS = { accessKeyId: 'AKIDBENCHMARK0000001', secretAccessKey: 'bench/Secret+Key/NotReal0123456789' };
const CONCURRENT_REQUESTS = 10;
const LARGE_RESPONSE_RUNS = 3;

/** A proxy child with a connector world signed in to it. */
interface Session {
  proxy: ProxyChild;
  world: ConnectorWorld;
}

/** Runs the benchmark; `progress` receives one line per step. */
export async function runBench(options: BenchOptions, progress: (line: string) => void): Promise<BenchResults> {
  const loadAtStart = os.loadavg()[0];
  progress(`lake ${options.lake.dir} (${options.lake.rows.toLocaleString('en-US')} rows)…`);
  const lake = await ensureBenchLake(options.lake);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const open: Session[] = [];
  let bundlePath = '';
  const openSession = async (): Promise<Session> => {
    const proxy = await startProxyChild({
      lakeDir: lake.dir,
      credentials: CREDENTIALS,
      heapLimitMb: options.proxyHeapMb,
    });
    try {
      const session = { proxy, world: openConnectorWorld(bundlePath, proxy.url, CREDENTIALS) };
      open.push(session);
      return session;
    } catch (err) {
      await proxy.stop();
      throw err;
    }
  };
  const closeSession = async (session: Session): Promise<number> => {
    open.splice(open.indexOf(session), 1);
    await session.world.close();
    return (await session.proxy.stop()).peakRssBytes;
  };
  try {
    bundlePath = (await buildConnector(path.join(tempDir, 'connector'))).bundlePath;
    const cold: DashboardLoad[] = [];
    const startMs: number[] = [];
    let pushdownPeak = 0;
    let session: Session | undefined;
    for (let i = 0; i < options.coldLoads; i++) {
      if (session) pushdownPeak = Math.max(pushdownPeak, await closeSession(session));
      session = await openSession();
      startMs.push(session.proxy.startMs);
      progress(`cold load ${i + 1}/${options.coldLoads}…`);
      cold.push(await loadDashboard(session.world, session.proxy, false, i === 0));
    }
    const pushdown = session!;
    progress(`${options.warmLoads} warm loads…`);
    const warm: DashboardLoad[] = [];
    for (let i = 0; i < options.warmLoads; i++)
      warm.push(await loadDashboard(pushdown.world, pushdown.proxy, false, false));
    progress(`${CONCURRENT_REQUESTS} identical concurrent requests…`);
    const concurrency = await measureConcurrency(pushdown.proxy, CREDENTIALS, CONCURRENCY_SPEC, CONCURRENT_REQUESTS);
    progress('each chart three ways (DuckDB direct, engine, full path on refresh)…');
    const threeWays = await measureThreeWays(lake.dir, pushdown.world, pushdown.proxy, options.smoke ? 2 : 5);
    pushdownPeak = Math.max(pushdownPeak, await closeSession(pushdown));

    const raw = await openSession();
    const rawLoads: DashboardLoad[] = [];
    for (let i = 0; i < options.rawLoads; i++) {
      progress(`pushdown off: load ${i + 1}/${options.rawLoads}…`);
      rawLoads.push(await loadDashboard(raw.world, raw.proxy, true, i === 0));
    }
    progress(`large raw response (${options.largeRows.toLocaleString('en-US')} rows)…`);
    const largeResponse: LargeResponseResult = measureLargeResponse(
      raw.world,
      largeRequest(options.largeRows),
      LARGE_RESPONSE_RUNS,
    );
    const rawPeak = await closeSession(raw);

    const charts = DASHBOARD.map((chart): ChartResult => {
      const pushdownMode = toModeResult(chart.id, cold, warm);
      const rawMode = toModeResult(chart.id, rawLoads.slice(0, 1), rawLoads.slice(1));
      return {
        id: chart.id,
        title: chart.title,
        kind: chart.kind,
        table: chart.table,
        pushdown: pushdownMode,
        raw: rawMode,
        rowReduction: rawMode.rows / Math.max(1, pushdownMode.rows),
        sameChart: sameChart(cold[0].charts[chart.id], rawLoads[0].charts[chart.id]),
      };
    });
    const results: Omit<BenchResults, 'targets'> = {
      generatedAt: new Date().toISOString(),
      smoke: options.smoke,
      machine: describeMachine(loadAtStart),
      lake: {
        rows: lake.summary.rows,
        bytes: lake.summary.bytes,
        tables: lake.summary.tables.length,
        generatedSeconds: Math.round(lake.generatedSeconds * 10) / 10,
        generationPeakRssMb: toMb(lake.generationPeakRssBytes),
        reused: lake.reused,
      },
      loads: { cold: options.coldLoads, warm: options.warmLoads, raw: options.rawLoads, dateRange: DASHBOARD_RANGE },
      proxy: {
        startMsP50: percentile(startMs, 50),
        heapLimitMb: options.proxyHeapMb ?? null,
        pushdownPeakRssMb: toMb(pushdownPeak),
        rawPeakRssMb: toMb(rawPeak),
      },
      charts,
      concurrency,
      largeResponse,
      threeWays,
    };
    return { ...results, targets: evaluateTargets(results) };
  } finally {
    for (const session of [...open]) await closeSession(session).catch(() => undefined);
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Sizes and executions from the first (cold) load; latency over every load of each kind. */
function toModeResult(id: string, cold: DashboardLoad[], warm: DashboardLoad[]): ModeResult {
  const first = cold[0].samples[id];
  const warmSamples = warm.map((load) => load.samples[id]);
  return {
    rows: first.rows,
    requests: first.requests,
    bodyBytes: first.bodyBytes,
    gzipBytes: first.gzipBytes,
    coldExecutions: first.executions,
    warmExecutions: Math.max(0, ...warmSamples.map((s) => s.executions)),
    cold: summarizeLatency(cold.map((load) => load.samples[id].totalMs)),
    coldMs: cold.map((load) => Math.round(load.samples[id].totalMs)),
    coldEngineMs: cold.map((load) => load.samples[id].engineMs),
    warm: summarizeLatency(warmSamples.map((s) => s.totalMs)),
    warmBundleMsP50:
      Math.round(
        percentile(
          warmSamples.map((s) => s.bundleMs),
          50,
        ) * 10,
      ) / 10,
  };
}

/** Not a dashboard chart's query (a different range), so it is neither cached nor running when sent. */
const CONCURRENCY_SPEC = {
  database: 'lake',
  table: 'food_delivery_1_0_0',
  fields: [{ name: 'city' }, { name: 'status' }, { name: 'record_count' }],
  dateColumn: 'dt',
  dateRange: { startDate: '2026-07-01', endDate: '2026-09-30' },
};

/** Raw payment events (timestamp, text, number, id), limited to `rows` rows. */
function largeRequest(rows: number): GetDataRequest {
  return {
    configParams: {
      database: 'lake',
      table: 'payment_requested_1_0_0',
      dateColumn: 'dt',
      rawRows: 'true',
      rowLimit: String(rows),
    },
    fields: ['timestamp', 'currency', 'amount', 'customerid'].map((name) => ({ name })),
    dateRange: DASHBOARD_RANGE,
  };
}

function describeMachine(loadAtStart: number): BenchResults['machine'] {
  const cpus = os.cpus();
  const load = (x: number) => Math.round(x * 100) / 100;
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1e8) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    loadAverage: [load(loadAtStart), load(os.loadavg()[0])],
  };
}
