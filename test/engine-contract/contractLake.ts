/**
 * The lake both engines are tested on: Parquet tables written by DuckDB (so column types are exact), partitioned by
 * a `dt=YYYY-MM-DD` folder level as in the seeds' S3 layout.
 *
 * - `typed`: five rows covering NULL vs '', quotes/commas/newlines, unicode, decimal(10,2), bigint beyond 2^53 and
 *   at both ends of its range, doubles, millisecond timestamps, booleans, arrays, maps and structs.
 * - `big`: 120,000 rows (text with the same hard cases, doubles, three partitions) for the streamed result path.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';

export const CONTRACT_DATABASE = 'lake';
export const BIG_ROWS = 120_000;

const TYPED_ROWS = `
  (1, 'plain', 12.50, 9007199254740993, 0.5, TIMESTAMP '2024-01-15 10:30:00.123', true, ['a', 'b'],
   MAP {'k': 1}, {'os': 'ios', 'version': 17}, '2024-01-15'),
  (2, 'say "hi", then' || chr(10) || 'leave', -0.01, -9223372036854775808, -2.25, TIMESTAMP '2024-01-15 23:59:59',
   false, [], MAP {}, {'os': 'android', 'version': NULL}, '2024-01-15'),
  (3, 'naïve 日本 🚀', NULL, 0, NULL, TIMESTAMP '2024-01-16 00:00:00', NULL, NULL, NULL, NULL, '2024-01-16'),
  (4, '', 100.00, 9223372036854775807, 1.0, NULL, true, ['x,y', 'q"t'], MAP {'a': 2, 'b': 3}, {'os': '', 'version': 0},
   '2024-01-16'),
  (5, NULL, 0.00, NULL, 0.125, TIMESTAMP '2024-01-16 12:00:00.5', false, ['z'], MAP {'k': NULL}, NULL, '2024-01-16')`;

const TYPED_SQL = `
  SELECT id::BIGINT AS id, name::VARCHAR AS name, amount::DECIMAL(10,2) AS amount, big::BIGINT AS big,
         ratio::DOUBLE AS ratio, happened::TIMESTAMP AS happened, flag::BOOLEAN AS flag, tags::VARCHAR[] AS tags,
         attrs::MAP(VARCHAR, INTEGER) AS attrs, ctx::STRUCT(os VARCHAR, version INTEGER) AS ctx, dt
  FROM (VALUES ${TYPED_ROWS}) AS t(id, name, amount, big, ratio, happened, flag, tags, attrs, ctx, dt)`;

const BIG_SQL = `
  SELECT i AS id,
         CASE i % 5 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'q"uote, ' || i WHEN 3 THEN 'line' || chr(10) || i
                    ELSE 'ü ' || i END AS label,
         (i % 1000) / 8.0 AS value,
         '2024-02-0' || (1 + i % 3) AS dt
  FROM range(${BIG_ROWS}) AS r(i)`;

/** Writes the contract lake under `dir` (one sub-folder per table). */
export async function writeContractLake(dir: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const [table, sql] of [
      ['typed', TYPED_SQL],
      ['big', BIG_SQL],
    ]) {
      const target = path.join(dir, table).replace(/'/g, "''");
      await connection.run(`COPY (${sql}) TO '${target}' (FORMAT parquet, PARTITION_BY (dt))`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
