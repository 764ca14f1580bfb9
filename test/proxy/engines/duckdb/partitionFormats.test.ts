/**
 * A `dt` partition is only used as a day when its folder values are `YYYY-MM-DD`. A lake written as `dt=20240111`
 * must not be pruned with ISO-date bounds (that would find nothing): the engine reports the values' format and the
 * compiler then treats `dt` as plain text.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { compileQuery } from '../../../../proxy/src/sql/compileQuery';
import { deriveTableSchema } from '../../../../proxy/src/fields/tableSchema';
import { createDuckDbEngine, type DuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import { makeTempDir, queryRows } from './helpers';

let lake: string;
let engine: DuckDbEngine;

async function writeEvents(folder: string, dt: string, day: string): Promise<void> {
  const dir = path.join(lake, folder, `dt=${dt}`);
  await fs.mkdir(dir, { recursive: true });
  const rows = [0, 6, 23].map((hour) =>
    JSON.stringify({ id: hour, ts: `${day} ${String(hour).padStart(2, '0')}:30:00` }),
  );
  await fs.writeFile(path.join(dir, 'part.json'), `${rows.join('\n')}\n`);
}

beforeAll(async () => {
  lake = await makeTempDir('partition-formats-');
  for (const day of ['2024-01-10', '2024-01-11', '2024-01-12']) {
    await writeEvents('iso-events', day, day);
    await writeEvents('compact-events', day.replace(/-/g, ''), day);
  }
  engine = await createDuckDbEngine({ lakeDir: lake });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(lake, { recursive: true, force: true });
});

describe('dt partition formats', () => {
  it('reports which partition keys hold YYYY-MM-DD days', async () => {
    expect((await engine.describeTable('lake', 'iso_events')).properties['partition.dt.format']).toBe('yyyy-MM-dd');
    expect((await engine.describeTable('lake', 'compact_events')).properties['partition.dt.format']).toBe('other');
  });

  it('offers dt as a date only where it is one', async () => {
    const iso = deriveTableSchema(await engine.describeTable('lake', 'iso_events'), true);
    const compact = deriveTableSchema(await engine.describeTable('lake', 'compact_events'), true);
    expect(iso.dateColumns).toContain('dt');
    expect(compact.dateColumns).not.toContain('dt');
    expect(compact.fields.find((f) => f.name === 'dt')?.semantics.semanticType).toBe('TEXT');
  });

  it.each(['iso_events', 'compact_events'])("%s: a date range on the timestamp finds the day's rows", async (table) => {
    const described = await engine.describeTable('lake', table);
    const { sql } = compileQuery(
      {
        database: 'lake',
        table,
        aggregate: false,
        fields: [{ name: 'id' }],
        dateColumn: 'ts',
        dateRange: { startDate: '2024-01-11', endDate: '2024-01-11' },
      },
      described,
      { maxRows: 1000, sampleRows: 10 },
    );
    const ids = (await queryRows(engine, sql)).map((r) => Number(r[0])).sort((a, b) => a - b);
    expect(ids).toEqual([0, 6, 23]);
  });
});
