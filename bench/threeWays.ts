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
import { buildCatalog } from '../proxy/src/engines/duckdb';
import { createDuckDbEngine, type DuckDbEngine } from '../proxy/src/engines/duckdb';
import { scanLake } from '../proxy/src/engines/duckdb';
import { openSandboxedDuckDb } from '../proxy/src/engines/duckdb';
import type { ConnectorWorld } from './connectorWorld';
import { DASHBOARD, toGetDataRequest } from './dashboard';
import type { ProxyChild } from './proxyChild';

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
    await buildCatalog(direct.connection, 'lake', await scanLake(path.resolve(lakeDir)));
    const charts: ThreeWayChart[] = [];
    for (const chart of DASHBOARD) {
      const request: GetDataRequest = toGetDataRequest(chart, { rawRows: false });
      const spec = buildQuerySpec(request, parseConnectorConfig(request.configParams));
      const table = await engine.describeTable(spec.database, spec.table);
      const zoned = { ...spec, timeZone: spec.timeZone ?? 'UTC' };
      const { sql } = compileQuery(zoned, table, COMPILE_OPTIONS);
      const samples: {
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
      }[] = [];
      for (let i = 0; i <= runs; i++) {
        let t = performance.now();
        const reader = await direct.connection.runAndReadAll(sql);
        const rows = reader.getRows().length;
        const directMs = performance.now() - t;

        t = performance.now();
        const id = await engine.startQuery(sql, { callerId: 'bench' });
        await untilFinished(engine, id);
        await engine.readResults(id, 0, COMPILE_OPTIONS.maxRows + 1);
        const engineMs = performance.now() - t;

        t = performance.now();
        compileQuery(zoned, table, COMPILE_OPTIONS);
        const compileMs = performance.now() - t;

        const before = await proxy.stats();
        const call = world.getData({ ...request, scriptParams: { lastRefresh: new Date().toISOString() } });
        const after = await proxy.stats();
        if (i === 0) continue; // warm-up
        samples.push({
          direct: directMs,
          engine: engineMs,
          full: call.totalMs,
          compile: compileMs,
          rows,
          queue: after.queueMs - before.queueMs,
          run: after.engineMs - before.engineMs,
          http: call.httpMs,
          sleep: call.sleepMs,
          decode: call.totalMs - call.httpMs - call.sleepMs,
        });
      }
      const m = (pick: (s: (typeof samples)[number]) => number) => round(median(samples.map(pick)));
      charts.push({
        id: chart.id,
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
      });
    }
    const sum = (pick: (c: ThreeWayChart) => number) => round(charts.reduce((acc, c) => acc + pick(c), 0));
    return {
      runs,
      charts,
      total: { directMs: sum((c) => c.directMs), engineMs: sum((c) => c.engineMs), fullMs: sum((c) => c.fullMs) },
    };
  } finally {
    await engine.close();
    direct.connection.closeSync();
    direct.instance.closeSync();
    await fs.rm(work, { recursive: true, force: true });
  }
}

/** The three-way table, ratios to DuckDB direct, and the targets (printed, never asserted). */
export function formatThreeWays(r: ThreeWayResult, warmP50ByChart: Record<string, number>): string {
  const ratio = (x: number, base: number) => `${(x / Math.max(0.1, base)).toFixed(2)}×`;
  const header = [
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
  rows.push([
    'total',
    '',
    String(r.total.directMs),
    String(r.total.engineMs),
    String(r.total.fullMs),
    ratio(r.total.engineMs, r.total.directMs),
    ratio(r.total.fullMs, r.total.directMs),
    '',
    '',
    '',
    '',
    '',
    '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const smallest = [...r.charts].sort((a, b) => a.directMs - b.directMs)[0];
  const totalRatio = r.total.fullMs / Math.max(0.1, r.total.directMs);
  const smallRatio = smallest ? smallest.fullMs / Math.max(0.1, smallest.directMs) : NaN;
  const warmWorst = Math.max(...Object.values(warmP50ByChart));
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
  return [
    `Three ways on refresh (cache bypassed, DuckDB warm), median of ${r.runs}; the full path's split in ms:`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    `${verdict(totalRatio <= 2)}  full path summed over the charts ≤ 2× DuckDB direct: ${totalRatio.toFixed(2)}×`,
    `${verdict(smallRatio <= 2.5)}  smallest chart (${smallest?.id}) full path ≤ 2.5× DuckDB direct: ${smallRatio.toFixed(2)}×`,
    `${verdict(warmWorst <= 15)}  warm (cached) median ≤ 15 ms per chart: worst ${warmWorst} ms`,
  ].join('\n');
}
