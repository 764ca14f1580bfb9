/**
 * Daily scan budgets through the real query service on DuckDB (docs/budgets.md): a table budget refuses, before any
 * engine call, a chart whose bound no longer fits, with BUDGET_EXCEEDED naming the budget, today's spend and the
 * bound; a chart answered from day tiles still passes when the budget is spent; direct (non-tile) answers report
 * `estimatedBytes` ≥ `bytesScanned`, and what they really scanned is what is counted.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QueryResultResponse, QuerySpec } from '../../protocol/contract';
import { loadServiceSettings } from '../../proxy/src/config';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import { BudgetExceededError } from '../../proxy/src/errors';
import { MemorySpendStore } from '../../proxy/src/budgets';
import { createQueryService } from '../../proxy/src/service/createQueryService';
import { LocalTileStore } from '../../proxy/src/tiles';
import { TILE_DATABASE, TILE_TABLE, writeTileLake } from './tileLake';

let lakeDir: string;
let tileDir: string;
let duckdb: DuckDbEngine;
beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(os.tmpdir(), 'budget-lake-'));
  tileDir = mkdtempSync(path.join(os.tmpdir(), 'budget-tiles-'));
  await writeTileLake(lakeDir);
  duckdb = await createDuckDbEngine({ lakeDir, database: TILE_DATABASE });
});
afterAll(async () => {
  await duckdb?.close();
  rmSync(lakeDir, { recursive: true, force: true });
  rmSync(tileDir, { recursive: true, force: true });
});

function bytesOfDays(first: string, last: string): number {
  const dir = path.join(lakeDir, TILE_TABLE);
  return readdirSync(dir)
    .filter((folder) => folder >= `dt=${first}` && folder <= `dt=${last}`)
    .flatMap((folder) => readdirSync(path.join(dir, folder)).map((name) => path.join(dir, folder, name)))
    .reduce((sum, file) => sum + statSync(file).size, 0);
}

const chart = (fields: string[], aggregate = true): QuerySpec => ({
  database: TILE_DATABASE,
  table: TILE_TABLE,
  fields: fields.map((name) => ({ name })),
  aggregate,
  dateColumn: 'dt',
  dateRange: { startDate: '2024-01-01', endDate: '2024-01-30' },
  lastRefresh: new Date().toISOString(),
});

describe('a table budget', () => {
  it('refuses before any engine call once spent, while a chart from tiles still answers', async () => {
    const thirtyDays = bytesOfDays('2024-01-01', '2024-01-30');
    const settings = { ...loadServiceSettings({}), budgets: { perTableDay: Math.floor(thirtyDays * 1.5) } };
    const spend = new MemorySpendStore();
    const service = createQueryService(duckdb, settings, () => undefined, {
      tiles: { store: new LocalTileStore(tileDir) },
      spend,
    });
    const starts = jest.spyOn(duckdb, 'startQuery');
    const caller = { identity: 'akia-budget-test' };
    const answer = async (spec: QuerySpec) => (await service.startQuery(spec, caller)).body as QueryResultResponse;

    const first = await answer(chart(['city', 'record_count__rows']));
    expect(first.stats).toMatchObject({ estimatedBytes: thirtyDays, tiles: { computed: 30 } });
    expect(first.stats.bytesScanned).toBeLessThanOrEqual(thirtyDays);
    const spent = first.stats.bytesScanned;
    expect(await spend.spent(['table:lake.tile_events'], new Date().toISOString().slice(0, 10))).toEqual([spent]);
    expect(starts).toHaveBeenCalledTimes(1);

    const refused = await service.startQuery(chart(['city', 'amount__sum']), caller).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect((refused as BudgetExceededError).details).toMatchObject({
      budget: 'PROXY_BUDGET_BYTES_PER_TABLE_DAY',
      spentBytes: spent,
      estimatedBytes: thirtyDays,
      table: 'lake.tile_events',
    });
    expect((refused as Error).message).toMatch(/^Table budget exceeded: lake\.tile_events has spent /);
    expect(starts).toHaveBeenCalledTimes(1); // refused before the engine

    const fromTiles = await answer(chart(['city', 'record_count__rows']));
    expect(fromTiles.stats).toMatchObject({ bytesScanned: 0, tiles: { fromStore: 30, computed: 0 } });
    expect(starts).toHaveBeenCalledTimes(1);
    starts.mockRestore();
  });

  it('bounds and counts a direct answer: estimatedBytes ≥ bytesScanned, and the scan is what is spent', async () => {
    const thirtyDays = bytesOfDays('2024-01-01', '2024-01-30');
    const settings = { ...loadServiceSettings({}), budgets: { perCallerDay: thirtyDays * 2 } };
    const spend = new MemorySpendStore();
    const service = createQueryService(duckdb, settings, () => undefined, { spend });
    const caller = { identity: 'akia-direct-test' };
    const raw = (await service.startQuery(chart(['city', 'amount'], false), caller)).body as QueryResultResponse;
    expect(raw.stats.estimatedBytes).toBe(thirtyDays);
    expect(raw.stats.bytesScanned).toBeGreaterThan(0);
    expect(raw.stats.bytesScanned).toBeLessThanOrEqual(raw.stats.estimatedBytes!);
    const day = new Date().toISOString().slice(0, 10);
    await new Promise((resolve) => setImmediate(resolve)); // the count is added as the execution ends
    expect(await spend.spent(['caller:akia-direct-test'], day)).toEqual([raw.stats.bytesScanned]);
    await service.startQuery(chart(['city', 'qty'], false), caller);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(service.startQuery(chart(['code'], false), caller)).rejects.toMatchObject({
      code: 'BUDGET_EXCEEDED',
      details: { budget: 'PROXY_BUDGET_BYTES_PER_CALLER_DAY', estimatedBytes: thirtyDays },
    });
  });
});
