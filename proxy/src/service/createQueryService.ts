/** Composition helper: a QueryService from an engine and the settings loaded at start-up. */
import type { ServiceSettings } from '../config';
import type { Engine } from '../engines/port';
import { QueryService } from './queryService';
import { realSleep } from './waitForQuery';

export function createQueryService(
  engine: Engine,
  settings: ServiceSettings,
  log: (line: Record<string, unknown>) => void,
): QueryService {
  return new QueryService({
    engine,
    now: Date.now,
    sleep: realSleep,
    log,
    waitBudgetMs: settings.waitBudgetMs,
    maxRows: settings.maxRows,
    sampleRows: settings.sampleRows,
    page: { pageTargetBytes: settings.pageTargetBytes, probeRows: 2000, maxPageRows: 500_000 },
    cache: { maxBytes: settings.cacheMaxBytes, ttlMs: settings.cacheTtlMs },
    catalogTtlMs: settings.catalogTtlMs,
    defaultTimeZone: settings.defaultTimeZone,
    admission: { maxRunning: settings.maxConcurrentQueries, maxQueued: settings.maxQueuedQueries },
  });
}
