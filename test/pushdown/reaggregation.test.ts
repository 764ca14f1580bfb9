/**
 * Property: re-aggregation cannot lie (docs/fields.md#re-aggregation). For random tables, random requested and
 * charted dimension subsets (the chart may group by fewer dimensions than getData returned, as when Looker Studio
 * rolls a day up to a month or reuses a cached request) and every aggregation an editor can pick on every metric
 * the schema emits, Looker Studio's computation over the proxy's rows equals the same aggregation computed by
 * DuckDB over the raw rows. Also proves the check has teeth: a schema that lets an editor pick AVG of pushed-down
 * sums is caught.
 *
 * REAGG_RUNS (default 1000) and REAGG_SEED make a run reproducible; fast-check prints the seed of a failure.
 */
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { LookerField } from '../../protocol/contract';
import { checkCase, randomCase, type ReaggregationCase } from './reaggregationCases';

const RUNS = Number(process.env.REAGG_RUNS ?? 1000);
const SEED = process.env.REAGG_SEED === undefined ? undefined : Number(process.env.REAGG_SEED);

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
  await connection.run('CREATE SCHEMA lake');
});
afterAll(() => {
  connection?.closeSync();
  instance?.closeSync();
});

const run = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJS() as unknown[][];

describe('re-aggregation of pushed-down rows', () => {
  it(`every selectable aggregation equals the raw-row answer (${RUNS} random cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(randomCase(), async (c) => {
        const problems = await checkCase(c, run, (fields) => fields);
        if (problems.length > 0) throw new Error(problems.slice(0, 5).join('\n'));
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
  }, 300_000);

  it('catches a schema that lets an editor change the aggregation of a pushed-down sum', async () => {
    // The schema before this issue: `x` a re-aggregatable SUM of the engine's per-group sums.
    const lying = (fields: LookerField[]) =>
      fields.map((field) => {
        if (field.formula === undefined || !/^SUM\(\$[A-Za-z0-9_]+__sum\)$/.test(field.formula)) return field;
        const { formula: _formula, ...rest } = field;
        return {
          ...rest,
          defaultAggregationType: 'SUM' as const,
          semantics: { ...field.semantics, isReaggregatable: true },
        };
      });
    let caught = 0;
    await fc.assert(
      fc.asyncProperty(randomCase({ aggregate: true }), async (c: ReaggregationCase) => {
        if ((await checkCase(c, run, lying)).length > 0) caught++;
      }),
      { numRuns: 100, seed: 12 },
    );
    expect(caught).toBeGreaterThan(10);
  }, 120_000);
});
