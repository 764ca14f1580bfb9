/**
 * Day tiles on a 90-day chart (docs/tiles.md): a repeated "refresh data" scans nothing and runs no engine query;
 * one new file in one day recomputes only that day; a second proxy process on the same tile folder answers with 0
 * bytes scanned; a range shifted by 7 days computes only those 7 days; a corrupt tile is a miss; viewers under
 * different access rules never share tiles. Every answer equals the direct path's.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QuerySpec } from '../../protocol/contract';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import { apiPath } from '../../protocol/routes';
import { startLocalServer } from '../../proxy/src/local/localServer';
import { LocalTileStore } from '../../proxy/src/tiles';
import { TEST_CREDENTIALS } from '../../tools/localProxy/testProxy';
import { signedFetch } from '../../tools/signing/signedFetch';
import type { QueryService } from '../../proxy/src/service/queryService';
import { addEvents, TILE_DATABASE, TILE_TABLE, writeTileLake } from './tileLake';
import { answerOf, CALLERS, tileService } from './tileWorld';

let lakeDir: string;
let tileDir: string;
let duckdb: DuckDbEngine;
let direct: QueryService;

beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(os.tmpdir(), 'tile-chart-lake-'));
  tileDir = mkdtempSync(path.join(os.tmpdir(), 'tile-chart-store-'));
  await writeTileLake(lakeDir);
  duckdb = await createDuckDbEngine({ lakeDir, database: TILE_DATABASE });
  direct = tileService(duckdb);
});
afterAll(async () => {
  await duckdb?.close();
  rmSync(lakeDir, { recursive: true, force: true });
  rmSync(tileDir, { recursive: true, force: true });
});

const [berlinViewer, everyone] = CALLERS;

/** A 90-day chart by city on the partition day `dt` (its days are exactly its partitions). */
function chart(startDate: string, endDate: string, lastRefresh?: string): QuerySpec {
  return {
    database: TILE_DATABASE,
    table: TILE_TABLE,
    fields: [{ name: 'city' }, { name: 'record_count__rows' }, { name: 'amount__sum' }, { name: 'qty__max' }],
    dateColumn: 'dt',
    dateRange: { startDate, endDate },
    ...(lastRefresh ? { lastRefresh } : {}),
  };
}

function partitionBytes(day: string): number {
  const dir = path.join(lakeDir, TILE_TABLE, `dt=${day}`);
  return readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
}

async function expectSameAsDirect(service: QueryService, spec: QuerySpec, identity = everyone) {
  const [viaTiles, viaDirect] = [await answerOf(service, spec, identity), await answerOf(direct, spec, identity)];
  expect(viaTiles.text).toBe(viaDirect.text);
  expect(viaTiles.stats?.tiles).toBeDefined();
  return viaTiles.stats!;
}

describe('a 90-day chart from day tiles', () => {
  it('refreshes without scanning, recomputes only the day that changed, shares tiles across processes', async () => {
    const service = tileService(duckdb, new LocalTileStore(tileDir));
    const starts = jest.spyOn(duckdb, 'startQuery');
    const first = await expectSameAsDirect(service, chart('2024-01-01', '2024-03-30'));
    expect(first.tiles).toEqual({ days: 90, fromStore: 0, computed: 90 });
    expect(first.estimatedBytes).toBeGreaterThanOrEqual(first.bytesScanned);

    starts.mockClear();
    const refreshed = await answerOf(service, chart('2024-01-01', '2024-03-30', new Date().toISOString()), everyone);
    expect(refreshed.stats).toMatchObject({ bytesScanned: 0, estimatedBytes: 0 });
    expect(refreshed.stats?.tiles).toEqual({ days: 90, fromStore: 90, computed: 0 });
    expect(starts).not.toHaveBeenCalled();

    await addEvents(lakeDir, '2024-02-14', 77);
    const afterFile = await expectSameAsDirect(service, chart('2024-01-01', '2024-03-30', new Date().toISOString()));
    expect(afterFile.tiles).toEqual({ days: 90, fromStore: 89, computed: 1 });
    expect(afterFile.estimatedBytes).toBe(partitionBytes('2024-02-14'));
    expect(afterFile.bytesScanned).toBeLessThanOrEqual(partitionBytes('2024-02-14'));

    const secondProcess = tileService(duckdb, new LocalTileStore(tileDir));
    starts.mockClear();
    const fresh = await expectSameAsDirect(secondProcess, chart('2024-01-01', '2024-03-30'));
    expect(fresh).toMatchObject({ bytesScanned: 0, tiles: { days: 90, fromStore: 90, computed: 0 } });
    expect(starts).toHaveBeenCalledTimes(1); // the direct comparison only

    const shifted = await expectSameAsDirect(service, chart('2024-01-08', '2024-04-06'));
    expect(shifted.tiles).toEqual({ days: 90, fromStore: 83, computed: 7 });
    const sevenDays = ['2024-03-31', '2024-04-01', '2024-04-02', '2024-04-03'].map(partitionBytes);
    expect(shifted.bytesScanned).toBeLessThanOrEqual(sevenDays.reduce((a, b) => a + b, 0));
    starts.mockRestore();
  });

  it('treats a corrupt tile as a miss and never shares tiles between access rules', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tile-corrupt-'));
    try {
      const service = tileService(duckdb, new LocalTileStore(dir));
      await expectSameAsDirect(service, chart('2024-03-01', '2024-03-05'));
      const shard = readdirSync(dir)[0];
      const file = path.join(dir, shard, readdirSync(path.join(dir, shard))[0]);
      writeFileSync(file, '{"v":1,"key":"trunc');
      const again = await expectSameAsDirect(service, chart('2024-03-01', '2024-03-05'));
      expect(again.tiles).toEqual({ days: 5, fromStore: 4, computed: 1 });
      // The Berlin viewer's row filter is part of the tile key: none of everyone's tiles serve them.
      const berlin = await expectSameAsDirect(service, chart('2024-03-01', '2024-03-05'), berlinViewer);
      expect(berlin.tiles).toEqual({ days: 5, fromStore: 0, computed: 5 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('through the local server (memory layer, writes behind): repeats from memory, a second server shares on disk', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tile-servers-'));
    const open = () =>
      startLocalServer({
        lakeDir,
        database: TILE_DATABASE,
        port: 0,
        credentials: TEST_CREDENTIALS,
        log: () => undefined,
        env: {},
        settings: { tileDir: dir },
      });
    const ask = async (url: string) => {
      const spec = chart('2024-01-01', '2024-03-30', new Date().toISOString());
      const res = await signedFetch(url, TEST_CREDENTIALS, {
        method: 'POST',
        path: apiPath.queries(),
        body: JSON.stringify(spec),
      });
      expect(res.status).toBe(200);
      return res.json.stats as { bytesScanned: number; tiles: { fromStore: number; computed: number } };
    };
    try {
      const first = await open();
      expect((await ask(first.url)).tiles).toMatchObject({ fromStore: 0, computed: 90 });
      await first.close(); // waits for the tiles written behind
      expect(readdirSync(dir).length).toBeGreaterThan(0);
      const second = await open();
      try {
        expect(await ask(second.url)).toMatchObject({ bytesScanned: 0, tiles: { fromStore: 90, computed: 0 } });
        rmSync(dir, { recursive: true, force: true }); // the shared folder is gone: this process still holds them
        expect(await ask(second.url)).toMatchObject({ bytesScanned: 0, tiles: { fromStore: 90, computed: 0 } });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
