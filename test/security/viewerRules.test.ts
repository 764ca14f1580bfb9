/**
 * Per-viewer access rules and caller-bound query ids, end to end over HTTP against the local proxy in identity
 * mode: different rows per rule set, 403 without a rule, row filters the request cannot lift, one engine execution
 * per rule set however many viewers ask, and query ids/cursors that only work for the caller they were issued to.
 */
import { ordersQuery, startKeylessWorld, type KeylessWorld, type Viewer } from './keylessWorld';

let world: KeylessWorld;
let eu: Viewer;
let staff: Viewer;

beforeAll(async () => {
  world = await startKeylessWorld({ pageTargetBytes: 2000 });
  eu = await world.signIn('3001', 'eva@eu.example.com');
  staff = await world.signIn('3002', 'sam@example.com');
});

afterAll(async () => {
  await world?.close();
});

const cities = (rows: unknown[][]) => [...new Set(rows.map((row) => row[0]))].sort();

describe('access rules', () => {
  it('gives viewers under different rules different rows for the same chart', async () => {
    const asEu = await world.call(eu, ordersQuery(['city', 'record_count']));
    const asStaff = await world.call(staff, ordersQuery(['city', 'record_count']));
    expect(asEu.status).toBe(200);
    expect(cities(asEu.json.rows)).toEqual(['Berlin']);
    expect(cities(asStaff.json.rows)).toEqual(expect.arrayContaining(['Berlin', 'Oslo', 'München']));
    expect(world.logs).toContainEqual(
      expect.objectContaining({ event: 'access', caller: 'eva@eu.example.com', rule: 'eu-berlin', allowed: true }),
    );
    expect(JSON.stringify(world.logs)).not.toContain(eu.idToken);
  });

  it('answers 403 ACCESS_DENIED to a viewer no rule matches, hides tables from the catalog, and logs the decision', async () => {
    const outsider = await world.signIn('3003', 'olga@other.test');
    const answer = await world.call(outsider, ordersQuery(['city', 'record_count']));
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('ACCESS_DENIED');
    expect(answer.json.rows).toBeUndefined();
    const catalog = await world.call(outsider, { method: 'GET', path: '/v1/catalog' });
    expect(catalog.json.databases).toEqual([]);
    const euCatalog = await world.call(eu, { method: 'GET', path: '/v1/catalog' });
    expect(euCatalog.json.databases).toEqual([{ name: 'lake', tables: ['e2e_orders_1_0_0'] }]);
    expect(world.logs).toContainEqual(
      expect.objectContaining({ event: 'access', caller: 'olga@other.test', allowed: false, rule: null }),
    );
  });

  it('keeps the row filter whatever filters, fields or row mode the request asks for', async () => {
    const exclude = await world.call(
      eu,
      ordersQuery(['city', 'record_count'], {
        dimensionsFilters: [[{ fieldName: 'city', values: ['Berlin'], type: 'EXCLUDE', operator: 'EQUALS' }]],
      }),
    );
    expect(exclude.json.rows).toEqual([]);
    const widened = await world.call(
      eu,
      ordersQuery(['city', 'record_count'], {
        dimensionsFilters: [
          [
            { fieldName: 'city', values: ['Oslo', 'Berlin'], type: 'INCLUDE', operator: 'IN_LIST' },
            { fieldName: 'city', values: [], type: 'INCLUDE', operator: 'IS_NULL' },
          ],
        ],
      }),
    );
    expect(cities(widened.json.rows)).toEqual(['Berlin']);
    const raw = await world.call(eu, ordersQuery(['city', 'order_id'], { aggregate: false }));
    expect(cities(raw.json.rows)).toEqual(['Berlin']);
    const total = await world.call(eu, ordersQuery(['record_count']));
    const berlin = (
      await world.call(
        staff,
        ordersQuery(['record_count'], {
          dimensionsFilters: [[{ fieldName: 'city', values: ['Berlin'], type: 'INCLUDE', operator: 'EQUALS' }]],
        }),
      )
    ).json.rows;
    expect(total.json.rows).toEqual(berlin);
    const unknownField = await world.call(eu, ordersQuery(['city', 'region']));
    expect([unknownField.status, unknownField.json.error.code]).toEqual([400, 'UNKNOWN_FIELD']);
  });

  it('runs one engine execution per rule set: 50 EU viewers and 2 staff viewers, no row crossing', async () => {
    const euViewers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => world.signIn(`40${i}`, `v${i}@eu.example.com`)),
    );
    const staffViewers = await Promise.all([
      world.signIn('4900', 'a@example.com'),
      world.signIn('4901', 'b@example.com'),
    ]);
    const before = world.logs.filter((l) => l.event === 'query').length;
    const chart = ordersQuery(['status', 'city', 'record_count'], { limit: 500 });
    const answers = await Promise.all([...euViewers, ...staffViewers].map((viewer) => world.call(viewer, chart)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(world.logs.filter((l) => l.event === 'query').length - before).toBe(2);
    const euRows = answers.slice(0, 50).map((a) => a.json.rows);
    expect(euRows.every((rows) => JSON.stringify(rows) === JSON.stringify(euRows[0]))).toBe(true);
    expect(euRows.every((rows) => rows.every((row: unknown[]) => row[1] === 'Berlin'))).toBe(true);
    expect(answers.slice(50).every((a) => a.json.rows.some((row: unknown[]) => row[1] !== 'Berlin'))).toBe(true);
  });
});

describe('query ids and cursors are bound to the caller', () => {
  it("refuses another caller's or an altered query id, cursor or cancel with 404", async () => {
    const colleague = await world.signIn('3010', 'kim@example.com');
    const mine = await world.call(staff, ordersQuery(['order_id', 'city'], { aggregate: false }));
    expect(mine.status).toBe(200);
    const id: string = mine.json.queryId;
    const get = (viewer: Viewer, queryId: string, cursor?: string) =>
      world.call(viewer, {
        method: 'GET',
        path: `/v1/queries/${encodeURIComponent(queryId)}`,
        ...(cursor ? { query: { cursor } } : {}),
      });
    expect((await get(staff, id)).status).toBe(200);
    expect((await get(colleague, id)).status).toBe(404);
    const [payload, mac] = id.split('.');
    const alteredMac = `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const alteredPayload = `${payload.slice(0, -2)}${payload.endsWith('A') ? 'B' : 'A'}${payload.slice(-1)}.${mac}`;
    for (const forged of [alteredMac, alteredPayload, payload]) expect((await get(staff, forged)).status).toBe(404);
    expect(
      (await world.call(colleague, { method: 'DELETE', path: `/v1/queries/${encodeURIComponent(id)}` })).status,
    ).toBe(404);
    // Cursors: valid for their owner and query only.
    const cursor: string = mine.json.cursors[0];
    expect((await get(staff, id, cursor)).status).toBe(200);
    expect((await get(colleague, id, cursor)).status).toBe(404);
    expect((await get(staff, id, cursor.replace(/^\d+/, '0'))).status).toBe(404);
  });
});
