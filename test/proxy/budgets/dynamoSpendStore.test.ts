/**
 * DynamoSpendStore with the real DynamoDB client against moto_server: counts shared by two instances (two Lambda
 * instances), every add counted (UpdateItem ADD), days apart, and the TTL attribute set two days ahead.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoSpendStore } from '../../../proxy/src/budgets';
import { motoAvailable, startMoto, type Moto } from '../../../testing/motoServer';

if (!motoAvailable)
  console.warn('SKIPPING the DynamoDB spend store tests: moto_server is not on PATH (pip install "moto[server]").');
const itWithMoto = motoAvailable ? it : it.skip;

const TABLE = 'budget-spend';
let moto: Moto | undefined;
let dynamo: DynamoDBClient;
beforeAll(async () => {
  if (!motoAvailable) return;
  moto = await startMoto();
  dynamo = new DynamoDBClient(moto.clientConfig);
  // The table as infra/template.yaml declares it (BudgetSpendTable).
  await dynamo.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await dynamo.send(
    new UpdateTimeToLiveCommand({
      TableName: TABLE,
      TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
    }),
  );
});
afterAll(async () => {
  dynamo?.destroy();
  await moto?.stop();
});

const instance = () => new DynamoSpendStore({ client: new DynamoDBClient(moto!.clientConfig), tableName: TABLE });

describe('DynamoSpendStore against moto_server', () => {
  // Adds run one after another: moto_server does not serialize concurrent updates of one item (20 concurrent ADDs
  // of 5 counted 90 in one run), so that atomicity is DynamoDB's documented guarantee, not something moto can show.
  itWithMoto('shares counts between instances, each add counted', async () => {
    const [a, b] = [instance(), instance()];
    expect(await a.spent(['caller:ana', 'table:lake.events'], '2026-12-07')).toEqual([0, 0]);
    for (let i = 0; i < 20; i++) await (i % 2 ? a : b).add(['caller:ana', 'table:lake.events'], '2026-12-07', 5);
    expect(await b.spent(['table:lake.events', 'caller:ana', 'caller:bo'], '2026-12-07')).toEqual([100, 100, 0]);
    expect(await a.spent(['caller:ana'], '2026-12-08')).toEqual([0]);
  });

  itWithMoto('sets the TTL attribute two days after the start of the counted day', async () => {
    await instance().add(['table:lake.ttl'], '2026-12-07', 1);
    const item = await dynamo.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'table:lake.ttl#2026-12-07' } } }),
    );
    expect(item.Item?.expires?.N).toBe(String(Date.parse('2026-12-09T00:00:00Z') / 1000));
    expect(item.Item?.spent?.N).toBe('1');
  });
});
