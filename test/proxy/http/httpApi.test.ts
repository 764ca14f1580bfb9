/**
 * The proxy through real HTTP, part 1: catalog, schema and queries on a local server (DuckDB engine, SigV4
 * verification) over a generated sample lake. Results are checked against SQL written here by hand and run directly
 * on the lake files. Rejected input and signatures: httpApiRejections.test.ts.
 */
import { join } from 'node:path';
import { signedFetch } from '../../../tools/signing/signedFetch';
import { startTestProxy, TEST_CREDENTIALS } from '../../../tools/localProxy/testProxy';
import { useHttpApiWorld } from './httpApiWorld';

const world = useHttpApiWorld();
const { call, query, reference } = world;

describe('catalog and schema', () => {
  it('health names the verified caller', async () => {
    const res = await call({ method: 'GET', path: '/v1/health' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', version: 'v1', engine: 'duckdb', identity: TEST_CREDENTIALS.accessKeyId });
  });

  it('lists the sample tables with Glue-style names', async () => {
    const res = await call({ method: 'GET', path: '/v1/catalog' });
    expect(res.status).toBe(200);
    expect(res.json.databases).toHaveLength(1);
    expect(res.json.databases[0].name).toBe('lake');
    expect(res.json.databases[0].tables).toEqual(
      expect.arrayContaining(['food_pickup_1_0_0', 'bookstore_purchase_1_0_0', 'app_log_1_0_0']),
    );
  });

  it('serves Looker fields with valid unique ids, in both modes', async () => {
    for (const aggregate of ['true', 'false']) {
      const res = await call({
        method: 'GET',
        path: '/v1/databases/lake/tables/bookstore_purchase_1_0_0',
        query: { aggregate },
      });
      expect(res.status).toBe(200);
      const ids = res.json.fields.map((f: { name: string }) => f.name);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_]+$/);
      expect(ids).toContain('record_count');
      expect(res.json.aggregate).toBe(aggregate === 'true');
      expect(res.json.partitionKeys).toEqual(['dt']);
    }
  });

  it('rejects unknown tables and bad parameters with 400s naming them', async () => {
    const unknown = await call({ method: 'GET', path: '/v1/databases/lake/tables/nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('UNKNOWN_TABLE');
    expect(unknown.json.error.message).toContain('nope');
    const badFlag = await call({
      method: 'GET',
      path: '/v1/databases/lake/tables/app_log_1_0_0',
      query: { aggregate: 'maybe' },
    });
    expect(badFlag.status).toBe(400);
    expect(badFlag.json.error.message).toContain('aggregate');
  });
});

describe('queries', () => {
  it('pushes aggregation down: one row per genre, counts and sums equal hand-written SQL', async () => {
    const res = await query({
      database: 'lake',
      table: 'bookstore_purchase_1_0_0',
      fields: [{ name: 'genre' }, { name: 'record_count' }, { name: 'price' }],
      dateRange: { startDate: '2026-09-01', endDate: '2026-09-30' },
      dateColumn: 'dt',
    });
    expect(res.status).toBe(200);
    expect(res.json.schema).toEqual([
      { name: 'genre', dataType: 'STRING' },
      { name: 'record_count', dataType: 'NUMBER' },
      { name: 'price', dataType: 'NUMBER' },
    ]);
    const expected =
      await reference(`SELECT genre, count(*), sum(price) FROM read_parquet('${join(world.proxy.lakeDir, 'bookstore-purchase-1.0.0')}/*/*.parquet', hive_partitioning = true)
      WHERE dt BETWEEN DATE '2026-09-01' AND DATE '2026-09-30' GROUP BY genre`);
    const byGenre = (rows: unknown[][]) => new Map(rows.map((r) => [r[0], [Number(r[1]), Number(r[2])]]));
    const got = byGenre(res.json.rows);
    expect(got.size).toBe(expected.length);
    for (const [genre, [count, sum]] of byGenre(expected)) {
      expect(got.get(genre)?.[0]).toBe(count);
      expect(got.get(genre)?.[1]).toBeCloseTo(sum, 6);
    }
    expect(res.json.filtersApplied).toBe(true);
    expect(res.json.page).toEqual({ index: 0, count: 1, totalRows: expected.length });
  });

  it('returns raw rows when pushdown is off, and forFilterOnly fields are not returned when filters apply', async () => {
    const res = await query({
      database: 'lake',
      table: 'food_delivery_1_0_0',
      aggregate: false,
      fields: [{ name: 'orderid' }, { name: 'status', forFilterOnly: true }],
      dimensionsFilters: [[{ fieldName: 'status', values: ['cancelled'], type: 'INCLUDE', operator: 'EQUALS' }]],
    });
    expect(res.status).toBe(200);
    expect(res.json.schema.map((s: { name: string }) => s.name)).toEqual(['orderid']);
    const [[expected]] = await reference(
      `SELECT count(*) FROM read_json('${join(world.proxy.lakeDir, 'food-delivery-1.0.0')}/*/*.json') WHERE status = 'cancelled'`,
    );
    expect(res.json.page.totalRows).toBe(Number(expected));
  });

  it('splits large results into pages whose cursors return every row exactly once', async () => {
    const paged = await startTestProxy({ lakeDir: world.proxy.lakeDir, settings: { pageTargetBytes: 20_000 } });
    try {
      const spec = {
        database: 'lake',
        table: 'app_log_1_0_0',
        aggregate: false,
        fields: [{ name: 'message' }, { name: 'logtype' }],
      };
      const first = await signedFetch(paged.url, TEST_CREDENTIALS, {
        method: 'POST',
        path: '/v1/queries',
        body: JSON.stringify(spec),
      });
      expect(first.status).toBe(200);
      expect(first.json.cursors.length).toBeGreaterThan(2);
      const pages = await Promise.all(
        first.json.cursors.map((cursor: string) =>
          signedFetch(paged.url, TEST_CREDENTIALS, {
            method: 'GET',
            path: `/v1/queries/${first.json.queryId}`,
            query: { cursor },
          }),
        ),
      );
      const rows = first.json.rows.concat(...pages.map((p) => p.json.rows));
      expect(pages.map((p) => p.json.page.index)).toEqual(first.json.cursors.map((_: string, i: number) => i + 1));
      expect(rows).toHaveLength(first.json.page.totalRows);
      const expected = await reference(
        `SELECT count(*), count(message) FROM read_json('${join(world.proxy.lakeDir, 'app-log-1.0.0')}/*/*.json')`,
      );
      expect(rows.length).toBe(Number(expected[0][0]));
      expect(rows.filter((r: unknown[]) => r[0] !== null).length).toBe(Number(expected[0][1]));
    } finally {
      await paged.stop();
    }
  });

  it('answers 202 when the wait budget runs out, and the query id then polls to the result', async () => {
    const slow = await startTestProxy({ lakeDir: world.proxy.lakeDir, settings: { waitBudgetMs: 0 } });
    try {
      const spec = {
        database: 'lake',
        table: 'food_pickup_1_0_0',
        fields: [{ name: 'city' }, { name: 'record_count' }],
      };
      const first = await signedFetch(slow.url, TEST_CREDENTIALS, {
        method: 'POST',
        path: '/v1/queries',
        body: JSON.stringify(spec),
      });
      expect(first.status).toBe(202);
      expect(first.json.state).toMatch(/^(QUEUED|RUNNING)$/);
      let polled = first;
      for (let i = 0; i < 100 && polled.status === 202; i++) {
        await new Promise((r) => setTimeout(r, 20));
        polled = await signedFetch(slow.url, TEST_CREDENTIALS, {
          method: 'GET',
          path: `/v1/queries/${first.json.queryId}`,
        });
      }
      expect(polled.status).toBe(200);
      const total = polled.json.rows.reduce((sum: number, r: unknown[]) => sum + Number(r[1]), 0);
      const [[count]] = await reference(
        `SELECT count(*) FROM read_json('${join(world.proxy.lakeDir, 'food-pickup-1.0.0')}/*/*.json')`,
      );
      expect(total).toBe(Number(count));
    } finally {
      await slow.stop();
    }
  });

  it('runs 10 identical concurrent requests as one engine execution, then serves the cache until lastRefresh', async () => {
    const spec = {
      database: 'lake',
      table: 'thermostat_reading_1_0_0',
      fields: [{ name: 'deviceid' }, { name: 'temp_max' }],
    };
    const executions = () => world.proxy.logs.filter((l) => l.event === 'query').length;
    const before = executions();
    const answers = await Promise.all(Array.from({ length: 10 }, () => query(spec)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => JSON.stringify(a.json.rows))).size).toBe(1);
    expect(executions() - before).toBe(1);
    const again = await query(spec);
    expect(again.json.stats.cached).toBe(true);
    expect(executions() - before).toBe(1);
    const refreshed = await query({ ...spec, lastRefresh: new Date(Date.now() + 1000).toISOString() });
    expect(refreshed.json.stats.cached).toBe(false);
    expect(executions() - before).toBe(2);
  });
});
