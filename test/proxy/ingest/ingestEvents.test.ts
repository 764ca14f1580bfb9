/**
 * `POST /v1/events` on the local server, over HTTP with SigV4, starting from an EMPTY lake folder: signed like the
 * query API, per-event errors for hostile input with nothing else written, 400/413 limits, idempotent retries, and
 * freshness: events of a new day are in the very next query (cache bypassed with lastRefresh), no restart.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { startLocalServer, type LocalServer } from '../../../proxy/src/local/localServer';
import { makeTempDir } from '../engines/duckdb/helpers';
import { signedFetch } from '../../../tools/signing/signedFetch';
import { TEST_CREDENTIALS } from '../../../tools/localProxy/testProxy';

let lake: string;
let server: LocalServer;
// One event time for the whole file, so the day under test never changes mid-run (even around midnight UTC).
const EVENT_TIME = new Date(Date.now() - 60_000).toISOString();
const today = EVENT_TIME.slice(0, 10);
const delivery = (eventId: string, extra: Record<string, unknown> = {}) => ({
  type: 'food-delivery',
  version: '1.0.0',
  eventId,
  createdAt: EVENT_TIME,
  courierId: 'c-1',
  restaurantId: 'r-1',
  clientCords: '51.1096089,17.0317273',
  clientId: 'cl-1',
  status: 'DELIVERED',
  ...extra,
});

const post = (body: unknown, raw?: string) =>
  signedFetch(server.url, TEST_CREDENTIALS, { method: 'POST', path: '/v1/events', body: raw ?? JSON.stringify(body) });

async function lakeFiles(): Promise<string[]> {
  const entries = await fs.readdir(lake, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(lake, path.join(e.parentPath, e.name)))
    .sort();
}

/** status counts of food_delivery_1_0_0 on `day`, through the query API with the cache bypassed. */
async function deliveredToday(day = today, bypassCache = true): Promise<Record<string, number>> {
  const spec = {
    database: 'lake',
    table: 'food_delivery_1_0_0',
    fields: [{ name: 'status' }, { name: 'record_count' }],
    dateColumn: 'dt',
    dateRange: { startDate: day, endDate: day },
    ...(bypassCache ? { lastRefresh: new Date().toISOString() } : {}),
  };
  const res = await signedFetch(server.url, TEST_CREDENTIALS, {
    method: 'POST',
    path: '/v1/queries',
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(200);
  return Object.fromEntries((res.json.rows as [string, number][]).map(([status, count]) => [status, count]));
}

beforeAll(async () => {
  lake = await makeTempDir('ingest-lake');
  server = await startLocalServer({
    lakeDir: lake,
    port: 0,
    credentials: TEST_CREDENTIALS,
    region: 'us-east-1',
    log: () => undefined,
  });
});
afterAll(async () => {
  await server.close();
  await fs.rm(lake, { recursive: true, force: true });
});

describe('POST /v1/events on the local server', () => {
  it('serves an empty lake, then refuses unsigned or tampered ingestion', async () => {
    const catalog = await signedFetch(server.url, TEST_CREDENTIALS, { method: 'GET', path: '/v1/catalog' });
    expect(catalog.status).toBe(200);
    const unsigned = await signedFetch(server.url, TEST_CREDENTIALS, {
      method: 'POST',
      path: '/v1/events',
      body: JSON.stringify({ events: [delivery('u-1')] }),
      unsigned: true,
    });
    expect(unsigned.status).toBe(403);
    const tampered = await signedFetch(server.url, TEST_CREDENTIALS, {
      method: 'POST',
      path: '/v1/events',
      body: JSON.stringify({ events: [delivery('u-2')] }),
      tamper: (req) => {
        req.body = JSON.stringify({ events: [delivery('u-3')] });
      },
    });
    expect(tampered.status).toBe(403);
    expect(await lakeFiles()).toEqual([]);
  });

  it('accepts valid events and answers each hostile one by index and reason, writing only the valid ones', async () => {
    const res = await post({
      events: [
        delivery('d-1'),
        delivery('d-2', { status: 42 }),
        delivery('d-3', { clientId: undefined }),
        delivery('d-4', { type: 'food-teleport' }),
        delivery('d-5', { type: '../food-delivery' }),
        delivery('d-6', { version: '1.0.0/..' }),
        delivery('d-7', { type: 'food=delivery' }),
        delivery('d-1'),
        delivery('d-9', { createdAt: new Date(Date.now() + 3_600_000).toISOString() }),
        delivery('d-10', { receipt_url: 'x'.repeat(70_000) }),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.accepted).toBe(1);
    expect(res.json.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [1, 'status'],
      [2, 'clientId'],
      [3, 'type'],
      [4, 'type'],
      [5, 'version'],
      [6, 'type'],
      [7, 'eventId'],
      [8, 'createdAt'],
      [9, '(event)'],
    ]);
    expect(res.json.rejected[0].reason).toBe('must be a string, got number');
    const files = await lakeFiles();
    expect(files).toEqual([
      expect.stringMatching(new RegExp(`^food-delivery-1\\.0\\.0/dt=${today}/\\d{13}-[0-9a-f]{16}\\.json$`)),
    ]);
    expect((await fs.readFile(path.join(lake, files[0]), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('makes the new table and day queryable at once, and a retried batch does not duplicate rows', async () => {
    expect(await deliveredToday()).toEqual({ DELIVERED: 1 });
    const batch = { events: [delivery('e-1'), delivery('e-2', { status: 'CANCELLED' })] };
    expect((await post(batch)).json).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await deliveredToday()).toEqual({ DELIVERED: 2, CANCELLED: 1 });
    expect((await post(batch)).json).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
    expect(await deliveredToday()).toEqual({ DELIVERED: 2, CANCELLED: 1 });
    // A new day of a table the catalog already knows: a new dt= folder, no refresh, no repair.
    const dayBefore = new Date(Date.parse(EVENT_TIME) - 86_400_000).toISOString();
    expect(await deliveredToday(dayBefore.slice(0, 10))).toEqual({});
    expect((await post({ events: [delivery('y-1', { createdAt: dayBefore })] })).json.accepted).toBe(1);
    expect(await deliveredToday(dayBefore.slice(0, 10))).toEqual({ DELIVERED: 1 });
  });

  it('stops serving cached answers about a table once events land in it (no lastRefresh needed)', async () => {
    const before = await deliveredToday(today, false);
    expect(await deliveredToday(today, false)).toEqual(before);
    expect((await post({ events: [delivery('c-1', { status: 'RETURNED' })] })).json.accepted).toBe(1);
    expect(await deliveredToday(today, false)).toEqual({ ...before, RETURNED: 1 });
  });

  it('refuses oversized batches and malformed bodies as a whole (400/413), writing nothing', async () => {
    const before = await lakeFiles();
    const tooMany = await post({ events: Array.from({ length: 501 }, (_, i) => delivery(`m-${i}`)) });
    expect([tooMany.status, tooMany.json.error.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(tooMany.json.error.message).toMatch(/At most 500 events/);
    const tooBig = await post(
      undefined,
      JSON.stringify({ events: [delivery('big', { receipt_url: `https://example.com/${'x'.repeat(1_100_000)}` })] }),
    );
    expect([tooBig.status, tooBig.json.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    for (const [body, message] of [
      ['[]', /JSON object/],
      ['{"events": {}}', /JSON object/],
      ['{"events": []}', /empty/],
      ['{"events": [], "x": 1}', /Unknown body member/],
      ['not json', /not valid JSON/],
    ] as const) {
      const res = await post(undefined, body);
      expect([res.status, res.json.error.message]).toEqual([400, expect.stringMatching(message)]);
    }
    expect(await lakeFiles()).toEqual(before);
  });
});
