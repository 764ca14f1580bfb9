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
import { ensureBenchLake, type BenchLake, type BenchLakeOptions } from './benchLake';
import { openConnectorWorld, type ConnectorWorld } from './connectorWorld';
import { DASHBOARD, DASHBOARD_RANGE } from './dashboard';
import { percentile, summarizeLatency } from './latency';
import {
  loadDashboard,
  measureConcurrency,
  measureLargeResponse,
  sameChart,
  type ConcurrencyResult,
  type DashboardLoad,
  type LargeResponseResult,
} from './measurements';
import { startProxyChild, type ProxyChild } from './proxyChild';
import { measureThreeWays, type ThreeWayResult } from './threeWays';
import { measureTiledAnswers, type TiledResult } from './tiledAnswers';
import type { ServiceSettings } from '../proxy/src/config';
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

/** Opens sessions on the bench lake and remembers the open ones, so that every one is closed however the run ends. */
class SessionPool {
  private readonly open: Session[] = [];

  constructor(
    private readonly lakeDir: string,
    private readonly bundlePath: string,
    private readonly heapLimitMb: number | undefined,
  ) {}

  async openSession(settings?: Partial<ServiceSettings>): Promise<Session> {
    const proxy = await startProxyChild({
      lakeDir: this.lakeDir,
      credentials: CREDENTIALS,
      heapLimitMb: this.heapLimitMb,
      ...(settings ? { settings } : {}),
    });
    try {
      const session = { proxy, world: openConnectorWorld(this.bundlePath, proxy.url, CREDENTIALS) };
      this.open.push(session);
      return session;
    } catch (err) {
      await proxy.stop();
      throw err;
    }
  }

  /** Closes the session; the answer is its proxy's peak RSS in bytes. */
  async close(session: Session): Promise<number> {
    this.open.splice(this.open.indexOf(session), 1);
    await session.world.close();
    return (await session.proxy.stop()).peakRssBytes;
  }

  async closeAll(): Promise<void> {
    for (const session of [...this.open]) await this.close(session).catch(() => undefined);
  }
}

/** What every step of the run needs. */
interface BenchRun {
  options: BenchOptions;
  lakeDir: string;
  sessions: SessionPool;
  progress: (line: string) => void;
}

/** The pushdown figures: cold loads (a fresh proxy each), then on the last proxy warm loads, concurrency, three ways. */
interface PushdownMeasures {
  cold: DashboardLoad[];
  warm: DashboardLoad[];
  startMs: number[];
  peakRssBytes: number;
  concurrency: ConcurrencyResult;
  threeWays: ThreeWayResult;
  tiled: TiledResult;
}

/** The same dashboard with pushdown off, and the large raw response, on one proxy. */
interface RawMeasures {
  loads: DashboardLoad[];
  largeResponse: LargeResponseResult;
  peakRssBytes: number;
}

/** Each cold load on a fresh proxy; the last proxy stays open for the warm loads. */
async function runColdLoads(run: BenchRun) {
  const { options, sessions, progress } = run;
  const cold: DashboardLoad[] = [];
  const startMs: number[] = [];
  let peakRssBytes = 0;
  let session: Session | undefined;
  for (let i = 0; i < options.coldLoads; i++) {
    if (session) peakRssBytes = Math.max(peakRssBytes, await sessions.close(session));
    session = await sessions.openSession();
    startMs.push(session.proxy.startMs);
    progress(`cold load ${i + 1}/${options.coldLoads}…`);
    cold.push(await loadDashboard(session.world, session.proxy, false, i === 0));
  }
  return { cold, startMs, peakRssBytes, session: session! };
}

async function measurePushdown(run: BenchRun): Promise<PushdownMeasures> {
  const { options, progress } = run;
  const { cold, startMs, peakRssBytes, session } = await runColdLoads(run);
  progress(`${options.warmLoads} warm loads…`);
  const warm: DashboardLoad[] = [];
  for (let i = 0; i < options.warmLoads; i++)
    warm.push(await loadDashboard(session.world, session.proxy, false, false));
  progress(`${CONCURRENT_REQUESTS} identical concurrent requests…`);
  const concurrency = await measureConcurrency(session.proxy, CREDENTIALS, CONCURRENCY_SPEC, CONCURRENT_REQUESTS);
  progress('each chart three ways (DuckDB direct, engine, full path on refresh)…');
  const threeWays = await measureThreeWays(run.lakeDir, session.world, session.proxy, options.smoke ? 2 : 5);
  const peak = Math.max(peakRssBytes, await run.sessions.close(session));
  progress("each chart's first answer with day tiles on, and its stored answer…");
  const tiled = await measureTiled(run, threeWays);
  return { cold, warm, startMs, peakRssBytes: peak, concurrency, threeWays, tiled };
}

/** A proxy with its own tile folder (emptied before each first answer), closed after. */
async function measureTiled(run: BenchRun, threeWays: ThreeWayResult): Promise<TiledResult> {
  const tileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tiles-'));
  const session = await run.sessions.openSession({ tileDir });
  try {
    return await measureTiledAnswers(session, threeWays, run.options.smoke ? 2 : 5);
  } finally {
    await run.sessions.close(session);
    fs.rmSync(tileDir, { recursive: true, force: true });
  }
}

async function measureRaw(run: BenchRun): Promise<RawMeasures> {
  const { options, progress } = run;
  const raw = await run.sessions.openSession();
  const loads: DashboardLoad[] = [];
  for (let i = 0; i < options.rawLoads; i++) {
    progress(`pushdown off: load ${i + 1}/${options.rawLoads}…`);
    loads.push(await loadDashboard(raw.world, raw.proxy, true, i === 0));
  }
  progress(`large raw response (${options.largeRows.toLocaleString('en-US')} rows)…`);
  const largeResponse = measureLargeResponse(raw.world, largeRequest(options.largeRows), LARGE_RESPONSE_RUNS);
  return { loads, largeResponse, peakRssBytes: await run.sessions.close(raw) };
}

/** Each chart in both modes; the first raw load is its cold load. */
function chartResults(pushdown: PushdownMeasures, raw: RawMeasures): ChartResult[] {
  return DASHBOARD.map((chart): ChartResult => {
    const pushdownMode = toModeResult(chart.id, pushdown.cold, pushdown.warm);
    const rawMode = toModeResult(chart.id, raw.loads.slice(0, 1), raw.loads.slice(1));
    return {
      id: chart.id,
      title: chart.title,
      kind: chart.kind,
      table: chart.table,
      pushdown: pushdownMode,
      raw: rawMode,
      rowReduction: rawMode.rows / Math.max(1, pushdownMode.rows),
      sameChart: sameChart(pushdown.cold[0].charts[chart.id], raw.loads[0].charts[chart.id]),
    };
  });
}

function lakeFigures(lake: BenchLake): BenchResults['lake'] {
  return {
    rows: lake.summary.rows,
    bytes: lake.summary.bytes,
    tables: lake.summary.tables.length,
    generatedSeconds: Math.round(lake.generatedSeconds * 10) / 10,
    generationPeakRssMb: toMb(lake.generationPeakRssBytes),
    reused: lake.reused,
  };
}

/** Everything measured, judged against the targets. */
interface Measured {
  options: BenchOptions;
  loadAtStart: number;
  lake: BenchLake;
  pushdown: PushdownMeasures;
  raw: RawMeasures;
}

function benchResults({ options, loadAtStart, lake, pushdown, raw }: Measured): BenchResults {
  const results: Omit<BenchResults, 'targets'> = {
    generatedAt: new Date().toISOString(),
    smoke: options.smoke,
    machine: describeMachine(loadAtStart),
    lake: lakeFigures(lake),
    loads: { cold: options.coldLoads, warm: options.warmLoads, raw: options.rawLoads, dateRange: DASHBOARD_RANGE },
    proxy: {
      startMsP50: percentile(pushdown.startMs, 50),
      heapLimitMb: options.proxyHeapMb ?? null,
      pushdownPeakRssMb: toMb(pushdown.peakRssBytes),
      rawPeakRssMb: toMb(raw.peakRssBytes),
    },
    charts: chartResults(pushdown, raw),
    concurrency: pushdown.concurrency,
    largeResponse: raw.largeResponse,
    threeWays: pushdown.threeWays,
    tiled: pushdown.tiled,
  };
  return { ...results, targets: evaluateTargets(results) };
}

/** Runs the benchmark; `progress` receives one line per step. */
export async function runBench(options: BenchOptions, progress: (line: string) => void): Promise<BenchResults> {
  const loadAtStart = os.loadavg()[0];
  progress(`lake ${options.lake.dir} (${options.lake.rows.toLocaleString('en-US')} rows)…`);
  const lake = await ensureBenchLake(options.lake);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  let sessions: SessionPool | undefined;
  try {
    const { bundlePath } = await buildConnector(path.join(tempDir, 'connector'));
    sessions = new SessionPool(lake.dir, bundlePath, options.proxyHeapMb);
    const run: BenchRun = { options, lakeDir: lake.dir, sessions, progress };
    const pushdown = await measurePushdown(run);
    const raw = await measureRaw(run);
    return benchResults({ options, loadAtStart, lake, pushdown, raw });
  } finally {
    await sessions?.closeAll();
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
