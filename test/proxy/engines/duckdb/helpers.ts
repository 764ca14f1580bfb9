/** Shared helpers for the DuckDB engine tests: temp folders, hand-written lake files, running queries to the end. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine, EngineQueryStatus } from '../../../../proxy/src/port/engine';

export async function makeTempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
}

/** Writes `content` to `root/relative`, creating folders. */
export async function writeFile(root: string, relative: string, content: string | Buffer): Promise<void> {
  const file = path.join(root, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

/** Runs SQL statements on a throw-away DuckDB (used to write Parquet fixtures and to compute expectations). */
export async function withDuckDb<T>(use: (run: (sql: string) => Promise<unknown[][]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    return await use(async (sql) => (await connection.runAndReadAll(sql)).getRowsJS());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the query leaves QUEUED/RUNNING. */
export async function waitForEnd(engine: Engine, queryId: string): Promise<EngineQueryStatus> {
  for (;;) {
    const status = await engine.getQueryStatus(queryId);
    if (status.state !== 'QUEUED' && status.state !== 'RUNNING') return status;
    await sleep(10);
  }
}

/** Polls until the query reaches `state`. */
export async function waitForState(engine: Engine, queryId: string, state: EngineQueryStatus['state']): Promise<void> {
  while ((await engine.getQueryStatus(queryId)).state !== state) await sleep(5);
}

/** Runs `sql` and returns all rows as Athena text; fails the test with the engine's message if it fails. */
export async function queryRows(engine: Engine, sql: string): Promise<(string | null)[][]> {
  const id = await engine.startQuery(sql, { callerId: 'test' });
  const status = await waitForEnd(engine, id);
  if (status.state !== 'SUCCEEDED') throw new Error(`query ${status.state}: ${status.error?.message}`);
  return (await engine.readResults(id, 0, 1_000_000)).rows;
}

/** Runs `sql`, expecting it to fail; returns the final status. */
export async function queryFailure(engine: Engine, sql: string): Promise<EngineQueryStatus> {
  return waitForEnd(engine, await engine.startQuery(sql, { callerId: 'test' }));
}

/** Rows as a sorted list of JSON strings, for order-insensitive comparison. */
export function sortedRows(rows: unknown[][]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort();
}
