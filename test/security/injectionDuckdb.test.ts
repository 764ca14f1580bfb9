/**
 * Compiled fuzz SQL executed on the real DuckDB engine over a generated lake: it always runs (no parser or binder
 * error), DuckDB's own parser sees only the requested table, and hostile strings filter as plain data.
 */
import fc from 'fast-check';
import { compileBody } from '../../tools/fuzz/fuzzCompile';
import { checkExecution, openFuzzLake, runOnEngine, type FuzzLake } from '../../tools/fuzz/fuzzEngine';
import { EVENT_NAMES } from '../../tools/fuzz/fuzzLake';
import { ALL_TABLES, LAKE_TABLES } from '../../tools/fuzz/fuzzTables';
import { checkValueCase, fuzzRuns } from '../../tools/fuzz/injectionChecks';
import { valueCaseArb } from '../../tools/fuzz/specCases';

let lake: FuzzLake;

beforeAll(async () => {
  lake = await openFuzzLake();
});

afterAll(async () => {
  await lake?.close();
});

/**
 * The names of the `events` rows matching one filter clause. Rows are identified by `qty` (row i holds
 * EVENT_NAMES[i] and qty 7·i), so this checks filtering alone; reading text back exactly (including a leading
 * U+FEFF, which the driver's decoder used to drop) is covered by test/proxy/engines/duckdb/engine.test.ts.
 */
async function namesMatching(operator: string, values: string[], type = 'INCLUDE'): Promise<string[]> {
  const outcome = compileBody({
    database: 'lake',
    table: 'events',
    aggregate: false,
    fields: [{ name: 'qty' }],
    dimensionsFilters: [[{ fieldName: 'name', operator, type, values }]],
  });
  if (!outcome.ok) throw new Error(outcome.error.message);
  expect(outcome.compiled.filtersApplied).toBe(true);
  const { status, slice } = await runOnEngine(lake.engine, outcome.compiled.sql);
  expect(status.error).toBeUndefined();
  return (slice?.rows ?? []).map(([qty]) => EVENT_NAMES[Number(qty) / 7]).sort();
}

it('the lake is described exactly as the fuzz catalog says', async () => {
  const lakeTables = ALL_TABLES.filter((t) => t.table !== 'hourly');
  for (const table of lakeTables) expect(await lake.engine.describeTable('lake', table.table)).toEqual(table);
  expect(await lake.engine.listTables('lake')).toEqual(lakeTables.map((t) => t.table).sort());
});

describe('hostile strings are data', () => {
  it.each(EVENT_NAMES.map((name) => [name]))('EQUALS %j finds exactly the row holding it', async (name) => {
    expect(await namesMatching('EQUALS', [name])).toEqual([name]);
  });

  it('EXCLUDE EQUALS of each corpus string keeps every other row', async () => {
    for (const name of EVENT_NAMES.slice(0, 12)) {
      expect(await namesMatching('EQUALS', [name], 'EXCLUDE')).toEqual(EVENT_NAMES.filter((n) => n !== name).sort());
    }
  });

  it('CONTAINS and IN_LIST match like plain string operations', async () => {
    for (const part of ["'", '"', '\\', '--', '/*', '＇', ';']) {
      expect(await namesMatching('CONTAINS', [part])).toEqual(EVENT_NAMES.filter((n) => n.includes(part)).sort());
    }
    expect(await namesMatching('IN_LIST', [...EVENT_NAMES])).toEqual([...EVENT_NAMES].sort());
  });
});

it('sampled fuzz cases run on DuckDB without any error and read only the requested table', async () => {
  const lakeCases = valueCaseArb.filter((c) => LAKE_TABLES.includes(c.skeleton.table));
  let executed = 0;
  await fc.assert(
    fc.asyncProperty(lakeCases, async (c) => {
      const outcome = checkValueCase(c);
      if (!outcome.ok) return;
      executed++;
      await checkExecution(lake, outcome.compiled.sql, c.skeleton.table.table);
    }),
    { numRuns: fuzzRuns(80, 0.1) },
  );
  expect(executed).toBeGreaterThan(0);
});
