/**
 * The 20-field split (docs/fields.md#more-than-20-fields): "If more than 20 fields are in the request, then
 * multiple getData requests will be sent … grouped by 20 fields at a time" (connector reference). A chart on a
 * wide table asks for its dimensions and every hidden partial its formulas reference; the BUILT bundle in the
 * Apps Script harness answers each group of at most 20 fields (each carrying the chart's dimensions: Google does
 * not document the join key, so the split keeps what a join needs), and the groups re-joined on the dimension
 * values equal one request of all fields.
 */
import type { GetDataResponse, GetSchemaResponse } from '../../connector/src/lookerTypes';
import type { LookerValue } from '../../protocol/contract';
import { startE2eEnvironment, type E2eEnvironment } from './e2eEnvironment';
import { RIDES_TABLE, writeRidesLake } from './ridesLake';

const LOOKER_FIELD_GROUP = 20;
const DIMENSIONS = ['dt', 'city'];
const configParams = { database: 'lake', table: RIDES_TABLE, dateColumn: '(none)' };

let env: E2eEnvironment;
beforeAll(async () => {
  env = await startE2eEnvironment({ waitBudgetMs: 5000 }, writeRidesLake);
});
afterAll(() => env?.close());

/** The field groups of one chart's request: the dimensions plus up to 20 − dimensions other fields each. */
function splitFields(dimensions: string[], metrics: string[]): string[][] {
  const room = LOOKER_FIELD_GROUP - dimensions.length;
  const groups: string[][] = [];
  for (let i = 0; i < metrics.length; i += room) groups.push([...dimensions, ...metrics.slice(i, i + room)]);
  return groups;
}

/** Rows keyed by their dimension values, each a map from field id to value. */
function rowsByDimensions(response: GetDataResponse): Map<string, Map<string, LookerValue>> {
  const ids = response.schema.map((field) => field.name);
  const keyed = new Map<string, Map<string, LookerValue>>();
  for (const row of response.rows) {
    const key = JSON.stringify(DIMENSIONS.map((dim) => row.values[ids.indexOf(dim)]));
    expect(keyed.has(key)).toBe(false); // one row per dimension combination, or the join is ambiguous
    keyed.set(key, new Map(ids.map((id, i) => [id, row.values[i]])));
  }
  return keyed;
}

describe('a request of more than 20 fields, split the way Looker Studio splits it', () => {
  it('answers each group with the same rows, and the re-joined groups equal one request of all fields', () => {
    const world = env.world();
    const schema = world.connector.invoke<GetSchemaResponse>('getSchema', { configParams }).schema;
    // What Looker Studio asks getData for: fields without a formula (the hidden partials the formulas reference).
    const metrics = schema
      .filter((f) => f.semantics.conceptType === 'METRIC' && !f.formula && !f.name.startsWith('query_'))
      .map((f) => f.name);
    const getData = (fields: string[]) =>
      world.connector.invoke<GetDataResponse>('getData', { configParams, fields: fields.map((name) => ({ name })) });
    expect(DIMENSIONS.length + metrics.length).toBe(31); // docs/fields.md#more-than-20-fields names this request

    const whole = rowsByDimensions(getData([...DIMENSIONS, ...metrics]));
    const groups = splitFields(DIMENSIONS, metrics);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.every((group) => group.length <= LOOKER_FIELD_GROUP)).toBe(true);
    const joined = new Map<string, Map<string, LookerValue>>();
    for (const group of groups) {
      const part = rowsByDimensions(getData(group));
      expect([...part.keys()].sort()).toEqual([...whole.keys()].sort());
      for (const [key, values] of part) joined.set(key, new Map([...(joined.get(key) ?? []), ...values]));
    }
    expect(whole.size).toBeGreaterThan(3);
    for (const [key, values] of whole) expect(Object.fromEntries(joined.get(key)!)).toEqual(Object.fromEntries(values));
  });
});
