/**
 * Registration of the embedded DuckDB engine in the composition root (proxy/src/engines/registry.ts). The engine
 * is imported lazily: a process that runs another engine (the Lambda on Athena) never loads DuckDB's native module.
 */
import type { EngineRegistration } from '../../port';
import { loadDuckDbSettings } from './settings';

export const duckDbRegistration: EngineRegistration = {
  name: 'duckdb',
  summary: 'embedded DuckDB over a folder of hive-partitioned files (PROXY_LAKE_DIR, PROXY_DATABASE)',
  build: async ({ env, log }) => {
    const settings = loadDuckDbSettings(env);
    const { createDuckDbEngine } = await import('./createDuckDbEngine');
    return createDuckDbEngine({
      lakeDir: settings.lakeDir,
      database: settings.database,
      memoryLimit: settings.memoryLimit,
      threads: settings.threads,
      logger: { warn: (message, details) => log({ level: 'warn', event: 'engine_warning', message, ...details }) },
    });
  },
};
