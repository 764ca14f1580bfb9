/**
 * Each dashboard chart three ways in the same run, so our overhead is measured against the engine's own speed:
 *   direct — DuckDB alone runs the compiled SQL (same views and macros as the engine) and hands the rows to JS;
 *   engine — the DuckDB engine behind the port: start, poll, read every row (no service, no cache);
 *   full   — getData through the connector bundle in the Apps Script harness, HTTP and the proxy, on "refresh"
 *            (`lastRefresh` = now, so the proxy's cache cannot answer; DuckDB is warm).
 * Medians over `runs` after one warm-up of each. The full path's time is split into compile (timed here on the
 * same spec), queue and engine (the proxy's own log), the rest of the server and transfer, poll sleeps, and the
 * connector's decoding (bundle time).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildQuerySpec } from '../connector/src/data';
import { parseConnectorConfig } from '../connector/src/config';
import type { GetDataRequest } from '../connector/src/lookerTypes';
import { compileQuery } from '../proxy/src/sql';
import { buildCatalog, FileCheckCache } from '../proxy/src/engines/duckdb';
import { createDuckDbEngine, type DuckDbEngine } from '../proxy/src/engines/duckdb';
import { scanLake } from '../proxy/src/engines/duckdb';
import { openSandboxedDuckDb } from '../proxy/src/engines/duckdb';
import type { ConnectorWorld } from './connectorWorld';
import { DASHBOARD, toGetDataRequest, type DashboardChart } from './dashboard';
import type { QuerySpec } from '../protocol/contract';
import type { TableDescription } from '../proxy/src/port';
import type { ProxyChild } from './proxyChild';
import { textTable } from './textTable';

export interface ThreeWayChart {
  id: string;
  rows: number;
  directMs: number;
  engineMs: number;
  fullMs: number;
  /** Where the full path's time goes (medians; they need not add up exactly to fullMs). */
  split: {
    compileMs: number;
    queueMs: number;
    engineMs: number;
    serverAndTransferMs: number;
    sleepMs: number;
    decodeMs: number;
  };
}

export interface ThreeWayResult {
  runs: number;
  charts: ThreeWayChart[];
  total: { directMs: number; engineMs: number; fullMs: number };
}

const COMPILE_OPTIONS = { maxRows: 1_000_000, sampleRows: 20 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

async function untilFinished(engine: DuckDbEngine, id: string): Promise<void> {
  for (;;) {
    const { state } = await engine.getQueryStatus(id);
    if (state === 'SUCCEEDED') return;
    if (state !== 'QUEUED' && state !== 'RUNNING') throw new Error(`engine query ${state}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

type SandboxedDuckDb = Awaited<ReturnType<typeof openSandboxedDuckDb>>;

/** The three ways to run a chart, and the proxy whose stats split the full path's time. */
interface ThreeWayRunners {
  direct: SandboxedDuckDb;
  engine: DuckDbEngine;
  world: ConnectorWorld;
  proxy: ProxyChild;
}

/** A chart's request, its spec as the connector builds it (time zone defaulted) and the SQL it compiles to. */
interface PreparedChart {
  request: GetDataRequest;
  zoned: QuerySpec;
  table: TableDescription;
  sql: string;
}

/** One timed run of a chart each way (ms), the full path's split, and the rows DuckDB direct returned. */
interface ThreeWaySample {
  direct: number;
  engine: number;
  full: number;
  compile: number;
  queue: number;
  run: number;
  http: number;
  sleep: number;
  decode: number;
  rows: number;
}

async function prepareChart(engine: DuckDbEngine, chart: DashboardChart): Promise<PreparedChart> {
  const request: GetDataRequest = toGetDataRequest(chart, { rawRows: false });
  const spec = buildQuerySpec(request, parseConnectorConfig(request.configParams));
  const table = await engine.describeTable(spec.database, spec.table);
  const zoned = { ...spec, timeZone: spec.timeZone ?? 'UTC' };
  const { sql } = compileQuery(zoned, table, COMPILE_OPTIONS);
  return { request, zoned, table, sql };
}

/** DuckDB alone runs the SQL and hands the rows to JS. */
async function timeDirect(direct: SandboxedDuckDb, sql: string): Promise<{ ms: number; rows: number }> {
  const t = performance.now();
  const reader = await direct.connection.runAndReadAll(sql);
  const rows = reader.getRows().length;
  return { ms: performance.now() - t, rows };
}

/** The engine behind the port: start, poll, read every row. */
async function timeEngine(engine: DuckDbEngine, sql: string): Promise<number> {
  const t = performance.now();
  const id = await engine.startQuery(sql, { callerId: 'bench' });
  await untilFinished(engine, id);
  await engine.readResults(id, 0, COMPILE_OPTIONS.maxRows + 1);
  return performance.now() - t;
}

function timeCompile(chart: PreparedChart): number {
  const t = performance.now();
  compileQuery(chart.zoned, chart.table, COMPILE_OPTIONS);
  return performance.now() - t;
}

/** getData on refresh through the connector and the proxy, split by the proxy's own queue and engine time. */
async function timeFullPath(runners: ThreeWayRunners, request: GetDataRequest) {
  const before = await runners.proxy.stats();
  const call = runners.world.getData({ ...request, scriptParams: { lastRefresh: new Date().toISOString() } });
  const after = await runners.proxy.stats();
  return {
    full: call.totalMs,
    queue: after.queueMs - before.queueMs,
    run: after.engineMs - before.engineMs,
    http: call.httpMs,
    sleep: call.sleepMs,
    decode: call.totalMs - call.httpMs - call.sleepMs,
  };
}

async function sampleThreeWays(runners: ThreeWayRunners, chart: PreparedChart): Promise<ThreeWaySample> {
  const direct = await timeDirect(runners.direct, chart.sql);
  const engine = await timeEngine(runners.engine, chart.sql);
  const compile = timeCompile(chart);
  const full = await timeFullPath(runners, chart.request);
  return { direct: direct.ms, engine, compile, rows: direct.rows, ...full };
}

/** Medians of the samples, the full path's time split into its parts. */
function summarizeChart(id: string, samples: ThreeWaySample[]): ThreeWayChart {
  const m = (pick: (s: ThreeWaySample) => number) => round(median(samples.map(pick)));
  return {
    id,
    rows: samples[0]?.rows ?? 0,
    directMs: m((s) => s.direct),
    engineMs: m((s) => s.engine),
    fullMs: m((s) => s.full),
    split: {
      compileMs: m((s) => s.compile),
      queueMs: m((s) => s.queue),
      engineMs: m((s) => s.run),
      serverAndTransferMs: m((s) => Math.max(0, s.http - s.queue - s.run - s.compile)),
      sleepMs: m((s) => s.sleep),
      decodeMs: m((s) => s.decode),
    },
  };
}

/** One warm-up of each way, then `runs` samples. */
async function measureChart(runners: ThreeWayRunners, chart: DashboardChart, runs: number): Promise<ThreeWayChart> {
  const prepared = await prepareChart(runners.engine, chart);
  const samples: ThreeWaySample[] = [];
  for (let i = 0; i <= runs; i++) {
    const sample = await sampleThreeWays(runners, prepared);
    if (i > 0) samples.push(sample);
  }
  return summarizeChart(chart.id, samples);
}

function totalsOf(charts: ThreeWayChart[]): ThreeWayResult['total'] {
  const sum = (pick: (c: ThreeWayChart) => number) => round(charts.reduce((acc, c) => acc + pick(c), 0));
  return { directMs: sum((c) => c.directMs), engineMs: sum((c) => c.engineMs), fullMs: sum((c) => c.fullMs) };
}

/** Measures every dashboard chart three ways; `world` and `proxy` serve the lake at `lakeDir`. */
export async function measureThreeWays(
  lakeDir: string,
  world: ConnectorWorld,
  proxy: ProxyChild,
  runs: number,
): Promise<ThreeWayResult> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-direct-'));
  const direct = await openSandboxedDuckDb({
    readDirs: [path.resolve(lakeDir)],
    writeDirs: [work],
    spillDir: path.join(work, 'spill'),
  });
  const engine = await createDuckDbEngine({ lakeDir, logger: { warn: () => undefined } });
  try {
    const checks = { cleanDir: path.join(work, 'clean'), cache: new FileCheckCache() };
    await buildCatalog(
      { connection: direct.connection, database: 'lake', checks },
      await scanLake(path.resolve(lakeDir)),
    );
    const runners: ThreeWayRunners = { direct, engine, world, proxy };
    const charts: ThreeWayChart[] = [];
    for (const chart of DASHBOARD) charts.push(await measureChart(runners, chart, runs));
    return { runs, charts, total: totalsOf(charts) };
  } finally {
    await engine.close();
    direct.connection.closeSync();
    direct.instance.closeSync();
    await fs.rm(work, { recursive: true, force: true });
  }
}

const THREE_WAY_HEADER = [
  'chart',
  'rows',
  'direct ms',
  'engine ms',
  'full ms',
  'engine/direct',
  'full/direct',
  'compile',
  'queue',
  'engine',
  'server+transfer',
  'sleep',
  'decode',
];

const ratio = (x: number, base: number) => `${(x / Math.max(0.1, base)).toFixed(2)}×`;

/** One row per chart and a total row: the three times, the ratios to direct, and the full path's split. */
function threeWayRows(r: ThreeWayResult): string[][] {
  const rows = r.charts.map((c) => [
    c.id,
    String(c.rows),
    String(c.directMs),
    String(c.engineMs),
    String(c.fullMs),
    ratio(c.engineMs, c.directMs),
    ratio(c.fullMs, c.directMs),
    String(c.split.compileMs),
    String(c.split.queueMs),
    String(c.split.engineMs),
    String(c.split.serverAndTransferMs),
    String(c.split.sleepMs),
    String(c.split.decodeMs),
  ]);
  const { directMs, engineMs, fullMs } = r.total;
  const totals = ['total', '', String(directMs), String(engineMs), String(fullMs)];
  rows.push([...totals, ratio(engineMs, directMs), ratio(fullMs, directMs), '', '', '', '', '', '']);
  return rows;
}

/** The three-way targets (printed, never asserted). */
function threeWayVerdicts(r: ThreeWayResult, warmP50ByChart: Record<string, number>): string[] {
  const smallest = [...r.charts].sort((a, b) => a.directMs - b.directMs)[0];
  const totalRatio = r.total.fullMs / Math.max(0.1, r.total.directMs);
  const smallRatio = smallest ? smallest.fullMs / Math.max(0.1, smallest.directMs) : NaN;
  const warmWorst = Math.max(...Object.values(warmP50ByChart));
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
  return [
    `${verdict(totalRatio <= 2)}  full path summed over the charts ≤ 2× DuckDB direct: ${totalRatio.toFixed(2)}×`,
    `${verdict(smallRatio <= 2.5)}  smallest chart (${smallest?.id}) full path ≤ 2.5× DuckDB direct: ${smallRatio.toFixed(2)}×`,
    `${verdict(warmWorst <= 15)}  warm (cached) median ≤ 15 ms per chart: worst ${warmWorst} ms`,
  ];
}

/** The three-way table, ratios to DuckDB direct, and the targets (printed, never asserted). */
export function formatThreeWays(r: ThreeWayResult, warmP50ByChart: Record<string, number>): string {
  return [
    `Three ways on refresh (cache bypassed, DuckDB warm), median of ${r.runs}; the full path's split in ms:`,
    textTable(THREE_WAY_HEADER, threeWayRows(r)),
    ...threeWayVerdicts(r, warmP50ByChart),
  ].join('\n');
}
