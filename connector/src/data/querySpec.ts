/**
 * getData request + data source config → the proxy's structured {@link QuerySpec} (never SQL). Only known keys are
 * copied, so whatever else Looker Studio adds to a request never reaches the proxy, which rejects unknown keys.
 */
import type { FilterClause, QuerySpec } from '../../../protocol/contract';
import { DEFAULT_CACHE_MINUTES, type ConnectorConfig } from '../config';
import type { GetDataRequest } from '../lookerTypes';

/** Builds the spec for one getData call (every call is independent: >20 fields arrive as several calls). */
export function buildQuerySpec(request: GetDataRequest, config: ConnectorConfig): QuerySpec {
  const spec: QuerySpec = {
    database: config.database,
    table: config.table,
    fields: request.fields.map((f) =>
      f.forFilterOnly === true ? { name: f.name, forFilterOnly: true } : { name: f.name },
    ),
    timeZone: config.timeZone,
    limit: config.rowLimit,
  };
  // Pushdown is the proxy's default; only the exception is spelled out (as in test/contract/query-succeeded.json).
  if (!config.aggregate) spec.aggregate = false;
  // The default lifetime is the proxy's own TTL, so only another choice is sent.
  if (config.cacheMinutes !== DEFAULT_CACHE_MINUTES) spec.maxCacheAgeSeconds = config.cacheMinutes * 60;
  if (config.dateColumn && request.dateRange) {
    spec.dateRange = { startDate: request.dateRange.startDate, endDate: request.dateRange.endDate };
    spec.dateColumn = config.dateColumn;
  }
  const filters = copyFilters(request.dimensionsFilters);
  if (filters.length > 0) spec.dimensionsFilters = filters;
  if (request.scriptParams?.sampleExtraction === true) spec.sample = true;
  const lastRefresh = toIsoDateTime(request.scriptParams?.lastRefresh);
  if (lastRefresh) spec.lastRefresh = lastRefresh;
  return spec;
}

function copyFilters(groups: FilterClause[][] | undefined): FilterClause[][] {
  return (groups ?? [])
    .map((group) =>
      group.map((c) => ({
        fieldName: c.fieldName,
        values: [...(c.values ?? [])],
        type: c.type ?? 'INCLUDE',
        operator: c.operator,
      })),
    )
    .filter((group) => group.length > 0);
}

/**
 * `scriptParams.lastRefresh`'s format is UNCONFIRMED (docs/reference-looker-studio.md#getdata-request): accept anything
 * Date parses, send ISO.
 */
function toIsoDateTime(text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const millis = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(millis) ? new Date(millis).toISOString() : undefined;
}
