/**
 * The lake the injection fuzz runs on: Parquet tables written by DuckDB (exact column types), described by
 * the fuzz catalog (fuzzTables.ts). Row i of `events` holds EVENT_NAMES[i] as its `name` and 7·i as its `qty`, so a
 * filter on a hostile value can be checked to match exactly the row holding it; `secrets` must never be read.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HOSTILE_STRINGS } from './corpus';

/** The `name` values of `events`, one row each (the corpus plus two plain words). */
export const EVENT_NAMES: readonly string[] = [...new Set(['alpha', 'beta', ...HOSTILE_STRINGS])];

const DAYS = ['2024-01-14', '2024-01-15', '2024-01-16'];

function eventRow(name: string, i: number): Record<string, unknown> {
  const dt = DAYS[i % DAYS.length];
  return {
    name,
    amount: i * 1.5 - 3,
    qty: i * 7,
    price: `${i}.25`,
    flag: i % 3 === 0 ? null : i % 2 === 0,
    day: dt,
    happened: `${dt} ${String(i % 24).padStart(2, '0')}:30:00`,
    happened_tz: `${dt} 12:00:00+00`,
    tags: i % 4 === 0 ? null : [name.slice(0, 3), 'x'],
    dt,
  };
}

const EVENTS_SQL = (file: string) => `
  SELECT name::VARCHAR AS name, amount::DOUBLE AS amount, qty::BIGINT AS qty, price::DECIMAL(10,2) AS price,
         flag::BOOLEAN AS flag, day::DATE AS day, happened::TIMESTAMP AS happened,
         happened_tz::TIMESTAMPTZ AS happened_tz, tags::VARCHAR[] AS tags, dt
  FROM read_json('${file}', columns = {name: 'VARCHAR', amount: 'DOUBLE', qty: 'BIGINT', price: 'VARCHAR',
       flag: 'BOOLEAN', day: 'VARCHAR', happened: 'VARCHAR', happened_tz: 'VARCHAR', tags: 'VARCHAR[]', dt: 'VARCHAR'})`;

const READINGS_SQL = `
  SELECT 'device-' || (i % 5) AS device, (i % 40) / 2.0 AS temp,
         TIMESTAMP '2024-01-01 00:00:00' + to_hours(i * 7) AS read_at,
         strftime(TIMESTAMP '2024-01-01 00:00:00' + to_hours(i * 7), '%Y') AS year,
         strftime(TIMESTAMP '2024-01-01 00:00:00' + to_hours(i * 7), '%m') AS month,
         strftime(TIMESTAMP '2024-01-01 00:00:00' + to_hours(i * 7), '%d') AS day
  FROM range(60) AS r(i)`;

const SECRETS_SQL = `SELECT 'do-not-read-' || i AS token, '2024-01-15' AS dt FROM range(3) AS r(i)`;

/** Writes `events`, `readings` (year/month/day partitions) and `secrets` under `dir`. */
export async function writeFuzzLake(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const rowsFile = path.join(dir, '..', `events-${process.pid}.json`);
  await fs.writeFile(rowsFile, EVENT_NAMES.map((name, i) => JSON.stringify(eventRow(name, i))).join('\n'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const target = (table: string) => path.join(dir, table).replace(/'/g, "''");
  try {
    await connection.run(
      `COPY (${EVENTS_SQL(rowsFile.replace(/'/g, "''"))}) TO '${target('events')}' (FORMAT parquet, PARTITION_BY (dt))`,
    );
    await connection.run(
      `COPY (${READINGS_SQL}) TO '${target('readings')}' (FORMAT parquet, PARTITION_BY (year, month, day))`,
    );
    await connection.run(`COPY (${SECRETS_SQL}) TO '${target('secrets')}' (FORMAT parquet, PARTITION_BY (dt))`);
  } finally {
    connection.closeSync();
    instance.closeSync();
    await fs.rm(rowsFile, { force: true });
  }
}
