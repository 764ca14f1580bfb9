/**
 * End to end getData, part 2: the BUILT bundle in the Apps Script harness, over real HTTP, against the local proxy:
 * date ranges (time zones, dt partitions), Looker Studio request patterns (sample extraction, more than 20 fields,
 * unknown fields) and error discipline. Rows are compared with hand-written DuckDB SQL over the same files.
 * Schemas, rows, values and NULLs: getData.e2e.test.ts.
 */
import type { GetDataResponse } from '../../connector/src/lookerTypes';
import { E2E_TABLE } from './e2eLake';
import { AGGREGATED, clause, RAW, sortById } from './e2eQueries';
import { useGetDataWorld } from './getDataWorld';

const e2e = useGetDataWorld();
const { getData, idsWhere } = e2e;

describe('date ranges', () => {
  const idsInRange = (dateColumn: string, startDate: string, endDate: string, timeZone = 'UTC') =>
    getData({
      configParams: { ...RAW, dateColumn, timeZone },
      fields: [{ name: 'order_id' }],
      dateRange: { startDate, endDate },
    })
      .rows.map((r) => r.values[0] as number)
      .sort((a, b) => a - b);

  it('includes both end days of a timestamp column, up to 23:30 on the last day', async () => {
    const expected = await idsWhere(
      `created_at >= TIMESTAMP '2024-03-02 00:00:00' AND created_at < TIMESTAMP '2024-03-04 00:00:00'`,
    );
    expect(expected).toHaveLength(48);
    expect(idsInRange('created_at', '2024-03-02', '2024-03-03')).toEqual(expected);
  });

  it('interprets the days in the configured time zone', async () => {
    // New York is UTC−5 before the DST change of 2024-03-10.
    const expected = await idsWhere(
      `created_at >= TIMESTAMP '2024-03-02 05:00:00' AND created_at < TIMESTAMP '2024-03-04 05:00:00'`,
    );
    expect(idsInRange('created_at', '2024-03-02', '2024-03-03', 'America/New_York')).toEqual(expected);
  });

  it('filters a dt partition column inclusively', async () => {
    expect(idsInRange('dt', '2024-03-05', '2024-03-05')).toEqual(await idsWhere(`dt = '2024-03-05'`));
  });

  it('shows date/time values in the configured time zone', async () => {
    const response = getData({
      configParams: { ...RAW, timeZone: 'Asia/Tokyo' },
      fields: [{ name: 'order_id' }, { name: 'created_at' }],
      dimensionsFilters: [[clause('city', 'EQUALS', ['Oslo'])]],
    });
    const expected = await e2e.db.rows(`
      SELECT order_id::INTEGER, strftime(created_at + INTERVAL 9 HOUR, '%Y%m%d%H%M%S') FROM orders WHERE city = 'Oslo' ORDER BY order_id`);
    expect(sortById(response.rows.map((r) => r.values))).toEqual(expected);
  });
});

describe('Looker Studio request patterns', () => {
  it('answers sampleExtraction quickly with a few real, correctly formatted rows', async () => {
    const before = e2e.world.services.fetches.length;
    const response = getData({
      configParams: { ...RAW, dateColumn: 'created_at' },
      fields: [{ name: 'order_id' }, { name: 'created_at' }],
      dateRange: { startDate: '2024-03-08', endDate: '2024-03-08' },
      scriptParams: { sampleExtraction: true },
    });
    expect(response.rows.length).toBeGreaterThan(0);
    expect(response.rows.length).toBeLessThanOrEqual(20);
    const known = new Map(
      (await e2e.db.rows(`SELECT order_id::INTEGER, strftime(created_at, '%Y%m%d%H%M%S') FROM orders`)).map((r) => [
        r[0],
        r[1],
      ]),
    );
    for (const [id, created] of response.rows.map((r) => r.values)) expect(known.get(id)).toBe(created);
    expect(e2e.world.services.fetches.length - before).toBeLessThanOrEqual(10);
  });

  it('serves a request of more than 20 fields split into independent calls of 20', () => {
    const { schema } = e2e.world.connector.invoke<{ schema: { name: string }[] }>('getSchema', {
      configParams: AGGREGATED,
    });
    const names = schema.map((f) => f.name);
    expect(names.length).toBeGreaterThan(20);
    const calls = [names.slice(0, 20), names.slice(20)].map((chunk) =>
      e2e.env.world().connector.invoke<GetDataResponse>('getData', {
        configParams: AGGREGATED,
        fields: chunk.map((name) => ({ name })),
      }),
    );
    calls.forEach((response, i) => {
      const chunk = i === 0 ? names.slice(0, 20) : names.slice(20);
      expect(response.schema.map((f) => f.name)).toEqual(chunk);
      for (const row of response.rows) expect(row.values).toHaveLength(chunk.length);
    });
  });

  it('names an unknown field in a user error instead of shifting columns', () => {
    const outcome = e2e.world.connector.call('getData', {
      configParams: RAW,
      fields: [{ name: 'order_id' }, { name: 'ghost' }],
    });
    expect(outcome).toMatchObject({ ok: false, userError: { text: expect.stringMatching(/ghost/) } });
  });
});

describe('error discipline', () => {
  it('turns proxy errors into user errors with advice, details only in debug text, no stack in the text', () => {
    const outcome = e2e.env.world().connector.call('getData', {
      configParams: { database: 'lake', table: E2E_TABLE },
      fields: [{ name: 'city' }, { name: 'no_such_field' }],
    });
    if (outcome.ok) throw new Error('expected a user error');
    expect(outcome.userError.text).toMatch(/no_such_field/);
    expect(outcome.userError.text).not.toMatch(/\bat .+:\d+|Error:/);
    expect(outcome.userError.debugText).toMatch(/UNKNOWN_FIELD/);
  });
});
