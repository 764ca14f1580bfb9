/**
 * Golden contract, connector side: the connector's encoder produces the fixture requests of test/contract/*.json
 * and its decoder accepts the fixture responses (the proxy side asserts the same files in
 * test/contract/proxyContract.test.ts, so the two cannot drift apart).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogResponse, TableSchemaResponse } from '../../protocol/contract';
import { storeCredentials } from '../../connector/src/auth/auth';
import { buildConfigStep } from '../../connector/src/config/configSteps';
import { parseConnectorConfig } from '../../connector/src/config/connectorConfig';
import { toGetDataResponse } from '../../connector/src/data/dataResponse';
import { adviseOnProxyError, ProxyResponseError } from '../../connector/src/errors';
import type { GetDataRequest } from '../../connector/src/lookerTypes';
import type { HttpRequest } from '../../connector/src/ports';
import { ProxyClient } from '../../connector/src/client/proxyClient';
import { parseProxyUrl } from '../../connector/src/client/proxyEndpoint';
import { buildQuerySpec } from '../../connector/src/data/querySpec';
import { runQuery } from '../../connector/src/client/queryRunner';
import { describeSchema } from '../../connector/src/data/schema';
import { createFakeWorld, json, storeTestCredentials, TEST_CREDENTIALS, type Route } from './fakeServices';

interface Fixture {
  request: { method: string; path: string; query?: Record<string, string>; body?: unknown };
  response: { status: number; body: unknown };
}

const DIR = join(__dirname, '..', 'contract');
const fixtures: Record<string, Fixture> = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(DIR, f), 'utf8'))]),
);

/** The request as the fixture writes it: method, route below the base URL, decoded query. */
function asFixtureRequest(request: HttpRequest): Fixture['request'] {
  const [route, rawQuery] = request.url.replace(/^https:\/\/[^/]+\/prod/, '').split('?');
  const query = rawQuery
    ? Object.fromEntries(rawQuery.split('&').map((p) => p.split('=').map(decodeURIComponent)))
    : undefined;
  return {
    method: request.method.toUpperCase(),
    path: route,
    ...(query ? { query } : {}),
    ...(request.payload !== undefined ? { body: JSON.parse(request.payload) } : {}),
  };
}

/** Answers exactly the given fixtures' requests with their responses, anything else with a test failure. */
function serving(...names: string[]): Route {
  return (request) => {
    const asked = asFixtureRequest(request);
    const fixture = names
      .map((n) => fixtures[n])
      .find((f) => JSON.stringify(pick(f.request)) === JSON.stringify(pick(asked)));
    if (!fixture) throw new Error(`no fixture for ${JSON.stringify(asked)}`);
    return json(fixture.response.status, fixture.response.body);
  };
}
const pick = (r: Fixture['request']) => ({ method: r.method, path: r.path, query: r.query });

function worldServing(...names: string[]) {
  const route = serving(...names);
  const world = createFakeWorld({ '': route });
  storeTestCredentials(world);
  const client = new ProxyClient(
    world.services,
    TEST_CREDENTIALS,
    parseProxyUrl(TEST_CREDENTIALS.path),
    world.clock.now + 270_000,
  );
  return { world, client };
}

const succeeded = fixtures['query-succeeded'];
const lookerRequest: GetDataRequest = {
  configParams: { database: 'lake', table: 'food_delivery_1_0_0', dateColumn: 'dt' },
  dateRange: { startDate: '2026-10-20', endDate: '2026-10-22' },
  fields: [
    { name: 'status' },
    { name: 'deliverytimestamp_date' },
    { name: 'record_count' },
    { name: 'city', forFilterOnly: true },
  ],
  dimensionsFilters: [[{ fieldName: 'city', values: ['Berlin', 'Lisbon'], type: 'INCLUDE', operator: 'IN_LIST' }]],
};

describe('connector encoder produces the golden requests', () => {
  it('query-succeeded: a Looker getData request becomes exactly the fixture QuerySpec', () => {
    expect(buildQuerySpec(lookerRequest, parseConnectorConfig(lookerRequest.configParams))).toStrictEqual(
      succeeded.request.body,
    );
  });

  it('error-unknown-field: the same with an unknown field', () => {
    const request = { ...lookerRequest, fields: [{ name: 'nope' }] };
    expect(buildQuerySpec(request, parseConnectorConfig(request.configParams))).toStrictEqual(
      fixtures['error-unknown-field'].request.body,
    );
  });

  it('table-schema and table-schema-raw: getSchema asks exactly the fixture routes', () => {
    for (const [name, rawRows] of [
      ['table-schema', 'false'],
      ['table-schema-raw', 'true'],
    ]) {
      const { world, client } = worldServing(name);
      const config = parseConnectorConfig({ database: 'lake', table: 'payment_requested_1_0_0', rawRows });
      expect(describeSchema(client, config).schema).toEqual(
        (fixtures[name].response.body as TableSchemaResponse).fields,
      );
      expect(asFixtureRequest(world.requests[0])).toEqual(fixtures[name].request);
    }
  });
});

describe('connector decoder accepts the golden responses', () => {
  it('query-succeeded + query-page: page 0 and its cursor page become one getData response', () => {
    const { world, client } = worldServing('query-succeeded', 'query-page');
    const spec = buildQuerySpec(lookerRequest, parseConnectorConfig(lookerRequest.configParams));
    const response = toGetDataResponse(spec, runQuery(client, spec, world.services));
    const page0 = succeeded.response.body as { rows: unknown[][]; schema: unknown };
    const page1 = fixtures['query-page'].response.body as { rows: unknown[][] };
    expect(response).toEqual({
      schema: page0.schema,
      rows: [...page0.rows, ...page1.rows].map((values) => ({ values })),
      filtersApplied: true,
    });
    expect(world.requests.map(asFixtureRequest).map(pick)).toEqual([
      pick(succeeded.request),
      pick(fixtures['query-page'].request),
    ]);
  });

  it('query-pending: the connector waits at least retryAfterMs, then polls the query id', () => {
    const pending = fixtures['query-pending'].response.body as { queryId: string; retryAfterMs: number };
    const world = createFakeWorld({
      'POST /prod/v1/queries': () => json(202, pending),
      [`GET /prod/v1/queries/${pending.queryId}`]: () => json(200, succeeded.response.body),
      [`GET /prod${fixtures['query-page'].request.path}`]: serving('query-page'),
    });
    const client = new ProxyClient(
      world.services,
      TEST_CREDENTIALS,
      parseProxyUrl(TEST_CREDENTIALS.path),
      world.clock.now + 60_000,
    );
    runQuery(
      client,
      { database: 'lake', table: 'food_pickup_1_0_0', fields: [{ name: 'city' }, { name: 'record_count' }] },
      world.services,
    );
    expect(world.sleeps[0]).toBeGreaterThanOrEqual(pending.retryAfterMs);
    expect(world.requests[1].url).toMatch(new RegExp(`/v1/queries/${pending.queryId}$`));
  });

  it('health: setCredentials accepts the golden health answer', () => {
    const world = createFakeWorld({ '': serving('health') });
    const input = {
      path: TEST_CREDENTIALS.path,
      username: TEST_CREDENTIALS.accessKeyId,
      password: TEST_CREDENTIALS.secretAccessKey,
    };
    expect(storeCredentials({ pathUserPass: input }, world.services)).toEqual({ errorCode: 'NONE' });
  });

  it('catalog + table-schema: the config steps offer the fixture databases, tables and date columns', () => {
    const catalog = fixtures.catalog.response.body as CatalogResponse;
    const schema = fixtures['table-schema'].response.body as TableSchemaResponse;
    const step = buildConfigStep(
      { database: 'lake', table: 'payment_requested_1_0_0' },
      { catalog: () => catalog, tableSchema: () => schema },
    );
    const [database, table, dateColumn] = step.entries.map((e) =>
      e.kind === 'select' ? e.options.map((o) => o.value) : [],
    );
    expect(database).toEqual(['lake']);
    expect(table).toEqual(catalog.databases[0].tables);
    expect(dateColumn).toEqual(
      [...new Set([schema.defaultDateColumn, ...schema.dateColumns])].filter(Boolean).concat('(none)'),
    );
  });

  it('error-unknown-field: the error body becomes advice naming the field, details for admins', () => {
    const { client } = worldServing('error-unknown-field');
    let error: unknown;
    try {
      client.send({ method: 'post', path: '/v1/queries', body: fixtures['error-unknown-field'].request.body });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProxyResponseError);
    const advice = adviseOnProxyError(error as ProxyResponseError);
    expect(advice.userText).toMatch(/"nope".*Refresh fields/);
    expect(JSON.parse(advice.debugText)).toMatchObject({ code: 'UNKNOWN_FIELD', details: { field: 'nope' } });
  });
});
