/** Composition helper: a QueryService from an engine and the settings loaded at start-up. */
import type { ServiceSettings } from '../config';
import type { Engine } from '../engines/port';
import { defaultMemoryBudget, heapLimitBytes } from './memoryBudget';
import { QueryService } from './queryService';
import { realSleep } from './waitForQuery';

export function createQueryService(
  engine: Engine,
  settings: ServiceSettings,
  log: (line: Record<string, unknown>) => void,
  /** Heap the engine keeps for itself (e.g. DuckDB's inline results), left out of the memory budget. */
  engineReservedBytes = 0,
): QueryService {
  const budgetBytes = settings.memoryBudgetBytes
    ?? defaultMemoryBudget({ heapLimitBytes: heapLimitBytes(), reservedBytes: settings.cacheMaxBytes + engineReservedBytes });
  return new QueryService({
    engine,
    now: Date.now,
    sleep: realSleep,
    log,
    waitBudgetMs: settings.waitBudgetMs,
    maxRows: settings.maxRows,
    sampleRows: settings.sampleRows,
    page: { pageTargetBytes: settings.pageTargetBytes, probeRows: 2000, maxPageRows: 500_000 },
    cache: { maxBytes: settings.cacheMaxBytes, ttlMs: settings.cacheTtlMs, ttlByTable: settings.cacheTtlByTable },
    catalogTtlMs: settings.catalogTtlMs,
    defaultTimeZone: settings.defaultTimeZone,
    // Athena's GetQueryExecution is rate limited per account (athena-proxy.md §1.10): back off to 1 s. DuckDB status
    // is an in-process lookup: poll briskly so a result is seen within ~20 ms of finishing.
    poll: engine.name === 'athena' ? { firstDelayMs: 100, maxDelayMs: 1000 } : { firstDelayMs: 5, maxDelayMs: 20 },
    admission: { maxRunning: settings.maxConcurrentQueries, maxQueued: settings.maxQueuedQueries },
    memory: { budgetBytes },
  });
}
