/**
 * Runs compiled fuzz SQL on the real DuckDB engine over the fuzz lake: it must execute (no parser, binder or any
 * other error) and DuckDB's own parser must see exactly one base table, the requested one.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import type { EngineQueryStatus, ResultSlice } from '../../proxy/src/port';
import { tablesReadBy } from '../../proxy/src/engines/duckdb';
import { FUZZ_DATABASE } from './fuzzTables';
import { writeFuzzLake } from './fuzzLake';

export interface FuzzLake {
  engine: DuckDbEngine;
  /** A plain DuckDB connection for json_serialize_sql (parsing only, no catalog). */
  parser: DuckDBConnection;
  close(): Promise<void>;
}

/** Writes the fuzz lake to a temp folder and opens the DuckDB engine on it. */
export async function openFuzzLake(): Promise<FuzzLake> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'fuzz-lake-'));
  const lakeDir = path.join(root, 'lake');
  await writeFuzzLake(lakeDir);
  const engine = await createDuckDbEngine({
    lakeDir,
    database: FUZZ_DATABASE,
    threads: 1,
    logger: { warn: () => undefined },
  });
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const parser = await instance.connect();
  return {
    engine,
    parser,
    close: async () => {
      parser.closeSync();
      instance.closeSync();
      await engine.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Runs SQL to its final state and returns the status (and the first rows when it succeeded). */
export async function runOnEngine(
  engine: DuckDbEngine,
  sql: string,
): Promise<{ status: EngineQueryStatus; slice?: ResultSlice }> {
  const id = await engine.startQuery(sql, { callerId: 'fuzz' });
  for (;;) {
    const status = await engine.getQueryStatus(id);
    if (status.state === 'SUCCEEDED') return { status, slice: await engine.readResults(id, 0, 100) };
    if (status.state === 'FAILED' || status.state === 'CANCELLED') return { status };
    await tick();
  }
}

/** Throws unless `sql` reads only `table` according to DuckDB and runs to SUCCEEDED. */
export async function checkExecution(lake: FuzzLake, sql: string, table: string): Promise<void> {
  const tables = await tablesReadBy(lake.parser, sql);
  if (tables.length !== 1 || tables[0].schema !== FUZZ_DATABASE || tables[0].table !== table) {
    throw new Error(`DuckDB sees other tables: ${JSON.stringify(tables)}\n${sql.slice(0, 3000)}`);
  }
  const { status } = await runOnEngine(lake.engine, sql);
  if (status.state !== 'SUCCEEDED') {
    throw new Error(`DuckDB ${status.state} (${status.error?.kind}): ${status.error?.message}\n${sql.slice(0, 3000)}`);
  }
}
