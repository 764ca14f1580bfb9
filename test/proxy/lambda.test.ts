/**
 * The Lambda entry point end to end: API Gateway REST events → handler → Athena engine → the real AWS SDK clients
 * → the loopback Athena API double (which runs the SQL on DuckDB over a sample lake). The same request through the
 * local DuckDB proxy must give the same rows: one service, two engines.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { generateSampleLake } from '../../tools/sampleLake/sampleData';
import { callerFromRequestContext } from '../../proxy/src/lambda';
import type { ProxyHandler } from '../../proxy/src/http/handler';
import { ForbiddenError } from '../../proxy/src/errors';
import { signedFetch } from '../../tools/signing/signedFetch';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { apiGatewayEvent, useLambdaWorld } from './lambdaWorld';

const ARN = 'arn:aws:iam::123456789012:user/looker-connector';

const event = (
  method: string,
  path: string,
  body?: unknown,
  identity: Record<string, string | null> = { userArn: ARN },
): APIGatewayProxyEvent => apiGatewayEvent(method, path, body, identity);

const logs: string[] = [];
const world = useLambdaWorld({
  prefix: 'lambda-test',
  writeLake: (lakeDir) => generateSampleLake({ out: lakeDir, rows: 5000, days: 30 }),
  log: (line) => void logs.push(line),
});
const handler: ProxyHandler = (e) => world.handler()(e);
const double = () => world.double();
let local: TestProxy;

beforeAll(async () => {
  local = await startTestProxy({ lakeDir: world.lakeDir() });
});

afterAll(async () => {
  await local.stop();
});

describe('Lambda handler on the Athena engine', () => {
  it('trusts the identity API Gateway verified', async () => {
    const res = await handler(event('GET', '/v1/health'));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', version: 'v1', engine: 'athena', identity: ARN });
  });

  it('refuses events without an IAM identity (an API deployed without AWS_IAM auth)', async () => {
    const res = await handler(event('GET', '/v1/health', undefined, { userArn: null, caller: null, accessKey: null }));
    expect(res.statusCode).toBe(403);
    expect(() => callerFromRequestContext(event('GET', '/v1/health', undefined, {}))).toThrow(ForbiddenError);
  });

  it('answers a query with the same rows as the local DuckDB proxy', async () => {
    const spec = {
      database: 'lake',
      table: 'payment_requested_1_0_0',
      fields: [{ name: 'currency' }, { name: 'record_count' }, { name: 'amount' }],
      dateRange: { startDate: '2026-10-10', endDate: '2026-10-20' },
      dateColumn: 'dt',
    };
    const viaLambda = await handler(event('POST', '/v1/queries', spec));
    expect(viaLambda.statusCode).toBe(200);
    const viaLocal = await signedFetch(local.url, TEST_CREDENTIALS, {
      method: 'POST',
      path: '/v1/queries',
      body: JSON.stringify(spec),
    });
    const lambdaBody = JSON.parse(viaLambda.body);
    // Grouped rows come ordered by their dimensions on both engines; sums of doubles may differ in the last bits
    // because the engines add in different orders.
    expect(lambdaBody.rows.map((r: unknown[]) => r.slice(0, 2))).toEqual(
      viaLocal.json.rows.map((r: unknown[]) => r.slice(0, 2)),
    );
    lambdaBody.rows.forEach((row: number[], i: number) => expect(row[2]).toBeCloseTo(viaLocal.json.rows[i][2], 6));
    expect(lambdaBody.stats.engine).toBe('athena');
    expect(logs.some((l) => l.includes('"event":"query"'))).toBe(true);
  });

  it('maps a bad spec to a 400 without touching Athena', async () => {
    const before = double().executionCount();
    const res = await handler(
      event('POST', '/v1/queries', { database: 'lake', table: 'payment_requested_1_0_0', fields: [{ name: 'nope' }] }),
    );
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('UNKNOWN_FIELD');
    expect(double().executionCount()).toBe(before);
  });
});
