/**
 * The lake the end-to-end tests query: the project's sample lake (small) plus one hand-made Parquet table,
 * `e2e-orders-1.0.0`, whose every value is known — NULLs in each column type, non-ASCII text, timestamps around
 * midnight on range boundaries — so filter and date-range results can be checked with independent SQL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateSampleLake } from '../../tools/sampleLake/sampleData';

/** The orders table as the proxy's catalog names it, and its folder in the lake. */
export const E2E_TABLE = 'e2e_orders_1_0_0';
export const E2E_FOLDER = 'e2e-orders-1.0.0';
/** The last UTC day of the orders (they start 2024-03-01); the sample tables end the same day. */
export const E2E_LAST_DAY = '2024-03-10';
export const E2E_ROWS = 240;

/**
 * 240 orders, one every hour from 2024-03-01T00:30Z, so every day has rows at 00:30 and 23:30 (the edges an
 * exclusive end or a local-time shift would lose). Every 11th city, 13th amount and 17th flag is NULL.
 */
const ORDERS_SQL = `
  SELECT
    i AS order_id,
    CASE WHEN i % 11 = 0 THEN NULL ELSE ['Berlin', 'München', 'Zürich', 'São Paulo', 'Oslo'][1 + i % 5] END AS city,
    ['delivered', 'cancelled', 'returned'][1 + i % 3] AS status,
    CASE WHEN i % 13 = 0 THEN NULL ELSE round(i * 1.25, 2) END::DOUBLE AS amount,
    (i % 4 + 1)::BIGINT AS quantity,
    CASE WHEN i % 17 = 0 THEN NULL ELSE i % 2 = 0 END AS is_express,
    TIMESTAMP '2024-03-01 00:30:00' + to_hours(i) AS created_at,
    strftime(TIMESTAMP '2024-03-01 00:30:00' + to_hours(i), '%Y-%m-%d') AS dt
  FROM range(${E2E_ROWS}) t(i)`;

/** Writes the lake into `dir` (sample tables + the orders table) and returns the orders table's folder. */
export async function createE2eLake(dir: string): Promise<string> {
  await generateSampleLake({ out: dir, rows: 3000, days: 14, endDate: E2E_LAST_DAY });
  const folder = path.join(dir, E2E_FOLDER);
  fs.rmSync(folder, { recursive: true, force: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (${ORDERS_SQL}) TO '${folder}' (FORMAT parquet, PARTITION_BY (dt))`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return folder;
}
