/**
 * Access rules and caller-bound query ids on the Athena engine: the Lambda handler with PROXY_ACCESS_RULES and
 * PROXY_TOKEN_SECRET from its environment, the real AWS SDK clients and the loopback Athena API double. Two
 * handler instances with the same secret accept each other's query ids (Lambda instances share the secret).
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ProxyHandler } from '../../proxy/src/http/handler';
import { generateSampleLake } from '../../tools/sampleLake/sampleData';
import { apiGatewayEvent, useLambdaWorld } from './lambdaWorld';

const EU = 'arn:aws:iam::123456789012:user/eu-reader';
const ALL = 'arn:aws:iam::123456789012:user/all-reader';
const RULES = JSON.stringify({
  rules: [
    {
      name: 'eu',
      who: [EU.toLowerCase()],
      tables: ['lake.food_delivery_1_0_0'],
      rowFilters: { 'lake.food_delivery_1_0_0': [{ column: 'status', operator: 'EQUALS', values: ['delivered'] }] },
    },
  ],
});

const event = (method: string, path: string, userArn: string, body?: unknown): APIGatewayProxyEvent =>
  apiGatewayEvent(method, path, body, { userArn });

const world = useLambdaWorld({
  prefix: 'lambda-rules',
  writeLake: (lakeDir) => generateSampleLake({ out: lakeDir, rows: 2000, days: 10 }),
  env: { PROXY_ACCESS_RULES: RULES, PROXY_TOKEN_SECRET: 'x'.repeat(48), PROXY_WAIT_BUDGET_MS: '0' },
  handlers: 2,
});
const handlers: ProxyHandler[] = [(e) => world.handler(0)(e), (e) => world.handler(1)(e)];

const query = {
  database: 'lake',
  table: 'food_delivery_1_0_0',
  fields: [{ name: 'status' }, { name: 'record_count' }],
};

async function result(handler: ProxyHandler, userArn: string) {
  const started = await handler(event('POST', '/v1/queries', userArn, query));
  let body = JSON.parse(started.body);
  for (let i = 0; started.statusCode === 202 && body.state !== 'SUCCEEDED' && i < 200; i++) {
    await new Promise((r) => setTimeout(r, 20));
    body = JSON.parse(
      (await handlers[1](event('GET', `/v1/queries/${encodeURIComponent(body.queryId)}`, userArn))).body,
    );
  }
  return body;
}

describe('Lambda access rules on the Athena engine', () => {
  it('applies the row filter from PROXY_ACCESS_RULES, and polls across instances sharing PROXY_TOKEN_SECRET', async () => {
    const eu = await result(handlers[0], EU);
    expect(eu.rows.length).toBeGreaterThan(0);
    expect(eu.rows.every((row: unknown[]) => row[0] === 'delivered')).toBe(true);
  });

  it('answers 403 ACCESS_DENIED to an identity no rule matches', async () => {
    const res = await handlers[0](event('POST', '/v1/queries', ALL, query));
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).error.code).toBe('ACCESS_DENIED');
  });

  it('refuses a query id issued to another identity with 404', async () => {
    const started = JSON.parse((await handlers[0](event('POST', '/v1/queries', EU, { ...query, limit: 7 }))).body);
    const stolen = await handlers[1](event('GET', `/v1/queries/${encodeURIComponent(started.queryId)}`, ALL));
    expect(stolen.statusCode).toBe(404);
  });
});
