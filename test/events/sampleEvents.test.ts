/**
 * The sample lake is made of declared events: every JSON line it writes validates against its schema, and the
 * Parquet tables carry exactly the schema's columns. Columns other helpers rely on are present.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EVENT_SCHEMAS } from '../../events/schemas';
import { allFields } from '../../events/src/schema';
import { schemaLookup, validateEvent } from '../../events/src/validate';
import { generateSampleLake, SAMPLE_TABLES } from '../../tools/sampleLake/sampleData';
import { makeTempDir, withDuckDb } from '../proxy/engines/duckdb/helpers';

let lake: string;
beforeAll(async () => {
  lake = await makeTempDir('sample-events');
  await generateSampleLake({ out: lake, rows: 3000, days: 3 });
});
afterAll(() => fs.rm(lake, { recursive: true, force: true }));

async function jsonLines(folder: string): Promise<Record<string, unknown>[]> {
  const entries = await fs.readdir(path.join(lake, folder), { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const texts = await Promise.all(files.map((f) => fs.readFile(f, 'utf8')));
  return texts.flatMap((t) =>
    t
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  );
}

describe('sample lake events', () => {
  it('uses one schema per table, the same list the template is generated from', () => {
    expect(SAMPLE_TABLES.map((t) => t.schema)).toEqual(EVENT_SCHEMAS);
  });

  it('writes only valid events to the JSON tables', async () => {
    const lookup = schemaLookup(EVENT_SCHEMAS);
    for (const table of SAMPLE_TABLES.filter((t) => t.format === 'json')) {
      const rows = await jsonLines(`${table.type}-1.0.0`);
      expect(rows.length).toBeGreaterThan(100);
      for (const row of rows) {
        const result = validateEvent(row, lookup);
        if (!result.ok) throw new Error(`${table.type}: ${result.field} ${result.reason} in ${JSON.stringify(row)}`);
      }
    }
  });

  it('gives the Parquet tables every declared column, in order', async () => {
    for (const table of SAMPLE_TABLES.filter((t) => t.format === 'parquet')) {
      const names = await withDuckDb((run) =>
        run(`DESCRIBE SELECT * FROM read_parquet('${lake}/${table.type}-1.0.0/*/*.parquet', hive_partitioning=false)`),
      );
      expect(names.map((r) => r[0])).toEqual(allFields(table.schema).map(([name]) => name));
    }
  });

  it('carries the optional columns reports rely on', async () => {
    const [delivery] = await jsonLines('food-delivery-1.0.0');
    expect(delivery).toMatchObject({
      clientCords: expect.stringMatching(/^-?\d+\.\d+,-?\d+\.\d+$/),
      tip_pct: expect.any(Number),
      delivery_seconds: expect.any(Number),
      receipt_url: expect.stringMatching(/^https:\/\/example\.com\//),
    });
    const deliveries = await jsonLines('food-delivery-1.0.0');
    expect(deliveries.every((d) => typeof d.country_code === 'string' && /^[A-Z]{2}$/.test(d.country_code))).toBe(true);
    const payments = await jsonLines('payment-requested-1.0.0');
    expect(payments.every((p) => Number.isInteger(p.amount) && typeof p.amount_usd === 'number')).toBe(true);
  });
});
