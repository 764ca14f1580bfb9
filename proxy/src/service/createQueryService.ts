/** Composition helper: a QueryService from an engine and the settings loaded at start-up. */
import type { ServiceSettings } from '../config';
import type { AccessRules } from '../access';
import type { Engine } from '../port';
import { defaultMemoryBudget, heapLimitBytes } from '../admission';
import { QueryService } from './queryService';
import { QueryTokenSealer } from './handleSealer';
import { realSleep } from './waitForQuery';
import type { Logger } from '../logger';
import { MAX_PAGE_ROWS } from './resultPages';
import type { TileStore } from '../tiles';

/** Optional parts: access rules, and the deployment secret that authenticates query ids (else per process). */
export interface QueryServiceExtras {
  accessRules?: AccessRules;
  tokenSecret?: string;
  /** Day tiles (docs/tiles.md): the shared store; off when absent. */
  tiles?: { store: TileStore };
}

export function createQueryService(
  engine: Engine,
  settings: ServiceSettings,
  log: Logger,
  extras: QueryServiceExtras = {},
): QueryService {
  const budgetBytes =
    settings.memoryBudgetBytes ??
    defaultMemoryBudget({
      heapLimitBytes: heapLimitBytes(),
      reservedBytes: settings.cacheMaxBytes + (engine.reservedHeapBytes ?? 0),
    });
  return new QueryService({
    accessRules: extras.accessRules,
    tokens: new QueryTokenSealer(extras.tokenSecret),
    engine,
    now: Date.now,
    sleep: realSleep,
    log,
    waitBudgetMs: settings.waitBudgetMs,
    maxRows: settings.maxRows,
    sampleRows: settings.sampleRows,
    page: { pageTargetBytes: settings.pageTargetBytes, probeRows: 2000, maxPageRows: MAX_PAGE_ROWS },
    cache: { maxBytes: settings.cacheMaxBytes, ttlMs: settings.cacheTtlMs, ttlByTable: settings.cacheTtlByTable },
    catalogTtlMs: settings.catalogTtlMs,
    defaultTimeZone: settings.defaultTimeZone,
    poll: engine.poll,
    admission: { maxRunning: settings.maxConcurrentQueries, maxQueued: settings.maxQueuedQueries },
    memory: { budgetBytes },
    ...(extras.tiles ? { tiles: extras.tiles } : {}),
  });
}
