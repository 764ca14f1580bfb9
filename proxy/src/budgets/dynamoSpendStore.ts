/**
 * The shared spend store on AWS (docs/budgets.md#on-aws): one DynamoDB item per key and UTC day, `pk` =
 * `<key>#<day>`, its `spent` attribute raised by `UpdateItem` with `ADD`, which DynamoDB applies atomically, so
 * concurrent Lambda instances never lose a count ("Increment counters atomically using ADD",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/example_dynamodb_Scenario_AtomicCounterOperations_section.html).
 * Each item carries an `expires` epoch second two days ahead, the table's TTL attribute, so old days delete themselves.
 */
import { BatchGetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SpendKey, SpendStore } from './spendStore';

export interface DynamoSpendStoreOptions {
  client: DynamoDBClient;
  tableName: string;
}

const DAY_SECONDS = 24 * 60 * 60;

function itemKey(key: SpendKey, day: string): string {
  return `${key}#${day}`;
}

export class DynamoSpendStore implements SpendStore {
  constructor(private readonly options: DynamoSpendStoreOptions) {}

  async spent(keys: readonly SpendKey[], day: string): Promise<number[]> {
    const { client, tableName } = this.options;
    const wanted = keys.map((key) => itemKey(key, day));
    const answer = await client.send(
      new BatchGetItemCommand({
        RequestItems: { [tableName]: { Keys: wanted.map((pk) => ({ pk: { S: pk } })), ConsistentRead: true } },
      }),
    );
    const found = new Map(
      (answer.Responses?.[tableName] ?? []).map((item) => [item.pk?.S ?? '', Number(item.spent?.N ?? '0')]),
    );
    return wanted.map((pk) => found.get(pk) ?? 0);
  }

  async add(keys: readonly SpendKey[], day: string, bytes: number): Promise<void> {
    const { client, tableName } = this.options;
    const expires = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 2 * DAY_SECONDS;
    await Promise.all(
      keys.map((key) =>
        client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: { S: itemKey(key, day) } },
            UpdateExpression: 'ADD spent :bytes SET expires = :expires',
            ExpressionAttributeValues: { ':bytes': { N: String(bytes) }, ':expires': { N: String(expires) } },
          }),
        ),
      ),
    );
  }
}
