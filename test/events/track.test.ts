/**
 * The producer library against hostile input, writing into a real local lake folder: every bad event gets a
 * per-event error naming the field, and nothing but the valid events is written.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createTracker, localSink } from '../../events/src';
import { makeTempDir } from '../proxy/engines/duckdb/helpers';

const NOW = Date.UTC(2026, 10, 2, 12, 0, 0);
const pickup = (extra: Record<string, unknown> = {}) => ({
  type: 'food-pickup',
  version: '1.0.0',
  createdAt: '2026-11-02 11:59',
  courierId: 'c-0042',
  restaurantId: 'r-0007',
  restaurantCords: '51.1096089,17.0317273',
  clientId: 'cl-00123',
  ...extra,
});

let lake: string;
beforeEach(async () => {
  lake = await makeTempDir('track');
});
afterEach(() => fs.rm(lake, { recursive: true, force: true }));

async function lakeFiles(): Promise<string[]> {
  const entries = await fs.readdir(lake, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(lake, path.join(e.parentPath, e.name)))
    .sort();
}

async function lakeLines(): Promise<Record<string, unknown>[]> {
  const files = await lakeFiles();
  const texts = await Promise.all(files.map((f) => fs.readFile(path.join(lake, f), 'utf8')));
  return texts.flatMap((t) =>
    t
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

describe('track', () => {
  it('accepts the documented shapes, stamps them and writes <type>-<version>/dt=<day>/<ms>-<id>.json', async () => {
    const track = createTracker({ sink: localSink(lake), now: () => NOW });
    const result = await track([
      pickup({ eventId: 'p-1' }),
      {
        type: 'food-delivery',
        version: '1.0.0',
        createdAt: '2026-11-01T23:30:00+01:00',
        courierId: 'c-1',
        restaurantId: 'r-1',
        clientCords: '51.1,17.03',
        clientId: 'cl-1',
        status: 'DELIVERED',
        tip_pct: 12.5,
      },
      {
        type: 'payment-requested',
        version: '1.0.0',
        createdAt: '2026-11-02 10:00:05',
        amount: 1999,
        customerId: 42,
        purchaseId: 9007199254740991,
      },
      {
        type: 'thermostat-reading',
        version: '1.0.0',
        deviceid: 'th-1',
        temp: 21.5,
        setPoint: 21,
        humidity: 40,
        readingTimestamp: '2026-11-02T11:00:00Z',
        location: { building: 'HQ', floor: 3 },
      },
    ]);
    expect(result).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    const files = await lakeFiles();
    expect(files).toHaveLength(4);
    expect(files[0]).toMatch(/^food-delivery-1\.0\.0\/dt=2026-11-01\/\d{13}-[0-9a-f]{16}\.json$/);
    const byType = Object.fromEntries((await lakeLines()).map((e) => [e.type, e]));
    expect(byType['food-pickup']).toMatchObject({
      eventId: 'p-1',
      createdAt: '2026-11-02T11:59:00.000Z',
      receivedAt: new Date(NOW).toISOString(),
    });
    expect(byType['food-delivery'].createdAt).toBe('2026-11-01T22:30:00.000Z');
    expect(byType['payment-requested'].eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects hostile events one by one with the field and reason, writing only the valid ones', async () => {
    const track = createTracker({ sink: localSink(lake), now: () => NOW });
    const result = await track([
      pickup({ courierId: 42 }),
      pickup({ clientId: undefined }),
      { ...pickup(), type: 'food-teleport' },
      { ...pickup(), type: '../etc' },
      { ...pickup(), type: 'food/pickup' },
      { ...pickup(), version: '1.0.0/../../x' },
      { ...pickup(), version: 'dt=2026' },
      pickup({ eventId: '../../boom' }),
      pickup({ createdAt: '2026-11-03 12:00' }),
      pickup({ createdAt: '2019-12-31 23:59' }),
      pickup({ createdAt: '2026-02-30 10:00' }),
      pickup({ restaurantCords: '95.0,17.0' }),
      pickup({ extra: 'x' }),
      'not an object',
      pickup({ eventId: 'same' }),
      pickup({ eventId: 'same' }),
      {
        type: 'payment-requested',
        version: '1.0.0',
        createdAt: '2026-11-02 10:00',
        amount: 19.99,
        customerId: 1,
        purchaseId: 2,
      },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.field])).toEqual([
      [0, 'courierId'],
      [1, 'clientId'],
      [2, 'type'],
      [3, 'type'],
      [4, 'type'],
      [5, 'version'],
      [6, 'version'],
      [7, 'eventId'],
      [8, 'createdAt'],
      [9, 'createdAt'],
      [10, 'createdAt'],
      [11, 'restaurantCords'],
      [12, 'extra'],
      [13, '(event)'],
      [15, 'eventId'],
      [16, 'amount'],
    ]);
    expect(result.rejected[0].reason).toBe('must be a string, got number');
    expect(result.rejected[2].reason).toBe('unknown event type food-teleport 1.0.0');
    expect(result.rejected[8].reason).toMatch(/in the future/);
    expect(result.rejected[14].reason).toBe('repeats the eventId of event 14 in this batch');
    expect(await lakeFiles()).toHaveLength(1);
    expect((await lakeLines()).map((e) => e.eventId)).toEqual(['same']);
  });

  it('lands a retried batch once: same object key, known ids skipped', async () => {
    const track = createTracker({ sink: localSink(lake), now: () => NOW });
    const batch = [pickup({ eventId: 'a' }), pickup({ eventId: 'b' })];
    expect(await track(batch)).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await track(batch)).toEqual({ accepted: 2, duplicates: 2, rejected: [] });
    // A fresh tracker (a restarted process) no longer remembers the ids, but the same batch maps to the same key.
    const restarted = createTracker({ sink: localSink(lake), now: () => NOW + 1000 });
    expect(await restarted(batch)).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await lakeFiles()).toHaveLength(1);
    expect(await lakeLines()).toHaveLength(2);
  });

  it('writes nothing when every event is invalid', async () => {
    const track = createTracker({ sink: localSink(lake), now: () => NOW });
    expect((await track([pickup({ type: 'x/y' })])).accepted).toBe(0);
    expect(await lakeFiles()).toEqual([]);
  });
});
