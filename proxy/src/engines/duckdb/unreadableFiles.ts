/**
 * A failed query's error, with the unreadable file named. DuckDB names the file in most data errors; its Parquet
 * reader's Thrift errors (a corrupt page or footer) name none, so then each Parquet file of the tables the query
 * reads is read in full, one by one, until one fails the same way. That costs a scan, but only after a failure,
 * and it turns "the engine failed" into a file the data owner can fix (docs/lakes.md#when-a-file-cannot-be-read).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { tablesReadBy, type CatalogTable } from './lake';
import { classifyDuckDbError, messageOf, type LakeFiles, type QueryFailure } from './queryErrors';
import { quoteString } from './sqlText';

/** The lake as the failure mapping sees it: its folder (absolute), database and served tables. */
export interface LakeSnapshot {
  dir: string;
  database: string;
  tables: ReadonlyMap<string, Pick<CatalogTable, 'folder' | 'format'>>;
}

/** Most files read to find the unreadable one: the search is bounded, the error stays honest without a name. */
const MAX_PROBED_FILES = 200;

/** The lake's folders → tables, for naming a file relative to its table. */
export function lakeFilesOf(lake: LakeSnapshot): LakeFiles {
  const byFolder = new Map([...lake.tables].map(([table, entry]) => [entry.folder, table]));
  return { dir: lake.dir, tableOf: (folder) => byFolder.get(folder) };
}

/** The port's failure for an error thrown while running `sql`, the unreadable file found when DuckDB named none. */
export async function failureOf(
  err: unknown,
  connection: DuckDBConnection | undefined,
  sql: string,
  lake: LakeSnapshot,
): Promise<QueryFailure> {
  const failure = classifyDuckDbError(messageOf(err), lakeFilesOf(lake));
  if (failure.kind !== 'DATA' || failure.data?.file !== undefined || !connection) return failure;
  const found = await findUnreadableParquet(connection, sql, lake).catch(() => undefined);
  return found ? { ...failure, data: found } : failure;
}

/** Data files below `dir` (relative, `/`-separated, sorted), hidden ones left out as the views leave them out. */
async function parquetFilesBelow(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true });
  return entries
    .map((entry) => entry.split(path.sep).join('/'))
    .filter((file) => file.toLowerCase().endsWith('.parquet'))
    .filter((file) => !file.split('/').some((segment) => segment.startsWith('.') || segment.startsWith('_')))
    .sort();
}

/** The first Parquet file of the tables `sql` reads that DuckDB cannot read in full. */
async function findUnreadableParquet(
  connection: DuckDBConnection,
  sql: string,
  lake: LakeSnapshot,
): Promise<{ table: string; file: string } | undefined> {
  const references = await tablesReadBy(connection, sql);
  const names = references.filter((r) => r.schema === '' || r.schema === lake.database).map((r) => r.table);
  let budget = MAX_PROBED_FILES;
  for (const table of [...new Set(names)]) {
    const entry = lake.tables.get(table);
    if (entry?.format !== 'parquet') continue;
    const dir = path.join(lake.dir, entry.folder);
    for (const file of (await parquetFilesBelow(dir)).slice(0, budget)) {
      budget -= 1;
      if (!(await readsInFull(connection, path.join(dir, file)))) return { table, file };
    }
  }
  return undefined;
}

/** True when every value of every column of the file decodes (hashing forces each page to be read). */
async function readsInFull(connection: DuckDBConnection, file: string): Promise<boolean> {
  try {
    await connection.run(`SELECT count(hash(COLUMNS(*))) FROM read_parquet(${quoteString(file)})`);
    return true;
  } catch {
    return false;
  }
}
