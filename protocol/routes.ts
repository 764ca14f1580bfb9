/**
 * The v1 route paths, spelled once: the connector builds request paths with {@link apiPath}, the proxy matches
 * them with {@link ROUTE_PATTERNS}. The method/answer table is in protocol/contract.ts.
 */

export const API_PREFIX = '/v1' as const;

/** Request paths, with every caller-supplied segment URI-encoded. */
export const apiPath = {
  health: (): string => `${API_PREFIX}/health`,
  catalog: (): string => `${API_PREFIX}/catalog`,
  tableSchema: (database: string, table: string, aggregate = true): string =>
    `${API_PREFIX}/databases/${encodeURIComponent(database)}/tables/${encodeURIComponent(table)}` +
    (aggregate ? '' : '?aggregate=false'),
  queries: (): string => `${API_PREFIX}/queries`,
  events: (): string => `${API_PREFIX}/events`,
  query: (queryId: string, cursor?: string): string =>
    `${API_PREFIX}/queries/${encodeURIComponent(queryId)}` +
    (cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`),
};

/** One segment of a path (never empty, never a slash). */
const SEGMENT = '([^/]+)';

/** Patterns of the route paths (query string removed, trailing slash removed), capturing the path parameters. */
export const ROUTE_PATTERNS = {
  health: new RegExp(`^${API_PREFIX}/health$`),
  catalog: new RegExp(`^${API_PREFIX}/catalog$`),
  tableSchema: new RegExp(`^${API_PREFIX}/databases/${SEGMENT}/tables/${SEGMENT}$`),
  queries: new RegExp(`^${API_PREFIX}/queries$`),
  query: new RegExp(`^${API_PREFIX}/queries/${SEGMENT}$`),
  events: new RegExp(`^${API_PREFIX}/events$`),
} as const;
