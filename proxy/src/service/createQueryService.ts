/** Composition helper: a QueryService from an engine and the settings loaded at start-up. */
import type { ServiceSettings } from '../config';
import type { Engine } from '../port';
import { defaultMemoryBudget, heapLimitBytes } from '../admission';
import { QueryService } from './queryService';
import { QueryHandleSealer } from './handleSealer';
import { realSleep } from './waitForQuery';
import type { Logger } from '../logger';
import { MAX_PAGE_ROWS } from './resultPages';
import type { TileStore } from '../tiles';
import { BudgetGuard, MemorySpendStore, type SpendStore } from '../budgets';

/** Runtime parts the settings cannot hold: the day-tile store (docs/tiles.md), tiles off when absent; a clock. */
export interface QueryServiceParts {
  tiles?: { store: TileStore };
  /** Where spend against the daily budgets is counted; default this process's memory (docs/budgets.md). */
  spend?: SpendStore;
  /** The service's clock (cache ages, freshness); default Date.now. A simulation may run days in seconds. */
  now?: () => number;
}

export function createQueryService(
  engine: Engine,
  settings: ServiceSettings,
  log: Logger,
  parts: QueryServiceParts = {},
): QueryService {
  const budgetBytes =
    settings.memoryBudgetBytes ??
    defaultMemoryBudget({
      heapLimitBytes: heapLimitBytes(),
      reservedBytes: settings.cacheMaxBytes + (engine.reservedHeapBytes ?? 0),
    });
  return new QueryService({
    accessRules: settings.accessRules,
    handles: new QueryHandleSealer(settings.handleSecret),
    engine,
    now: parts.now ?? Date.now,
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
    ...(parts.tiles ? { tiles: parts.tiles } : {}),
    ...budgetsPart(settings, parts),
  });
}

/** The budget guard, when a budget is set. */
function budgetsPart(settings: ServiceSettings, parts: QueryServiceParts): { budgets?: BudgetGuard } {
  const { perCallerDay, perTableDay } = settings.budgets;
  if (perCallerDay === undefined && perTableDay === undefined) return {};
  return { budgets: new BudgetGuard(settings.budgets, parts.spend ?? new MemorySpendStore(), parts.now ?? Date.now) };
}
