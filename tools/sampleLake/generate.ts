/**
 * Writes the deterministic sample lake: the seeds' event types over many days, hive-partitioned by `dt`, JSON lines
 * (`<type>-1.0.0/dt=YYYY-MM-DD/<epoch-ms>.json`) and Parquet (`…/part-0.parquet`). Rows are produced and written in
 * batches, so memory stays bounded for millions of rows; Parquet is written by DuckDB's COPY on one thread so the
 * bytes never depend on scheduling.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { appLog } from './appLog';
import { foodDelivery, foodPickup, paymentRequested } from './foodAndPayments';
import { createRandom, type Random } from './random';
import type { SampleRow, SampleTable } from './sampleTable';
import { parquetColumnsOf, schemaRow } from './schemaRows';
import { bookstorePurchase, thermostatReading } from './storeAndDevices';

/** The six event types, in the order they are written. */
export const SAMPLE_TABLES: readonly SampleTable[] = [
  foodPickup,
  foodDelivery,
  paymentRequested,
  appLog,
  bookstorePurchase,
  thermostatReading,
];

/** Options of {@link generateSampleLake}. */
export interface SampleLakeOptions {
  /** Lake folder; the six table folders in it are replaced. */
  out: string;
  /** Total rows over all tables; default 100,000. */
  rows?: number;
  /** Days of data; default 120. */
  days?: number;
  /** Last day (UTC), `YYYY-MM-DD`; default 2026-10-31. */
  endDate?: string;
  /** PRNG seed; same options ⇒ byte-identical files. */
  seed?: string;
  /** Called after each table is written (the CLI shows it on a terminal). */
  onProgress?: (progress: SampleProgress) => void;
}

/** The options once defaults are applied (the progress callback stays optional). */
type LakeSettings = Required<Omit<SampleLakeOptions, 'onProgress'>>;

/** How far a generation is. */
export interface SampleProgress {
  table: string;
  tablesDone: number;
  tablesTotal: number;
  rowsDone: number;
  rowsTotal: number;
}

/** What was written for one table. */
export interface SampleTableSummary {
  folder: string;
  format: 'json' | 'parquet';
  rows: number;
  files: number;
  bytes: number;
}

/** What {@link generateSampleLake} wrote. */
export interface SampleLakeSummary {
  out: string;
  tables: SampleTableSummary[];
  rows: number;
  bytes: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const BATCH_ROWS = 5000;

/** Splits `total` proportionally to `weights` with whole numbers that add up exactly (largest remainder). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - counts[i], i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const missing = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) counts[order[k][1]]++;
  return counts;
}

function dayStarts(endDate: string, days: number): number[] {
  const end = Date.parse(`${endDate}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => end - (days - 1 - i) * DAY_MS);
}

/** Rows per day: weekday pattern × steady growth × a little day-to-day noise. */
function rowsPerDay(table: SampleTable, rng: Random, starts: number[], total: number): number[] {
  const weights = starts.map((start, i) => {
    const growth = 0.7 + (0.6 * i) / Math.max(1, starts.length - 1);
    return growth * table.weekday[new Date(start).getUTCDay()] * (0.85 + 0.3 * rng.next());
  });
  return allocate(total, weights);
}

/** Sorted event times within one day, following the table's hour-of-day profile. */
function eventTimes(table: SampleTable, rng: Random, dayStart: number, count: number): Float64Array {
  const total = table.hours.reduce((a, b) => a + b, 0);
  let running = 0;
  const cumulative = table.hours.map((weight) => (running += weight / total));
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    let hour = 0;
    while (hour < 23 && r >= cumulative[hour]) hour++;
    times[i] = dayStart + hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS);
  }
  return times.sort();
}

async function writeJsonLines(file: string, times: Float64Array, makeRow: (ts: number) => object): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    for (let from = 0; from < times.length; from += BATCH_ROWS) {
      const batch = Array.from(times.subarray(from, from + BATCH_ROWS), (ts) => `${JSON.stringify(makeRow(ts))}\n`);
      await handle.write(batch.join(''));
    }
  } finally {
    await handle.close();
  }
}

/** Where Parquet files are made: the DuckDB connection that converts, and a scratch folder for its input. */
interface ParquetStaging {
  db: DuckDBConnection;
  scratch: string;
}

async function writeParquet(
  { db, scratch }: ParquetStaging,
  { file, table }: { file: string; table: SampleTable },
  times: Float64Array,
  makeRow: (ts: number) => object,
): Promise<void> {
  const staging = path.join(scratch, 'rows.ndjson');
  await writeJsonLines(staging, times, makeRow);
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const columns = Object.entries(parquetColumnsOf(table.schema)).map(
    ([name, type]) => `${literal(name)}: ${literal(type)}`,
  );
  await db.run(
    `COPY (SELECT * FROM read_json(${literal(staging)}, format='newline_delimited', columns={${columns.join(', ')}})) ` +
      `TO ${literal(file)} (FORMAT parquet)`,
  );
}

async function writeTable(
  table: SampleTable,
  rows: number,
  options: LakeSettings,
  parquet: ParquetStaging,
): Promise<SampleTableSummary> {
  const folder = `${table.type}-${table.schema.version}`;
  const tableDir = path.join(options.out, folder);
  await fs.rm(tableDir, { recursive: true, force: true });
  const rng = createRandom(`${options.seed}:${table.type}`);
  const makeRow = sampleRowMaker(table, rng, createRandom(`${options.seed}:${table.type}:extras`));
  const starts = dayStarts(options.endDate, options.days);
  const counts = rowsPerDay(table, rng, starts, rows);
  const summary: SampleTableSummary = { folder, format: table.format, rows: 0, files: 0, bytes: 0 };
  for (const [i, start] of starts.entries()) {
    if (counts[i] === 0) continue;
    const times = eventTimes(table, rng, start, counts[i]);
    const dir = path.join(tableDir, `dt=${new Date(start).toISOString().slice(0, 10)}`);
    await fs.mkdir(dir, { recursive: true });
    // JSON files are named like Firehose objects in the seeds (first event's epoch ms); Parquet like Spark parts.
    const file = path.join(dir, table.format === 'json' ? `${times[0]}.json` : 'part-0.parquet');
    if (table.format === 'json') await writeJsonLines(file, times, makeRow);
    else await writeParquet(parquet, { file, table }, times, makeRow);
    summary.rows += counts[i];
    summary.files += 1;
    summary.bytes += (await fs.stat(file)).size;
  }
  return summary;
}

/** Rows of one table in the schema's column order: the original draws, then the later columns from their stream. */
export function sampleRowMaker(table: SampleTable, rng: Random, extrasRng: Random): (ts: number) => SampleRow {
  const base = table.rows(rng);
  const extras = table.extras?.(extrasRng);
  return (ts) => {
    const row = base(ts);
    return schemaRow(table.schema, row, extras ? extras(ts, row) : {});
  };
}

function validated(options: SampleLakeOptions): LakeSettings {
  const full = { rows: 100_000, days: 120, endDate: '2026-10-31', seed: 'sample-lake-v1', ...options };
  if (!Number.isSafeInteger(full.rows) || full.rows < 0)
    throw new RangeError(`rows must be a non-negative integer, got ${full.rows}`);
  if (!Number.isSafeInteger(full.days) || full.days < 1)
    throw new RangeError(`days must be a positive integer, got ${full.days}`);
  const end = /^\d{4}-\d{2}-\d{2}$/.test(full.endDate) ? new Date(`${full.endDate}T00:00:00Z`) : undefined;
  if (!end || Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== full.endDate) {
    throw new RangeError(`endDate must be a real date as YYYY-MM-DD, got ${full.endDate}`);
  }
  return { ...full, out: path.resolve(full.out) };
}

/** Writes the sample lake into `options.out` and returns what was written. */
export async function generateSampleLake(options: SampleLakeOptions): Promise<SampleLakeSummary> {
  const settings = validated(options);
  await fs.mkdir(settings.out, { recursive: true });
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'sample-lake-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const db = await instance.connect();
  try {
    const rowsPerTable = allocate(
      settings.rows,
      SAMPLE_TABLES.map((t) => t.share),
    );
    const tables: SampleTableSummary[] = [];
    for (const [i, table] of SAMPLE_TABLES.entries()) {
      tables.push(await writeTable(table, rowsPerTable[i], settings, { db, scratch }));
      options.onProgress?.({
        table: table.type,
        tablesDone: i + 1,
        tablesTotal: SAMPLE_TABLES.length,
        rowsDone: rowsPerTable.slice(0, i + 1).reduce((a, b) => a + b, 0),
        rowsTotal: settings.rows,
      });
    }
    const total = (key: 'rows' | 'bytes') => tables.reduce((sum, t) => sum + t[key], 0);
    return { out: settings.out, tables, rows: total('rows'), bytes: total('bytes') };
  } finally {
    db.closeSync();
    instance.closeSync();
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
