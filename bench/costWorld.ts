/**
 * The cost bench's world (docs/performance.md#cost-bench): a working copy of two sample-lake tables (folders
 * named as their tables, as the Athena double's served bucket needs), a second sample lake of the simulated
 * month that producers "send" hour by hour, the Athena double over DuckDB on a simulated clock, and fresh proxy
 * instances (Athena engine + query service, as a new Lambda instance has) sharing one tile folder.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadServiceSettings } from '../proxy/src/config';
import { createDuckDbEngine, type DuckDbEngine } from '../proxy/src/engines/duckdb';
import {
  createAthenaEngine,
  createAwsClients,
  destroyAwsClients,
  loadAthenaSettings,
} from '../proxy/src/engines/athena';
import type { LogRecord } from '../proxy/src/logger';
import { createQueryService, type QueryService } from '../proxy/src/service';
import { formatIsoDate, parseIsoDate } from '../proxy/src/time';
import { LocalTileStore } from '../proxy/src/tiles';
import { startAthenaDouble, type AthenaDouble } from '../testing/athenaDouble/server';
import { generateSampleLake } from '../tools/sampleLake/sampleData';

/** The sample tables the dashboard reads: JSON lines, the largest per day, so scans cost what they would. */
export const COST_TABLES = [
  { folder: 'food-delivery-1.0.0', table: 'food_delivery_1_0_0' },
  { folder: 'food-pickup-1.0.0', table: 'food_pickup_1_0_0' },
];

export interface CostWorldOptions {
  /** Rows of the sample lake before the simulated month (over all six sample tables, 120 days). */
  rows: number;
  /** Days simulated after the lake's last day. */
  days: number;
  /** The lake's last day; the month simulated starts the day after. */
  lakeEndDate: string;
}

/** A simulated clock: real time passing plus whatever the simulation skips ahead. */
export class SimulatedClock {
  private skipped = 0;
  constructor(private readonly startMs: number) {}
  readonly now = (): number => this.startMs + this.skipped + (Date.now() - this.realStart);
  private readonly realStart = Date.now();

  /** Moves the clock to `ms` (never backwards). */
  moveTo(ms: number): void {
    this.skipped += Math.max(0, ms - this.now());
  }
}

/** One proxy instance and what its engine queries reported (the log's `query` records). */
export interface ProxyInstance {
  service: QueryService;
  queries: LogRecord[];
}

export interface CostWorld {
  clock: SimulatedClock;
  /**
   * A fresh proxy instance: with tiles in the shared tile folder `tileFolder` (one per dashboard, so each one's
   * cost is its own), or without tiles (today's path) when it is undefined.
   */
  freshInstance(tileFolder?: string): ProxyInstance;
  /** Writes hour `hour` of day `day`'s new events into the lake, one new file per table. */
  addHourOfEvents(day: string, hour: number): Promise<void>;
  close(): Promise<void>;
}

/** Builds the world in a temporary folder; `close()` stops everything and deletes it. */
export async function startCostWorld(options: CostWorldOptions): Promise<CostWorld> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'cost-bench-'));
  const lakeDir = path.join(root, 'lake');
  const future = path.join(root, 'future');
  await writeLakes(options, lakeDir, future);
  const firstDay = formatIsoDate(parseIsoDate(options.lakeEndDate)! + 1);
  const clock = new SimulatedClock(Date.parse(`${firstDay}T00:00:00Z`));
  const duckdb = await createDuckDbEngine({ lakeDir, database: 'lake' });
  const double = await startAthenaDouble({
    engine: duckdb,
    lake: { bucket: 'lake-data', dir: lakeDir },
    now: clock.now,
  });
  const clients = createAwsClients(double.clientConfig);
  const tiles = (folder?: string) => (folder ? new LocalTileStore(path.join(root, 'tiles', folder)) : undefined);
  return {
    clock,
    freshInstance: (tileFolder) => freshInstance({ clients, double, clock, tiles: tiles(tileFolder) }),
    addHourOfEvents: (day, hour) => addHourOfEvents({ lakeDir, future }, day, hour),
    close: () => closeWorld({ clients, double, duckdb, root }),
  };
}

/** The lake before the month (renamed table folders) and the month's events, both from the sample generator. */
async function writeLakes(options: CostWorldOptions, lakeDir: string, future: string): Promise<void> {
  const endDate = options.lakeEndDate;
  await generateSampleLake({ out: lakeDir, rows: options.rows, days: 120, endDate });
  const monthEnd = formatIsoDate(parseIsoDate(endDate)! + options.days);
  // The same rows per day as the lake: the month's producers keep the lake's pace.
  await generateSampleLake({
    out: future,
    rows: Math.round((options.rows * options.days) / 120),
    days: options.days,
    endDate: monthEnd,
  });
  for (const entry of await fs.readdir(lakeDir)) {
    const kept = COST_TABLES.find((t) => t.folder === entry);
    if (kept) await fs.rename(path.join(lakeDir, entry), path.join(lakeDir, kept.table));
    else await fs.rm(path.join(lakeDir, entry), { recursive: true, force: true });
  }
}

/** Copies the `hour`-th twenty-fourth of the month lake's lines for `day` into a new file of each table. */
async function addHourOfEvents(dirs: { lakeDir: string; future: string }, day: string, hour: number): Promise<void> {
  for (const { folder, table } of COST_TABLES) {
    const source = path.join(dirs.future, folder, `dt=${day}`);
    const [file] = await fs.readdir(source);
    const lines = (await fs.readFile(path.join(source, file), 'utf8')).split('\n').filter((line) => line !== '');
    const part = lines.slice(Math.floor((lines.length * hour) / 24), Math.floor((lines.length * (hour + 1)) / 24));
    const target = path.join(dirs.lakeDir, table, `dt=${day}`);
    await fs.mkdir(target, { recursive: true });
    // Written under a temporary name and renamed, as a producer's upload appears at once and whole.
    const name = `hour-${String(hour).padStart(2, '0')}.json`;
    await fs.writeFile(path.join(target, `.${name}`), `${part.join('\n')}\n`);
    await fs.rename(path.join(target, `.${name}`), path.join(target, name));
  }
}

interface InstanceParts {
  clients: ReturnType<typeof createAwsClients>;
  double: AthenaDouble;
  clock: SimulatedClock;
  tiles?: LocalTileStore;
}

function freshInstance({ clients, double, clock, tiles }: InstanceParts): ProxyInstance {
  const settings = loadServiceSettings({});
  // The deployed defaults (result reuse 60 minutes): tiles off is today's behaviour, reuse included.
  const athena = loadAthenaSettings({ ATHENA_WORKGROUP: double.workGroup, ATHENA_DATABASES: 'lake' });
  const engine = createAthenaEngine({
    ...clients,
    workGroup: athena.workGroup,
    databases: athena.databases,
    resultReuseMaxAgeMinutes: athena.resultReuseMaxAgeMinutes,
    now: clock.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
  });
  const queries: LogRecord[] = [];
  const log = (record: LogRecord) => {
    if (record.event === 'query') queries.push(record);
  };
  const service = createQueryService(engine, settings, log, {
    now: clock.now,
    ...(tiles ? { tiles: { store: tiles } } : {}),
  });
  return { service, queries };
}

async function closeWorld(parts: {
  clients: ReturnType<typeof createAwsClients>;
  double: AthenaDouble;
  duckdb: DuckDbEngine;
  root: string;
}) {
  destroyAwsClients(parts.clients);
  await parts.double.close();
  await parts.duckdb.close();
  await fs.rm(parts.root, { recursive: true, force: true });
}
