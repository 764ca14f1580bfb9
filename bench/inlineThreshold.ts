/**
 * Measures one DuckDB engine query end to end (start → finished → first page read) with the result kept inline
 * versus written to a result file, for growing row counts; the inline threshold in
 * proxy/src/engines/duckdb/results/inlineResults.ts is chosen from these figures (docs/performance.md#inline-results).
 * Run: npx tsx bench/inlineThreshold.ts
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDuckDbEngine, type DuckDbEngine } from '../proxy/src/engines/duckdb';

async function timeQuery(engine: DuckDbEngine, sql: string): Promise<number> {
  const started = performance.now();
  const id = await engine.startQuery(sql, { callerId: 'bench' });
  for (;;) {
    const { state } = await engine.getQueryStatus(id);
    if (state === 'SUCCEEDED') break;
    if (state !== 'QUEUED' && state !== 'RUNNING') throw new Error(state);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await engine.readResults(id, 0, 5000);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const lake = await fs.mkdtemp(path.join(os.tmpdir(), 'inline-bench-'));
  await fs.mkdir(path.join(lake, 'empty'));
  const inline = await createDuckDbEngine({
    lakeDir: lake,
    inlineResults: { maxRows: 10_000_000, maxBytes: 1e10, totalBytes: 1e10 },
  });
  const file = await createDuckDbEngine({ lakeDir: lake, inlineResults: { maxRows: 0 } });
  console.log('rows      inline ms   file ms   (median of 7)');
  for (const rows of [1, 100, 250, 500, 1_000, 2_048, 10_000, 50_000]) {
    const sql = `SELECT range AS n, md5(CAST(range AS VARCHAR)) AS s, range * 0.5 AS d FROM range(${rows})`;
    const median = async (engine: DuckDbEngine) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) times.push(await timeQuery(engine, sql));
      return times.sort((a, b) => a - b)[3];
    };
    console.log(
      `${String(rows).padEnd(9)} ${(await median(inline)).toFixed(1).padStart(9)} ${(await median(file)).toFixed(1).padStart(9)}`,
    );
  }
  await inline.close();
  await file.close();
  await fs.rm(lake, { recursive: true, force: true });
}

void main();
