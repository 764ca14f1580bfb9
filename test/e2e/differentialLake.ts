/**
 * The table of the Athena/DuckDB differential test: `diff_events`, Parquet, hive-partitioned by `dt`. Its `code`
 * column holds the number spellings on which Trino's CAST(varchar AS double) and DuckDB's disagree (`NaN`,
 * `Infinity`, ` 12`, `1d`, `inf`, `1_000`, …) next to plain ones, so numeric filters on text show any difference.
 * Deterministic (modular arithmetic on the row number), NULLs in every column but `dt`.
 */
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const DIFF_DATABASE = 'lake';
export const DIFF_TABLE = 'diff_events';
const ROWS = 240;

/** Number spellings that the two engines read differently, and plain ones they read alike. */
export const CODE_SPELLINGS = [
  '12',
  '7.5',
  '-3',
  '+7',
  '.5',
  '5.',
  '1e3',
  '-0',
  '20240305',
  '99',
  '0.001',
  '1E2',
  'NaN',
  'Infinity',
  '-Infinity',
  'inf',
  ' 12',
  '12 ',
  '1d',
  '2f',
  '1_000',
  '0x10',
  'abc',
  '',
  '12\n',
  '\t8',
] as const;

function listSql(values: readonly string[]): string {
  return `[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
}

const SQL = `
  SELECT
    CASE WHEN i % 31 = 0 THEN NULL ELSE ${listSql(CODE_SPELLINGS)}[1 + (i * 7) % ${CODE_SPELLINGS.length}] END AS code,
    CASE WHEN i % 11 = 0 THEN NULL ELSE ['Berlin', 'Zürich', 'São Paulo', 'Oslo', 'O''Hare'][1 + (i * 3) % 5] END AS city,
    CASE WHEN i % 9 = 4 THEN NULL ELSE ((i * 31) % 20 - 3)::BIGINT END AS qty,
    CASE WHEN i % 7 = 2 THEN NULL ELSE (((i * 37) % 10000) / 100 - 20)::DECIMAL(10, 2) END AS amount,
    CASE WHEN i % 19 = 7 THEN NULL ELSE ((i * 53) % 1000) / 8.0 END::DOUBLE AS score,
    CASE WHEN i % 13 = 5 THEN NULL ELSE (i * 3) % 4 = 0 END AS is_member,
    CASE WHEN i % 29 = 1 THEN NULL ELSE DATE '2024-03-01' + (i % 10)::INTEGER END AS ship_date,
    CASE WHEN i % 23 = 11 THEN NULL ELSE TIMESTAMP '2024-03-01 00:00:00' + to_seconds((i * 3607) % (10 * 86400)) END AS event_at,
    strftime(TIMESTAMP '2024-03-01 00:00:00' + to_seconds((i * 3607) % (10 * 86400)), '%Y-%m-%d') AS dt
  FROM range(${ROWS}) t(i)`;

/** Writes the table under `dir/diff_events`. */
export async function writeDifferentialLake(dir: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const target = path.join(dir, DIFF_TABLE).replace(/'/g, "''");
    await connection.run(`COPY (${SQL}) TO '${target}' (FORMAT parquet, PARTITION_BY (dt))`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
