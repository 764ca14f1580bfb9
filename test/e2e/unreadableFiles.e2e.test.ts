/**
 * Errors name the table, not the machine (docs/lakes.md#when-a-file-cannot-be-read): a lake with a Parquet file
 * whose pages are corrupt, a Parquet file cut off half-way (written after the server started, as an upload arrives)
 * and a JSON file with a broken line, served over signed HTTP by the real local server twice — on the DuckDB engine,
 * and on the Athena engine whose SDK clients talk to the Athena API double over the same lake. A query over a day
 * whose Parquet pages are corrupt answers 502 DATA_UNREADABLE naming the table and the file relative to it, on both
 * engines; a truncated upload is left out and counted by DuckDB at the next request, while Athena (which cannot
 * skip it) fails its day the same way; other days still answer; and no response body of any route holds the lake folder, `/tmp/`, a bucket
 * name or a stack frame.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiPath } from '../../protocol/routes';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import { startLocalServer, type LocalServer } from '../../proxy/src/local/localServer';
import { TEST_CREDENTIALS } from '../../tools/localProxy/testProxy';
import { signedFetch, type CallResult } from '../../tools/signing/signedFetch';
import { startAthenaDouble, type AthenaDouble } from '../../testing/athenaDouble/server';
import { BROKEN_FILES, writeBrokenLake, writeLakeFile } from '../support/brokenLake';

const LAKE_BUCKET = 'lake-bucket-e2e-4711';
const RESULTS_BUCKET = 'results-bucket-e2e-4711';

let lakeDir: string;
let duckdbServer: LocalServer;
let doubleEngine: DuckDbEngine;
let double: AthenaDouble;
let athenaServer: LocalServer;
/** Every response body, per server, for the leak grep. */
const bodies: { server: string; route: string; text: string }[] = [];

beforeAll(async () => {
  lakeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'unreadable-lake-'));
  await writeBrokenLake(lakeDir);
  // The truncated file arrives after the catalog was built, as a half-written upload does (its bytes are made
  // now: writing anything at the lake's top level would make discovery run again).
  const truncatedFile = path.join(lakeDir, 'truncated', BROKEN_FILES.truncated);
  const upload = await fs.readFile(truncatedFile);
  await fs.rm(truncatedFile);
  const quiet = () => undefined;
  duckdbServer = await startLocalServer({ lakeDir, port: 0, credentials: TEST_CREDENTIALS, log: quiet, env: {} });
  doubleEngine = await createDuckDbEngine({ lakeDir, database: 'lake', logger: { warn: quiet } });
  double = await startAthenaDouble({
    engine: doubleEngine,
    lake: { bucket: LAKE_BUCKET, dir: lakeDir },
    resultsBucket: RESULTS_BUCKET,
  });
  athenaServer = await startLocalServer({
    engine: 'athena',
    port: 0,
    credentials: TEST_CREDENTIALS,
    log: quiet,
    env: { ATHENA_WORKGROUP: double.workGroup, ATHENA_DATABASES: 'lake', ATHENA_RESULT_REUSE_MAX_AGE_MINUTES: '0' },
    engineClientConfig: double.clientConfig,
  });
  await writeLakeFile(lakeDir, `truncated/${BROKEN_FILES.truncated}`, upload);
}, 60_000);

afterAll(async () => {
  await athenaServer?.close();
  await double?.close();
  await doubleEngine?.close();
  await duckdbServer?.close();
  await fs.rm(lakeDir, { recursive: true, force: true });
});

const servers = () =>
  [
    ['duckdb', duckdbServer],
    ['athena', athenaServer],
  ] as const;

async function call(server: string, url: string, method: string, route: string, body?: unknown): Promise<CallResult> {
  const res = await signedFetch(url, TEST_CREDENTIALS, {
    method,
    path: route,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  bodies.push({ server, route, text: res.text });
  return res;
}

/** Runs a query to its final answer (polling 202s), recording every body. */
async function query(server: string, url: string, spec: Record<string, unknown>): Promise<CallResult> {
  let res = await call(server, url, 'POST', apiPath.queries(), spec);
  for (let polls = 0; res.status === 202 && polls < 200; polls++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    res = await call(server, url, 'GET', apiPath.query(res.json.queryId as string));
  }
  return res;
}

const totalCount = (res: CallResult) =>
  (res.json.rows as [string, number][]).reduce((sum, [, count]) => sum + count, 0);

const spec = (table: string, startDate: string, endDate: string) => ({
  database: 'lake',
  table,
  fields: [{ name: 'city' }, { name: 'record_count' }],
  dateColumn: 'dt',
  dateRange: { startDate, endDate },
  lastRefresh: new Date().toISOString(),
});

describe.each(servers().map(([name]) => name))('a lake with unreadable files, on %s', (name) => {
  const url = () => servers().find(([n]) => n === name)![1].url;

  it('lists its tables and describes the Parquet ones', async () => {
    const catalog = await call(name, url(), 'GET', apiPath.catalog());
    expect(catalog.status).toBe(200);
    for (const table of ['corrupt', 'truncated', 'broken_json']) {
      const schema = await call(name, url(), 'GET', apiPath.tableSchema('lake', table));
      // broken_json may be left out by discovery (its first day parses, the broken line is on the second).
      expect([200, 400]).toContain(schema.status);
    }
  });

  it('corrupt pages: a query over the broken day is 502 DATA_UNREADABLE naming the table and the file', async () => {
    const res = await query(name, url(), spec('corrupt', '2024-01-01', '2024-01-02'));
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe('DATA_UNREADABLE');
    expect(res.json.error.details).toMatchObject({ table: 'corrupt', file: BROKEN_FILES.corrupt });
    expect(res.json.error.message).toContain(`"${BROKEN_FILES.corrupt}"`);
    expect(res.json.error.message).toContain('"corrupt"');
    expect(res.json.error.message).not.toMatch(/\p{Cc}/u);
  });

  it('corrupt pages: the day without the broken file still answers', async () => {
    const res = await query(name, url(), spec('corrupt', '2024-01-01', '2024-01-01'));
    expect(res.status).toBe(200);
    expect(totalCount(res)).toBe(2000);
  });

  it('truncated (arrived after discovery): the day without it answers, nothing skipped', async () => {
    const res = await query(name, url(), spec('truncated', '2024-01-01', '2024-01-01'));
    expect(res.status).toBe(200);
    expect(totalCount(res)).toBe(2000);
    expect(res.json.stats.skipped).toBeUndefined();
  });

  if (name === 'duckdb') {
    it('truncated: the next request checks the new file and leaves it out, counted', async () => {
      const res = await query(name, url(), spec('truncated', '2024-01-01', '2024-01-02'));
      expect(res.status).toBe(200);
      expect(totalCount(res)).toBe(4000);
      expect(res.json.stats.skipped).toEqual({ records: 0, files: 1 });
    });
  } else {
    it('truncated: Athena cannot skip it, so its day is 502 DATA_UNREADABLE naming the file', async () => {
      const res = await query(name, url(), spec('truncated', '2024-01-01', '2024-01-02'));
      expect(res.status).toBe(502);
      expect(res.json.error).toMatchObject({
        code: 'DATA_UNREADABLE',
        details: { table: 'truncated', file: BROKEN_FILES.truncated },
      });
    });
  }

  it('broken JSON: rows when the engine skips the line, else DATA_UNREADABLE — never a 400', async () => {
    const res = await query(name, url(), spec('broken_json', '2024-01-01', '2024-01-02'));
    expect([200, 400, 502]).toContain(res.status);
    if (res.status === 400) expect(res.json.error.code).toBe('UNKNOWN_TABLE');
    if (res.status === 502)
      expect(res.json.error).toMatchObject({ code: 'DATA_UNREADABLE', details: { table: 'broken_json' } });
  });
});

describe('every response body of the broken lake', () => {
  it('holds no absolute path, bucket name or stack frame', () => {
    expect(bodies.length).toBeGreaterThan(10);
    const leaks = bodies.filter(
      ({ text }) =>
        text.includes(lakeDir) ||
        text.includes(os.tmpdir()) ||
        text.includes('/tmp/') ||
        text.includes(LAKE_BUCKET) ||
        text.includes(RESULTS_BUCKET) ||
        text.includes('s3://') ||
        /\n\s+at | {4}at /.test(text),
    );
    expect(leaks).toEqual([]);
  });
});
