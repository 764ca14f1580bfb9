/**
 * The table of the day-tile differential test: `tile_events`, Parquet, partitioned by `dt` (the UTC day of
 * `event_at`), over 2023-12-27 … 2024-04-03: a year end, month ends, and the DST changes of America/New_York,
 * Europe/Berlin, America/Santiago and Asia/Tehran-style zones. The columns are those of the Athena/DuckDB
 * differential table (differentialLake.ts), so its random specs and filters apply; NULLs in every column but `dt`.
 * `addEvents` writes one more file into a day's partition, as a producer would between two chart views.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CODE_SPELLINGS } from './differentialLake';

export const TILE_DATABASE = 'lake';
export const TILE_TABLE = 'tile_events';
/** Day numbers of the first and last day the lake holds (UTC). */
export const FIRST_DAY = '2023-12-27';
export const LAST_DAY = '2024-04-03';
const SPAN_SECONDS = 99 * 86400;

function listSql(values: readonly string[]): string {
  return `[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
}

/** Rows `from` … `to - 1`; `salt` varies the values of added files. */
function rowsSql(from: number, to: number, salt: number): string {
  const at = `TIMESTAMP '${FIRST_DAY} 00:00:00' + to_seconds(((i * 7919 + ${salt}) % ${SPAN_SECONDS}))`;
  return `
  SELECT
    CASE WHEN i % 31 = 0 THEN NULL ELSE ${listSql(CODE_SPELLINGS)}[1 + (i * 7) % ${CODE_SPELLINGS.length}] END AS code,
    CASE WHEN i % 11 = 0 THEN NULL ELSE ['Berlin', 'Zürich', 'São Paulo', 'Oslo', 'O''Hare'][1 + (i * 3) % 5] END AS city,
    CASE WHEN i % 9 = 4 THEN NULL ELSE ((i * 31) % 20 - 3)::BIGINT END AS qty,
    CASE WHEN i % 7 = 2 THEN NULL ELSE (((i * 37) % 10000) / 100 - 20)::DECIMAL(10, 2) END AS amount,
    CASE WHEN i % 19 = 7 THEN NULL ELSE ((i * 53) % 1000) / 8.0 END::DOUBLE AS score,
    CASE WHEN i % 13 = 5 THEN NULL ELSE (i * 3) % 4 = 0 END AS is_member,
    CASE WHEN i % 29 = 1 THEN NULL ELSE (${at})::DATE + ((i % 3) - 1)::INTEGER END AS ship_date,
    CASE WHEN i % 23 = 11 THEN NULL ELSE ${at} END AS event_at,
    strftime(${at}, '%Y-%m-%d') AS dt
  FROM range(${from}, ${to}) t(i)`;
}

async function withDuckDb(run: (sql: (text: string) => Promise<unknown>) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await run((text) => connection.run(text));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Writes the table under `dir/tile_events` (`rows` rows spread over the span). */
export async function writeTileLake(dir: string, rows = 2400): Promise<void> {
  const target = path.join(dir, TILE_TABLE).replace(/'/g, "''");
  await withDuckDb(async (sql) => {
    await sql(`COPY (${rowsSql(0, rows, 0)}) TO '${target}' (FORMAT parquet, PARTITION_BY (dt))`);
  });
}

/** Adds one file of `rows` rows (numbered from `salt`) to the partition of UTC day `day` (`YYYY-MM-DD`). */
export async function addEvents(dir: string, day: string, salt: number, rows = 5): Promise<void> {
  const file = path.join(dir, TILE_TABLE, `dt=${day}`, `extra-${salt}.parquet`).replace(/'/g, "''");
  const select = rowsSql(salt, salt + rows, salt).replace(
    /TIMESTAMP '[^']+' \+ to_seconds\(\(\(i \* 7919 \+ \d+\) % \d+\)\)/g,
    `TIMESTAMP '${day} 00:00:00' + to_seconds((i * 3607) % 86400)`,
  );
  mkdirSync(path.join(dir, TILE_TABLE, `dt=${day}`), { recursive: true });
  await withDuckDb(async (sql) => {
    await sql(`COPY (SELECT * EXCLUDE (dt) FROM (${select})) TO '${file}' (FORMAT parquet)`);
  });
}
