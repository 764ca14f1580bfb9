/**
 * The example producer: examples come from the sample lake's row makers and are valid events; `--lake` writes
 * into a lake a running local server serves, and a table it did not have is served on the next call, no restart.
 * Parquet table folders (the sample's thermostat readings) get Parquet files, so the table keeps one format.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createTracker, EVENT_SCHEMAS, schemaLookup, validateEvent } from '../../../events/src';
import { localLakeSink } from '../../../proxy/src/local/localLakeSink';
import { startLocalServer } from '../../../proxy/src/local/localServer';
import { generateSampleLake } from '../../../tools/sampleLake/sampleData';
import { EXAMPLE_TYPES, exampleEvents } from '../../../tools/track/exampleEvents';
import { parseTrackArgs } from '../../../tools/track/track';
import { makeTempDir } from '../../proxy/engines/duckdb/helpers';
import { signedFetch } from '../../../tools/signing/signedFetch';
import { TEST_CREDENTIALS } from '../../../tools/localProxy/testProxy';

describe('npm run track', () => {
  it('parses its arguments', () => {
    expect(parseTrackArgs(['food-pickup', '--count', '5', '--lake', 'x'])).toEqual({
      examples: ['food-pickup'],
      count: 5,
      proxy: 'http://127.0.0.1:8787',
      lake: 'x',
    });
    expect(parseTrackArgs(['all'])).toMatchObject({ examples: EXAMPLE_TYPES });
    expect(parseTrackArgs([])).toBe('help');
    expect(() => parseTrackArgs(['food-pickup', '--count', '501'])).toThrow(/Bad option/);
  });

  it('makes valid events of every declared type', () => {
    const lookup = schemaLookup(EVENT_SCHEMAS);
    for (const type of EXAMPLE_TYPES) {
      for (const event of exampleEvents(type, 20, Date.now()))
        expect(validateEvent(event, lookup)).toMatchObject({ ok: true });
    }
    expect(() => exampleEvents('nope', 1, Date.now())).toThrow(
      /Unknown event type "nope"; declared in events\/schemas/,
    );
  });

  it('writes into a served lake; new tables and Parquet tables are queryable without a restart', async () => {
    const lake = await makeTempDir('track-lake');
    await generateSampleLake({ out: lake, rows: 600, days: 2, endDate: new Date().toISOString().slice(0, 10) });
    await fs.rm(path.join(lake, 'food-pickup-1.0.0'), { recursive: true });
    const server = await startLocalServer({
      lakeDir: lake,
      port: 0,
      credentials: TEST_CREDENTIALS,
      log: () => undefined,
    });
    try {
      const track = createTracker({ sink: localLakeSink(lake) });
      expect(
        (
          await track([
            ...exampleEvents('food-pickup', 7, Date.now()),
            ...exampleEvents('thermostat-reading', 4, Date.now()),
          ])
        ).accepted,
      ).toBe(11);
      const count = async (table: string) => {
        const spec = {
          database: 'lake',
          table,
          fields: [{ name: 'record_count' }],
          lastRefresh: new Date().toISOString(),
        };
        const res = await signedFetch(server.url, TEST_CREDENTIALS, {
          method: 'POST',
          path: '/v1/queries',
          body: JSON.stringify(spec),
        });
        expect(res.status).toBe(200);
        return res.json.rows[0][0];
      };
      expect(await count('food_pickup_1_0_0')).toBe(7);
      const sampleReadings = (
        await fs.readdir(path.join(lake, 'thermostat-reading-1.0.0'), { recursive: true })
      ).filter((f) => String(f).endsWith('.parquet'));
      expect(sampleReadings.length).toBe(3);
      expect(await count('thermostat_reading_1_0_0')).toBeGreaterThan(4);
    } finally {
      await server.close();
      await fs.rm(lake, { recursive: true, force: true });
    }
  });
});
