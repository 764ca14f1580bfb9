/**
 * Day tiles differential test (docs/tiles.md#differential-test): TILE_SPECS (default 500) random aggregated
 * specs from TILE_SEED over a lake that crosses a year end, month ends and DST changes, each answered by a service
 * with day tiles and by one without, on DuckDB: the rows must be identical. Specs come from the Athena/DuckDB
 * differential generator (every filter operator, NULL groups, many report zones) with date ranges over the whole
 * span, callers under different access rules, and new files landing in random days between calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QuerySpec } from '../../protocol/contract';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import { formatIsoDate, parseIsoDate } from '../../proxy/src/time';
import { LocalTileStore } from '../../proxy/src/tiles';
import { createAthenaEngine, createAwsClients, destroyAwsClients } from '../../proxy/src/engines/athena';
import { startAthenaDouble, type AthenaDouble } from '../../testing/athenaDouble/server';
import type { QueryService } from '../../proxy/src/service/queryService';
import { mulberry32, randomSpec, type Rng } from './differentialSpecs';
import { addEvents, FIRST_DAY, LAST_DAY, TILE_DATABASE, TILE_TABLE, writeTileLake } from './tileLake';
import { answerOf, CALLERS, tileService } from './tileWorld';

const SPECS = Number(process.env.TILE_SPECS ?? 500);
const SEED = Number(process.env.TILE_SEED ?? Date.now() % 1_000_000);

let lakeDir: string;
let tileDir: string;
let duckdb: DuckDbEngine;
let tiled: QueryService;
let direct: QueryService;
let double: AthenaDouble;
let clients: ReturnType<typeof createAwsClients>;
let tiledAthena: QueryService;

beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(os.tmpdir(), 'tile-lake-'));
  tileDir = mkdtempSync(path.join(os.tmpdir(), 'tile-store-'));
  await writeTileLake(lakeDir);
  duckdb = await createDuckDbEngine({ lakeDir, database: TILE_DATABASE });
  tiled = tileService(duckdb, new LocalTileStore(tileDir));
  direct = tileService(duckdb);
  double = await startAthenaDouble({ engine: duckdb, lake: { bucket: 'lake-data', dir: lakeDir } });
  clients = createAwsClients(double.clientConfig);
  const athena = createAthenaEngine({
    ...clients,
    workGroup: double.workGroup,
    databases: [TILE_DATABASE],
    resultReuseMaxAgeMinutes: 0,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
  });
  tiledAthena = tileService(athena, new LocalTileStore(path.join(tileDir, 'athena')));
});
afterAll(async () => {
  if (clients) destroyAwsClients(clients);
  await double?.close();
  await duckdb?.close();
  rmSync(lakeDir, { recursive: true, force: true });
  rmSync(tileDir, { recursive: true, force: true });
});

const first = parseIsoDate(FIRST_DAY)!;
const last = parseIsoDate(LAST_DAY)!;

/** A range inside (or just around) the lake's span, up to 40 days long. */
function randomRange(rng: Rng): { startDate: string; endDate: string } {
  const start = first - 2 + Math.floor(rng() * (last - first));
  const end = Math.min(last + 2, start + Math.floor(rng() ** 2 * 40));
  return { startDate: formatIsoDate(start), endDate: formatIsoDate(end) };
}

/** The range moved by -3 … +3 days (0: the same range, a "refresh data"). */
function shiftRange(rng: Rng, range: { startDate: string; endDate: string }): { startDate: string; endDate: string } {
  const shift = Math.floor(rng() * 7) - 3;
  const move = (text: string) => formatIsoDate(parseIsoDate(text)! + shift);
  return { startDate: move(range.startDate), endDate: move(range.endDate) };
}

describe('day tiles vs the direct path on DuckDB', () => {
  it(`answers ${SPECS} random aggregated specs (seed ${SEED}) identically, with events landing between calls`, async () => {
    const rng = mulberry32(SEED);
    const schema = await direct.tableSchema(TILE_DATABASE, TILE_TABLE, true);
    const mismatches: string[] = [];
    // Both tile services, DuckDB and Athena + double, are compared with the direct path.
    const seen = { tiled: 0, fromStore: 0, computed: 0, estimateBelowScan: 0, bounded: 0 };
    let previous: QuerySpec | undefined;
    for (let i = 0; i < SPECS; i++) {
      // Half the requests are the previous chart again: refreshed, or with its date control moved a few days.
      const again = previous !== undefined && rng() < 0.5;
      const base = again ? previous! : randomSpec(rng, schema, schema);
      const spec: QuerySpec = {
        ...base,
        database: TILE_DATABASE,
        table: TILE_TABLE,
        aggregate: true,
        dateColumn: again ? base.dateColumn : schema.dateColumns[Math.floor(rng() * schema.dateColumns.length)],
        dateRange: again ? shiftRange(rng, base.dateRange!) : randomRange(rng),
      };
      previous = spec;
      const caller = CALLERS[Math.floor(rng() * CALLERS.length)];
      if (rng() < 0.08) await addEvents(lakeDir, formatIsoDate(first + Math.floor(rng() * (last - first))), 1000 + i);
      const viaTiles = await answerOf(tiled, spec, caller);
      const viaDirect = await answerOf(direct, spec, caller);
      const viaAthena = await answerOf(tiledAthena, spec, caller);
      if (viaAthena.text !== viaDirect.text)
        mismatches.push(
          `spec ${i} (athena): ${JSON.stringify(spec)}\n  tiles: ${viaAthena.text.slice(0, 300)}\n  direct: ${viaDirect.text.slice(0, 300)}`,
        );
      if (viaTiles.text !== viaDirect.text)
        mismatches.push(
          `spec ${i}: ${JSON.stringify(spec)}\n  tiles: ${viaTiles.text.slice(0, 300)}\n  direct: ${viaDirect.text.slice(0, 300)}`,
        );
      // Every answer with a bound, tiled or direct, scanned at most that bound (docs/budgets.md#the-estimate).
      for (const stats of [viaTiles.stats, viaAthena.stats, viaDirect.stats]) {
        if (stats?.estimatedBytes !== undefined) seen.bounded += 1;
        if (stats?.tiles && stats.estimatedBytes === undefined) seen.estimateBelowScan += 1;
        if (stats?.estimatedBytes !== undefined && stats.estimatedBytes < stats.bytesScanned)
          seen.estimateBelowScan += 1;
        if (!stats?.tiles) continue;
        seen.tiled += 1;
        seen.fromStore += stats.tiles.fromStore;
        seen.computed += stats.tiles.computed;
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The estimate is the listing of the missing days' partitions: no engine may scan more (docs/tiles.md).
    expect(seen.estimateBelowScan).toBe(0);
    expect(seen.bounded).toBeGreaterThan(2 * SPECS); // the direct answers carry their bound too
    // Most specs must really go through tiles, and tiles must be both reused and computed.
    expect(seen.tiled).toBeGreaterThan(SPECS); // of 2 × SPECS tiled-service answers
    expect(seen.fromStore).toBeGreaterThan(0);
    expect(seen.computed).toBeGreaterThan(0);
  }, 180_000);
});
