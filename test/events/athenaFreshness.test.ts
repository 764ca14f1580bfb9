/**
 * Freshness on the Athena path: the Lambda handler's Athena engine reads the Glue tables GENERATED from the event
 * schemas (served by the Athena double through the same GetTable/GetTables calls), and events landed for a new
 * day are in the very next query with the cache bypassed: partition projection, no crawler, no MSCK REPAIR.
 */
import { promises as fs } from 'node:fs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { EVENT_SCHEMAS } from '../../events/schemas';
import { createTracker, localSink, tableNameOf } from '../../events/src';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import type { ProxyHandler } from '../../proxy/src/http/handler';
import { createLambdaHandler } from '../../proxy/src/lambda';
import { glueTableInput } from '../../tools/glueTables/glueTables';
import { makeTempDir } from '../proxy/engines/duckdb/helpers';
import { startAthenaDouble, type AthenaDouble } from '../../tools/athenaDouble/server';

const DAY1 = '2026-11-01';
const DAY2 = '2026-11-02';
const NOW = Date.parse(`${DAY2}T12:00:00Z`);

function apiEvent(method: string, path: string, body?: unknown): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    resource: '/v1/{proxy+}',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      identity: { userArn: 'arn:aws:iam::123456789012:user/t' },
      stage: 'prod',
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

const payment = (eventId: string, day: string, amount: number) => ({
  type: 'payment-requested',
  version: '1.0.0',
  eventId,
  createdAt: `${day} 10:00`,
  amount,
  customerId: 7,
  purchaseId: 1000 + amount,
  currency: 'EUR',
});

let lake: string;
let duckdb: DuckDbEngine;
let double: AthenaDouble;
let handler: ProxyHandler;
const track = () => createTracker({ sink: localSink(lake), now: () => NOW });

beforeAll(async () => {
  lake = await makeTempDir('athena-fresh');
  await track()([payment('p-1', DAY1, 500)]);
  duckdb = await createDuckDbEngine({ lakeDir: lake, database: 'lake' });
  const declared = Object.fromEntries(
    EVENT_SCHEMAS.map((s) => [tableNameOf(s), glueTableInput(s, 'json', `s3://lake/${s.type}-${s.version}/`)]),
  );
  double = await startAthenaDouble({ engine: duckdb, declaredGlueTables: declared });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  handler = await createLambdaHandler(
    { ATHENA_WORKGROUP: double.workGroup, ATHENA_DATABASES: 'lake', AWS_REGION: 'us-east-1' },
    { awsClientConfig: double.clientConfig },
  );
});
afterAll(async () => {
  jest.restoreAllMocks();
  await double.close();
  await duckdb.close();
  await fs.rm(lake, { recursive: true, force: true });
});

async function amountOn(day: string): Promise<unknown[][]> {
  const spec = {
    database: 'lake',
    table: 'payment_requested_1_0_0',
    fields: [{ name: 'currency' }, { name: 'amount' }],
    dateColumn: 'dt',
    dateRange: { startDate: day, endDate: day },
    lastRefresh: new Date().toISOString(),
  };
  const res = await handler(apiEvent('POST', '/v1/queries', spec));
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body).rows;
}

describe('new events through the Athena engine and the generated Glue tables', () => {
  it('describes the table as the schema declares it, comments included', async () => {
    const res = await handler(apiEvent('GET', '/v1/databases/lake/tables/payment_requested_1_0_0'));
    expect(res.statusCode).toBe(200);
    const fields = JSON.parse(res.body).fields as { name: string; description: string }[];
    const amountUsd = fields.find((f) => f.name === 'amount_usd');
    expect(amountUsd?.description).toMatch(/decimal\(12,2\).*Amount converted to US dollars/);
    expect(double.calls('AWSGlue.GetTable') + double.calls('AWSGlue.GetTables')).toBeGreaterThan(0);
  });

  it('sees events of a new day in the next query, cache bypassed', async () => {
    expect(await amountOn(DAY1)).toEqual([['EUR', 500]]);
    expect(await amountOn(DAY2)).toEqual([]);
    expect((await track()([payment('p-2', DAY2, 250), payment('p-3', DAY2, 125)])).accepted).toBe(2);
    expect(await amountOn(DAY2)).toEqual([['EUR', 375]]);
  });
});
