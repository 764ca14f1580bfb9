/**
 * Each dashboard chart's first answer with day tiles on (docs/tiles.md), against DuckDB running the same chart
 * alone (the three-way "direct" figure of the same run). A proxy with its own tile folder answers each chart on
 * "refresh" (`lastRefresh` = now, so its result cache cannot answer) twice per sample: first with every tile cold
 * (the folder and the proxy's memory layer emptied; every day computed in one engine query, stored, merged: a chart's cold answer), then again (every day
 * from the store, no engine query). DuckDB is warm. The first answer's time is split into the engine query (the
 * proxy's own log) and the rest (partition listing, tile writes, merge, HTTP and the connector).
 */
import type { GetDataRequest } from '../connector/src/lookerTypes';
import type { ConnectorWorld } from './connectorWorld';
import { DASHBOARD, toGetDataRequest } from './dashboard';
import type { ProxyChild } from './proxyChild';
import { textTable } from './textTable';
import type { ThreeWayResult } from './threeWays';

export interface TiledChart {
  id: string;
  directMs: number;
  /** The chart's first answer (empty tile folder): end to end, and the engine query's part of it. */
  firstMs: number;
  firstEngineMs: number;
  /** The same chart answered again from the stored tiles. */
  storedMs: number;
  /** Engine executions of one stored answer (0 when every day came from the store). */
  storedExecutions: number;
}

export interface TiledResult {
  runs: number;
  charts: TiledChart[];
}

/** A proxy serving with day tiles on, and a connector signed in to it. */
export interface TiledSession {
  proxy: ProxyChild;
  world: ConnectorWorld;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

async function timedRefresh(session: TiledSession, request: GetDataRequest) {
  const before = await session.proxy.stats();
  const call = session.world.getData({ ...request, scriptParams: { lastRefresh: new Date().toISOString() } });
  const after = await session.proxy.stats();
  return {
    ms: call.totalMs,
    engineMs: after.engineMs - before.engineMs,
    executions: after.executions - before.executions,
  };
}

type Refresh = Awaited<ReturnType<typeof timedRefresh>>;

async function sampleChart(
  session: TiledSession,
  request: GetDataRequest,
): Promise<{ first: Refresh; stored: Refresh }> {
  await session.proxy.forgetTiles();
  const first = await timedRefresh(session, request);
  const stored = await timedRefresh(session, request);
  return { first, stored };
}

/** One warm-up, then `runs` samples of every chart; `direct` is the three-way run of the same lake. */
export async function measureTiledAnswers(
  session: TiledSession,
  direct: ThreeWayResult,
  runs: number,
): Promise<TiledResult> {
  const charts: TiledChart[] = [];
  for (const chart of DASHBOARD) {
    const request = toGetDataRequest(chart, { rawRows: false });
    const samples: { first: Refresh; stored: Refresh }[] = [];
    for (let i = 0; i <= runs; i++) {
      const sample = await sampleChart(session, request);
      if (i > 0) samples.push(sample);
    }
    const m = (pick: (s: { first: Refresh; stored: Refresh }) => number) => round(median(samples.map(pick)));
    charts.push({
      id: chart.id,
      directMs: direct.charts.find((c) => c.id === chart.id)?.directMs ?? NaN,
      firstMs: m((s) => s.first.ms),
      firstEngineMs: m((s) => s.first.engineMs),
      storedMs: m((s) => s.stored.ms),
      storedExecutions: Math.max(...samples.map((s) => s.stored.executions)),
    });
  }
  return { runs, charts };
}

const HEADER = ['chart', 'direct ms', 'first ms', 'first/direct', 'engine', 'rest', 'stored ms', 'stored execs'];

/** The table and the target (printed, never asserted): every chart's first answer ≤ 2× DuckDB direct. */
export function formatTiledAnswers(r: TiledResult): string {
  const ratio = (c: TiledChart) => c.firstMs / Math.max(0.1, c.directMs);
  const rows = r.charts.map((c) => [
    c.id,
    String(c.directMs),
    String(c.firstMs),
    `${ratio(c).toFixed(2)}×`,
    String(c.firstEngineMs),
    String(round(c.firstMs - c.firstEngineMs)),
    String(c.storedMs),
    String(c.storedExecutions),
  ]);
  const worst = [...r.charts].sort((a, b) => ratio(b) - ratio(a))[0];
  const verdict = worst && ratio(worst) <= 2 ? 'PASS' : 'MISS';
  return [
    `Day tiles on, each chart's first answer (empty tile folder) and its stored answer, median of ${r.runs}:`,
    textTable(HEADER, rows),
    `${verdict}  every chart's first answer ≤ 2× DuckDB direct: worst ${worst?.id} ${worst ? ratio(worst).toFixed(2) : '?'}×`,
  ].join('\n');
}
