/**
 * A request whose every field is forFilterOnly (and every filter applies) is answered, not rejected: no schema
 * fields, and one empty row per row — or, with pushdown, per group — that the filtered fields have
 * (docs/fields.md#filter-only-requests). Checked against DuckDB over the same lake.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { QuerySpec } from '../../protocol/contract';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../tools/localProxy/testProxy';
import { withDuckDb } from '../proxy/engines/duckdb/helpers';
import { fetchRows } from './fetchRows';
import { createPushdownLake, PUSHDOWN_TABLE } from './pushdownLake';

let tempDir: string;
let folder: string;
let proxy: TestProxy;

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'filter-only-'));
  folder = await createPushdownLake(tempDir);
  proxy = await startTestProxy({ lakeDir: tempDir });
});
afterAll(async () => {
  await proxy?.stop();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

const spec = (aggregate: boolean): QuerySpec => ({
  database: 'lake',
  table: PUSHDOWN_TABLE,
  fields: [
    { name: 'city', forFilterOnly: true },
    { name: 'channel', forFilterOnly: true },
  ],
  dimensionsFilters: [
    [{ fieldName: 'city', type: 'INCLUDE', operator: 'IN_LIST', values: ['Berlin', 'Oslo'] }],
    [{ fieldName: 'channel', type: 'EXCLUDE', operator: 'EQUALS', values: ['web'] }],
  ],
  aggregate,
});

describe('forFilterOnly-only requests', () => {
  it.each([
    [
      true,
      "SELECT count(*) FROM (SELECT DISTINCT city, channel FROM t WHERE city IN ('Berlin', 'Oslo') AND (channel IS NULL OR channel <> 'web'))",
    ],
    [false, "SELECT count(*) FROM t WHERE city IN ('Berlin', 'Oslo') AND (channel IS NULL OR channel <> 'web')"],
  ])('aggregate=%s: empty schema, one empty row per filtered row or group', async (aggregate, countSql) => {
    const result = await fetchRows(proxy.url, TEST_CREDENTIALS, spec(aggregate));
    const expected = await withDuckDb(async (run) => {
      await run(`CREATE VIEW t AS SELECT * FROM read_parquet('${folder}/**/*.parquet', hive_partitioning = true)`);
      return Number((await run(countSql))[0][0]);
    });
    expect(result.filtersApplied).toBe(true);
    expect(result.schema).toEqual([]);
    expect(expected).toBeGreaterThan(0);
    expect(result.rows).toHaveLength(expected);
    expect(result.rows.every((row) => Array.isArray(row) && row.length === 0)).toBe(true);
  });
});
