/**
 * The small table the pushdown property test queries: `pushdown_events_1_0_0`, Parquet, hive-partitioned by `dt`.
 * Values come from modular arithmetic on the row number (deterministic, no PRNG), with NULLs in every dimension
 * and metric column, negative and fractional numbers, and timestamps spread over 12 days so that day and hour
 * dimensions shift with the report time zone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const PUSHDOWN_TABLE = 'pushdown_events_1_0_0';
const PUSHDOWN_FOLDER = 'pushdown-events-1.0.0';
const PUSHDOWN_ROWS = 3000;
/** Event times fall on the 12 UTC days from this one. */
const FIRST_DAY = '2024-03-01';

export const CITIES = ['Berlin', 'München', 'Zürich', 'São Paulo', 'Oslo'] as const;
export const CHANNELS = ['web', 'app', 'store'] as const;

const SECONDS_IN_RANGE = 12 * 86_400;

/** `base` is the event time every row has; `event_at` hides it for some rows, `dt` always partitions by it. */
const EVENTS_SQL = `
  WITH numbered AS (
    SELECT i, TIMESTAMP '${FIRST_DAY} 00:00:00' + to_seconds((i * 345 + i % 7 * 61) % ${SECONDS_IN_RANGE}) AS base
    FROM range(${PUSHDOWN_ROWS}) t(i)
  )
  SELECT
    CASE WHEN i % 11 = 0 THEN NULL ELSE ${listSql(CITIES)}[1 + (i * 7) % ${CITIES.length}] END AS city,
    CASE WHEN i % 17 = 3 THEN NULL ELSE ${listSql(CHANNELS)}[1 + (i * 5 + i // 7) % ${CHANNELS.length}] END AS channel,
    CASE WHEN i % 13 = 5 THEN NULL ELSE (i * 3) % 4 = 0 END AS is_member,
    CASE WHEN i % 9 = 4 THEN NULL ELSE ((i * 31) % 20 - 3)::BIGINT END AS qty,
    CASE WHEN i % 7 = 2 THEN NULL ELSE (((i * 37) % 10000) / 100 - 20)::DECIMAL(10, 2) END AS amount,
    CASE WHEN i % 19 = 7 THEN NULL ELSE ((i * 53) % 1000) / 7.0 END::DOUBLE AS score,
    CASE WHEN i % 23 = 11 THEN NULL ELSE base END AS event_at,
    CASE WHEN i % 29 = 1 THEN NULL ELSE CAST(base AS DATE) + (i % 3)::INTEGER END AS ship_date,
    strftime(base, '%Y-%m-%d') AS dt
  FROM numbered`;

function listSql(values: readonly string[]): string {
  return `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

/** Writes the table folder into `lakeDir` and returns the folder's path. */
export async function createPushdownLake(lakeDir: string): Promise<string> {
  const folder = path.join(lakeDir, PUSHDOWN_FOLDER);
  fs.mkdirSync(lakeDir, { recursive: true });
  fs.rmSync(folder, { recursive: true, force: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${EVENTS_SQL}) TO '${folder.replace(/'/g, "''")}' (FORMAT parquet, PARTITION_BY (dt))`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return folder;
}
