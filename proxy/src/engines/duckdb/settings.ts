/** Settings of the embedded DuckDB engine, from environment variables (see README "Running the local proxy"). */
import { int, type Env } from '../../config';

export interface DuckDbSettings {
  /** The lake folder (`PROXY_LAKE_DIR`); required. */
  lakeDir: string;
  /** The database the lake appears as (`PROXY_DATABASE`), default `lake`. */
  database: string;
  /** DuckDB's own memory limit (its default is 80% of RAM); results beyond it spill to disk. */
  memoryLimit: string;
  threads: number | undefined;
}

export function loadDuckDbSettings(env: Env): Readonly<DuckDbSettings> {
  const lakeDir = env.PROXY_LAKE_DIR;
  if (!lakeDir)
    throw new Error('PROXY_LAKE_DIR is required for the duckdb engine (a folder of hive-partitioned tables)');
  const memoryLimit = env.PROXY_DUCKDB_MEMORY_LIMIT || '256MB';
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)) {
    throw new Error(`PROXY_DUCKDB_MEMORY_LIMIT must be a size such as 256MB or 2GB (got "${memoryLimit}")`);
  }
  const threads = env.PROXY_DUCKDB_THREADS ? int(env, 'PROXY_DUCKDB_THREADS', 0, 1) : undefined;
  return Object.freeze({ lakeDir, database: env.PROXY_DATABASE || 'lake', memoryLimit, threads });
}
