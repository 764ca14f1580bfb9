/**
 * Freshness on the Athena path: the Lambda handler's Athena engine reads the Glue tables GENERATED from the event
 * schemas (served by the Athena double through the same GetTable/GetTables calls), and events landed for a new
 * day are in the very next query with the cache bypassed: partition projection, no crawler, no MSCK REPAIR.
 */
import { EVENT_SCHEMAS } from '../../events/schemas';
import { createTracker, localSink, tableNameOf } from '../../events/src';
import type { ProxyHandler } from '../../proxy/src/http/handler';
import { glueTableInput } from '../../tools/glueTables/glueTables';
import { apiGatewayEvent as apiEvent, useLambdaWorld } from '../proxy/lambdaWorld';

const DAY1 = '2026-11-01';
const DAY2 = '2026-11-02';
const NOW = Date.parse(`${DAY2}T12:00:00Z`);

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

const world = useLambdaWorld({
  prefix: 'athena-fresh',
  writeLake: () => track()([payment('p-1', DAY1, 500)]),
  declaredGlueTables: Object.fromEntries(
    EVENT_SCHEMAS.map((s) => [tableNameOf(s), glueTableInput(s, 'json', `s3://lake/${s.type}-${s.version}/`)]),
  ),
});
const track = () => createTracker({ sink: localSink(world.lakeDir()), now: () => NOW });
const handler: ProxyHandler = (event) => world.handler()(event);
const double = () => world.double();

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
    expect(double().calls('AWSGlue.GetTable') + double().calls('AWSGlue.GetTables')).toBeGreaterThan(0);
  });

  it('sees events of a new day in the next query, cache bypassed', async () => {
    expect(await amountOn(DAY1)).toEqual([['EUR', 500]]);
    expect(await amountOn(DAY2)).toEqual([]);
    expect((await track()([payment('p-2', DAY2, 250), payment('p-3', DAY2, 125)])).accepted).toBe(2);
    expect(await amountOn(DAY2)).toEqual([['EUR', 375]]);
  });
});
