/**
 * Opens the in-memory DuckDB the engine runs on: UTC session time zone (Athena's), the Trino macros, and file access
 * limited to the lake (read) and the result/spill folders, locked so no query can lift it. Compiled SQL never
 * carries file paths, so this is defence in depth against any SQL that gets past the compiler.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { installTrinoMacros } from './macros';
import { quoteStringList } from './sqlText';

/** What the sandboxed DuckDB may touch, and its resources. */
export interface SandboxOptions {
  /** Folders queries may read. */
  readDirs: string[];
  /** Folders the engine writes (created if missing). */
  writeDirs: string[];
  /** Where DuckDB spills when a query outgrows memory (else it would use `.tmp` in the working directory). */
  spillDir: string;
  threads?: number;
  memoryLimit?: string;
}

/** A configured DuckDB instance and the connection that configured it. */
export async function openSandboxedDuckDb(
  options: SandboxOptions,
): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  for (const dir of options.writeDirs) await fs.mkdir(dir, { recursive: true });
  const config: Record<string, string> = { temp_directory: options.spillDir };
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  try {
    await connection.run("SET GLOBAL TimeZone = 'UTC'");
    await installTrinoMacros(connection);
    const allowed = [...options.readDirs, ...options.writeDirs].map((dir) => `${dir}${path.sep}`);
    // DuckDB allows allowed_directories both reading and writing; the engine only ever writes results there.
    await connection.run(`SET allowed_directories = ${quoteStringList(allowed)}`);
    // Every query re-binds the same lake files: keep their Parquet footers (DuckDB re-validates them by mtime).
    await connection.run('SET GLOBAL parquet_metadata_cache = true');
    await connection.run('SET enable_external_access = false');
    await connection.run('SET lock_configuration = true');
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err;
  }
  return { instance, connection };
}
