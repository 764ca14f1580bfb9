/**
 * Shared parts of the day-tile tests: a query service with or without tiles (no result cache, so every answer is
 * computed), callers under different access rules, and the comparable part of an answer.
 */
import type { QuerySpec, QueryStats } from '../../protocol/contract';
import { loadServiceSettings } from '../../proxy/src/config';
import type { AccessRules } from '../../proxy/src/access';
import type { Engine } from '../../proxy/src/port';
import { asProxyError } from '../../proxy/src/errors';
import { QueryService } from '../../proxy/src/service/queryService';
import { MAX_PAGE_ROWS } from '../../proxy/src/service/resultPages';
import { realSleep } from '../../proxy/src/service/waitForQuery';
import type { TileStore } from '../../proxy/src/tiles';
import { TILE_DATABASE, TILE_TABLE } from './tileLake';

/** Identities (access key ids) under two rules: one sees only Berlin's rows, the other everything. */
export const CALLERS = ['akia00000000berlin', 'akia0000000000everyone'];

export const ACCESS_RULES: AccessRules = {
  rules: [
    {
      name: 'berlin',
      who: [CALLERS[0]],
      tables: [`${TILE_DATABASE}.${TILE_TABLE}`],
      rowFilters: {
        [`${TILE_DATABASE}.${TILE_TABLE}`]: [
          { column: 'city', operator: 'EQUALS', values: ['Berlin'], exclude: false },
        ],
      },
    },
    { name: 'everyone', who: ['*'], tables: ['*'], rowFilters: {} },
  ],
};

export function tileService(engine: Engine, store?: TileStore): QueryService {
  const settings = loadServiceSettings({});
  return new QueryService({
    engine,
    now: Date.now,
    sleep: realSleep,
    log: () => undefined,
    waitBudgetMs: 20_000,
    maxRows: settings.maxRows,
    sampleRows: settings.sampleRows,
    page: { pageTargetBytes: settings.pageTargetBytes, probeRows: 2000, maxPageRows: MAX_PAGE_ROWS },
    cache: { maxBytes: 1, ttlMs: 0 },
    catalogTtlMs: 60_000,
    defaultTimeZone: 'UTC',
    poll: { firstDelayMs: 1, maxDelayMs: 4 },
    admission: { maxRunning: 4, maxQueued: 16 },
    accessRules: ACCESS_RULES,
    ...(store ? { tiles: { store } } : {}),
  });
}

/** Rows (as a sorted multiset), schema and filtersApplied, or the error code; plus the stats. */
export async function answerOf(
  service: QueryService,
  spec: QuerySpec,
  identity: string,
): Promise<{ text: string; stats?: QueryStats }> {
  try {
    const answer = await service.startQuery(spec, { identity });
    if (answer.status !== 200) return { text: `still ${answer.body.state}` };
    const { rows, schema, filtersApplied, page, truncated } = answer.body;
    if (page.count !== 1) return { text: `${page.count} pages` };
    const sorted = rows.map((row) => JSON.stringify(row)).sort();
    return { text: JSON.stringify({ schema, filtersApplied, truncated, rows: sorted }), stats: answer.body.stats };
  } catch (error) {
    const { code, status } = asProxyError(error);
    return { text: `error ${status} ${code}` };
  }
}
