/**
 * The embedded engine: DuckDB (`@duckdb/node-api`) over a local lake folder, running the compiler's Trino SQL
 * unchanged through a few macros. Behaves like Athena behind the same port: queries run in the background, results
 * land in files (stateless paging), values come back as Athena's CSV text.
 *
 * Each running query holds one libuv threadpool thread for its whole run (the bindings run statements there), so
 * the host process should set UV_THREADPOOL_SIZE above maxConcurrentQueries, or file I/O waits for queries.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDbLakeEngine, type DuckDbEngine } from './engine';
import { DEFAULT_INLINE_LIMITS, type InlineLimits } from './results';
import { createJobQueue } from './jobQueue';
import { openSandboxedDuckDb } from './sandbox';

/** Options of {@link createDuckDbEngine}. */
export interface DuckDbEngineOptions {
  /** The lake: one sub-folder per table of hive-partitioned JSON lines / Parquet / CSV files. */
  lakeDir: string;
  /** The one database the lake appears as; default `lake`. Lower-case letters, digits and `_`. */
  database?: string;
  /** Where result files go (like Athena's OutputLocation); default a temp folder removed by close(). */
  resultsDir?: string;
  threads?: number;
  /** DuckDB memory limit, e.g. `2GB`. */
  memoryLimit?: string;
  /** Queries running at once; later ones wait QUEUED. Default 4. */
  maxConcurrentQueries?: number;
  /** When results stay in memory instead of a file (docs/performance.md#inline-results); `maxRows: 0` = never. */
  inlineResults?: Partial<InlineLimits>;
  /**
   * Most estimated heap bytes of text one page read may take (default 16 MB, about 4.5 MB of JSON): a hand-made
   * cursor asking for 500,000 rows is refused with 400 instead of filling the heap.
   */
  maxPageBytes?: number;
  /** Results and query records older than this are deleted; default 24 hours. */
  resultTtlMs?: number;
  logger?: { warn(message: string, details?: Record<string, unknown>): void };
  /** Clock in epoch ms (tests inject one). */
  now?: () => number;
}

const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

/** Opens DuckDB over `lakeDir`, installs the Trino macros, sandboxes file access and discovers the catalog. */
export async function createDuckDbEngine(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
  const database = options.database ?? 'lake';
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`Database name "${database}" must use only a-z, 0-9 and _.`);
  const lakeDir = path.resolve(options.lakeDir);
  if (!(await fs.stat(lakeDir).catch(() => undefined))?.isDirectory())
    throw new Error(`Lake folder not found: ${lakeDir}`);
  // Built first: it validates maxConcurrentQueries before anything is opened.
  const queue = createJobQueue(options.maxConcurrentQueries ?? 4);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'duckdb-engine-'));
  const resultsDir = path.resolve(options.resultsDir ?? path.join(workDir, 'results'));
  const { instance, connection } = await openSandboxedDuckDb({
    ...options,
    readDirs: [lakeDir],
    writeDirs: [resultsDir, workDir],
    spillDir: path.join(workDir, 'spill'),
  }).catch(async (err: unknown) => {
    await fs.rm(workDir, { recursive: true, force: true });
    throw err;
  });
  const engine = new DuckDbLakeEngine({
    instance,
    meta: connection,
    lakeDir,
    database,
    resultsDir,
    workDir,
    ttlMs: options.resultTtlMs ?? DEFAULT_TTL_MS,
    queue,
    inline: { ...DEFAULT_INLINE_LIMITS, ...options.inlineResults },
    maxPageBytes: options.maxPageBytes ?? 16 * 1024 * 1024,
    logger: options.logger ?? { warn: (message, details) => console.warn(message, details ?? '') },
    now: options.now ?? Date.now,
  });
  try {
    await engine.refreshCatalog();
  } catch (err) {
    await engine.close();
    throw err;
  }
  return engine;
}
