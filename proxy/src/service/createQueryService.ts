/** Composition helper: a QueryService from an engine and the settings loaded at start-up. */
import type { ServiceSettings } from '../config';
import type { Engine } from '../core/enginePort';
import { QueryService } from './queryService';
import { realSleep } from './waitForQuery';
import type { Logger } from '../logger';

export function createQueryService(
  engine: Engine,
  settings: ServiceSettings,
  log: Logger,
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
    cache: { maxBytes: settings.cacheMaxBytes, ttlMs: settings.cacheTtlMs, ttlByTable: settings.cacheTtlByTable },
    catalogTtlMs: settings.catalogTtlMs,
    defaultTimeZone: settings.defaultTimeZone,
    poll: engine.poll,
    admission: { maxRunning: settings.maxConcurrentQueries, maxQueued: settings.maxQueuedQueries },
  });
}
