/**
 * A raw result of very narrow rows (one small number each) larger than one page: every page is served, none is
 * refused by the engine's per-read heap estimate (found by the 5-million-row benchmark with pushdown off, where
 * 500,000-row pages of one number each were refused with 400).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { apiPath } from '../../../protocol/routes';
import { startTestProxy, TEST_CREDENTIALS, type TestProxy } from '../../../tools/localProxy/testProxy';
import { signedFetch } from '../../../tools/signing/signedFetch';
import { makeTempDir, withDuckDb } from '../engines/duckdb/helpers';

const ROWS = 600_000;
let proxy: TestProxy;
let root: string;

beforeAll(async () => {
  root = await makeTempDir('narrow-pages-');
  mkdirSync(`${root}/narrow`);
  await withDuckDb(async (run) => {
    await run(`COPY (SELECT i AS n FROM range(${ROWS}) t(i)) TO '${root}/narrow/data.parquet' (FORMAT parquet)`);
  });
  proxy = await startTestProxy({ lakeDir: root });
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  rmSync(root, { recursive: true, force: true });
});

it('pages a 600,000-row one-column raw result through every cursor', async () => {
  const spec = { database: 'lake', table: 'narrow', fields: [{ name: 'n' }], aggregate: false };
  const body = JSON.stringify(spec);
  let first = await signedFetch(proxy.url, TEST_CREDENTIALS, { method: 'POST', path: apiPath.queries(), body });
  while (first.status === 202) {
    first = await signedFetch(proxy.url, TEST_CREDENTIALS, { method: 'GET', path: apiPath.query(first.json.queryId) });
  }
  expect(first.status).toBe(200);
  expect(first.json.page.totalRows).toBe(ROWS);
  const cursors: string[] = first.json.cursors ?? [];
  expect(cursors.length).toBeGreaterThan(1);
  let total = first.json.rows.length;
  for (const cursor of cursors) {
    const page = await signedFetch(proxy.url, TEST_CREDENTIALS, {
      method: 'GET',
      path: apiPath.query(first.json.queryId),
      query: { cursor },
    });
    expect(page.status).toBe(200);
    total += page.json.rows.length;
  }
  expect(total).toBe(ROWS);
});
