import type { QueryResultResponse, QuerySpec } from '../../../protocol/contract';
import { ConnectorError } from '../../../connector/src/errors';
import { ProxyClient } from '../../../connector/src/client/proxyClient';
import { parseProxyUrl } from '../../../connector/src/client/proxyEndpoint';
import { PAGE_BATCH_SIZE, runQuery } from '../../../connector/src/client/queryRunner';
import { createFakeWorld, json, TEST_CREDENTIALS, type Route } from '../fakeServices';

const spec: QuerySpec = { database: 'lake', table: 't', fields: [{ name: 'city' }, { name: 'orders' }] };
const schema: QueryResultResponse['schema'] = [
  { name: 'city', dataType: 'STRING' },
  { name: 'orders', dataType: 'NUMBER' },
];
const stats = {
  engine: 'duckdb',
  bytesScanned: 10,
  engineMs: 1,
  queueMs: 0,
  reusedPreviousResult: false,
  cached: false,
} as const;

/** `pages[i]` holds the rows of page i. */
function result(
  pages: QueryResultResponse['rows'][],
  index: number,
  overrides: Partial<QueryResultResponse> = {},
): QueryResultResponse {
  const totalRows = pages.reduce((n, p) => n + p.length, 0);
  return {
    queryId: 'q-1',
    state: 'SUCCEEDED',
    schema,
    rows: pages[index],
    filtersApplied: true,
    page: { index, count: pages.length, totalRows },
    ...(index === 0 && pages.length > 1 ? { cursors: pages.slice(1).map((_, i) => `c${i + 1}`) } : {}),
    stats,
    ...overrides,
  };
}

function run(routes: Record<string, Route>, budgetMs = 270_000) {
  const world = createFakeWorld(routes);
  const client = new ProxyClient(
    world.services,
    TEST_CREDENTIALS,
    parseProxyUrl(TEST_CREDENTIALS.path),
    world.clock.now + budgetMs,
  );
  return { world, outcome: () => runQuery(client, spec, world.services) };
}

/** Serves page n for `?cursor=cn`. */
const pageRoute =
  (pages: QueryResultResponse['rows'][]): Route =>
  (request) => {
    const cursor = /cursor=c(\d+)/.exec(request.url);
    return cursor
      ? json(200, result(pages, Number(cursor[1])))
      : json(200, { queryId: 'q-1', state: 'RUNNING', retryAfterMs: 0 });
  };

describe('runQuery', () => {
  it('returns a one-page result straight from POST /v1/queries, sending the spec as the body', () => {
    const { world, outcome } = run({ 'POST /prod/v1/queries': () => json(200, result([[['Oslo', 3]]], 0)) });
    expect(outcome()).toEqual({ queryId: 'q-1', schema, rows: [['Oslo', 3]], filtersApplied: true });
    expect(JSON.parse(world.requests[0].payload ?? '')).toEqual(spec);
    expect(world.logs.join('\n')).toMatch(/q-1: 1 rows in 1 page/);
  });

  it('polls a 202 with growing delays that respect retryAfterMs, then returns the result', () => {
    const { world, outcome } = run({
      'POST /prod/v1/queries': () => json(202, { queryId: 'q-1', state: 'QUEUED', retryAfterMs: 100 }),
      'GET /prod/v1/queries/q-1': (_, attempt) =>
        attempt < 4
          ? json(202, { queryId: 'q-1', state: 'RUNNING', retryAfterMs: attempt === 2 ? 2000 : 100 })
          : json(200, result([[['Oslo', 3]]], 0)),
    });
    expect(outcome().rows).toEqual([['Oslo', 3]]);
    expect(world.sleeps).toEqual([250, 375, 2000, 844]);
  });

  it('stops polling before the deadline with a user error naming the query id', () => {
    const { world, outcome } = run(
      {
        'POST /prod/v1/queries': () => json(202, { queryId: 'q-slow', state: 'RUNNING', retryAfterMs: 1000 }),
        'GET /prod/v1/queries/q-slow': () => json(202, { queryId: 'q-slow', state: 'RUNNING', retryAfterMs: 1000 }),
      },
      30_000,
    );
    expect(outcome).toThrow(/Query q-slow is still running/);
    expect(world.sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(30_000);
  });

  it('fetches the remaining pages by cursor in parallel batches and concatenates them in page order', () => {
    const pages = Array.from({ length: 9 }, (_, i) => [[`city${i}`, i]]);
    const { world, outcome } = run({
      'POST /prod/v1/queries': () => json(200, result(pages, 0)),
      'GET /prod/v1/queries/q-1': pageRoute(pages),
    });
    expect(outcome().rows).toEqual(pages.flat());
    expect(world.batches).toEqual([1, PAGE_BATCH_SIZE, 8 - PAGE_BATCH_SIZE]);
  });

  it('fails instead of returning partial data when a page is missing', () => {
    const pages = [[['a', 1]], [['b', 2]], [['c', 3]]];
    const { outcome } = run({
      'POST /prod/v1/queries': () => json(200, result(pages, 0)),
      'GET /prod/v1/queries/q-1': (request) =>
        request.url.includes('cursor=c2')
          ? json(404, { error: { code: 'UNKNOWN_QUERY', message: 'Unknown or expired query "q-1".' } })
          : pageRoute(pages)(request, 1),
    });
    expect(outcome).toThrow(expect.objectContaining({ code: 'UNKNOWN_QUERY' }));
  });

  it.each([
    ['a page numbered wrongly', (pages: QueryResultResponse['rows'][]) => json(200, result(pages, 2))],
    [
      'a page with another schema',
      (pages: QueryResultResponse['rows'][]) => json(200, result(pages, 1, { schema: schema.slice(0, 1) })),
    ],
    [
      'a page that is short of rows',
      (pages: QueryResultResponse['rows'][]) => json(200, result(pages, 1, { rows: [] })),
    ],
    ['a page that is still pending', () => json(202, { queryId: 'q-1', state: 'RUNNING', retryAfterMs: 0 })],
  ])('fails on %s', (_, answer) => {
    const pages = [[['a', 1]], [['b', 2]]];
    const { outcome } = run({
      'POST /prod/v1/queries': () => json(200, result(pages, 0)),
      'GET /prod/v1/queries/q-1': () => answer(pages),
    });
    expect(outcome).toThrow(ConnectorError);
  });

  it('fails when page 0 announces more pages than it has cursors for', () => {
    const { outcome } = run({
      'POST /prod/v1/queries': () => json(200, result([[['a', 1]], [['b', 2]]], 0, { cursors: [] })),
    });
    expect(outcome).toThrow(/incomplete result for query q-1/);
  });
});
