/** The sample lake generator: deterministic bytes, the documented layout, live-looking patterns, and its CLI. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDuckDbEngine } from '../../../proxy/src/engines/duckdb';
import {
  generateSampleLake,
  parseSampleArgs,
  SAMPLE_TABLES,
  type SampleLakeSummary,
  terminalProgress,
} from '../../../tools/sampleLake/sampleData';
import { makeTempDir, queryRows, withDuckDb } from '../../proxy/engines/duckdb/helpers';

const scratch: string[] = [];
async function tempLake(): Promise<string> {
  const dir = await makeTempDir('sample-lake');
  scratch.push(dir);
  return dir;
}
afterAll(() => Promise.all(scratch.map((dir) => fs.rm(dir, { recursive: true, force: true }))));

/** relative path → sha256 of every file under `root`. */
async function fingerprint(root: string): Promise<Record<string, string>> {
  const entries = await fs.readdir(root, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const hashes = await Promise.all(
    files.map(async (f) => [
      path.relative(root, f),
      createHash('sha256')
        .update(await fs.readFile(f))
        .digest('hex'),
    ]),
  );
  return Object.fromEntries(hashes.sort());
}

/** JSON rows of one generated table, with the file each came from. */
async function jsonRows(root: string, folder: string): Promise<{ file: string; row: Record<string, unknown> }[]> {
  const fingerprints = Object.keys(await fingerprint(path.join(root, folder)));
  const perFile = await Promise.all(
    fingerprints.map(async (file) => {
      const text = await fs.readFile(path.join(root, folder, file), 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ file, row: JSON.parse(line) as Record<string, unknown> }));
    }),
  );
  return perFile.flat();
}

describe('generateSampleLake', () => {
  let lake: string;
  let summary: SampleLakeSummary;
  beforeAll(async () => {
    lake = await tempLake();
    summary = await generateSampleLake({ out: lake, rows: 20_003, days: 28, endDate: '2026-10-31' });
  });

  it('writes the same bytes for the same arguments, and other bytes for another seed', async () => {
    const [a, b, c] = [await tempLake(), await tempLake(), await tempLake()];
    await generateSampleLake({ out: a, rows: 3000, days: 10 });
    await generateSampleLake({ out: b, rows: 3000, days: 10 });
    await generateSampleLake({ out: c, rows: 3000, days: 10, seed: 'another' });
    const [fa, fb, fc] = [await fingerprint(a), await fingerprint(b), await fingerprint(c)];
    expect(Object.keys(fa).length).toBe(6 * 10);
    expect(fb).toEqual(fa);
    expect(Object.values(fc)).not.toEqual(Object.values(fa));
  });

  it('lays files out as <type>-1.0.0/dt=YYYY-MM-DD/<epoch-ms>.json or part-0.parquet over the requested days', async () => {
    const files = Object.keys(await fingerprint(lake));
    const days = new Set(files.map((f) => /dt=(\d{4}-\d{2}-\d{2})/.exec(f)?.[1]));
    expect([...days].sort()).toEqual(
      Array.from({ length: 28 }, (_, i) => new Date(Date.UTC(2026, 9, 4 + i)).toISOString().slice(0, 10)),
    );
    for (const table of SAMPLE_TABLES) {
      const name = table.format === 'json' ? '\\d{13}\\.json' : 'part-0\\.parquet';
      const own = files.filter((f) => f.startsWith(`${table.type}-1.0.0/`));
      expect(own).toHaveLength(28);
      for (const file of own)
        expect(file).toMatch(new RegExp(`^${table.type}-1\\.0\\.0/dt=\\d{4}-\\d{2}-\\d{2}/${name}$`));
    }
  });

  it('puts every JSON event in its UTC day, sorted, in a file named after its first event', async () => {
    const rows = await jsonRows(lake, 'food-pickup-1.0.0');
    const byFile = new Map<string, number[]>();
    for (const { file, row } of rows) {
      const ms = Date.parse(row.pickupTimestamp as string);
      expect(file.slice(3, 13)).toBe(new Date(ms).toISOString().slice(0, 10));
      byFile.set(file, [...(byFile.get(file) ?? []), ms]);
    }
    for (const [file, times] of byFile) {
      expect(path.basename(file)).toBe(`${times[0]}.json`);
      expect(times).toEqual([...times].sort((x, y) => x - y));
    }
  });

  it('reports the rows it wrote, adding up to the requested total', async () => {
    expect(summary.rows).toBe(20_003);
    expect(summary.tables.reduce((sum, t) => sum + t.rows, 0)).toBe(20_003);
    for (const t of summary.tables.filter((t) => t.format === 'json'))
      expect((await jsonRows(lake, t.folder)).length).toBe(t.rows);
    for (const t of summary.tables.filter((t) => t.format === 'parquet')) {
      const [[count]] = await withDuckDb((run) =>
        run(`SELECT count(*)::INTEGER FROM read_parquet('${path.join(lake, t.folder)}/*/*.parquet')`),
      );
      expect(count).toBe(t.rows);
    }
    const entries = await fs.readdir(lake, { withFileTypes: true, recursive: true });
    const sizes = await Promise.all(
      entries.filter((e) => e.isFile()).map((e) => fs.stat(path.join(e.parentPath, e.name))),
    );
    expect(summary.bytes).toBe(sizes.reduce((sum, s) => sum + s.size, 0));
  });

  it('looks alive: busier weekends and dinner hours for food, about 1% thermostat outliers', async () => {
    const pickups = (await jsonRows(lake, 'food-pickup-1.0.0')).map(
      ({ row }) => new Date(row.pickupTimestamp as string),
    );
    const perDay = (days: number[]) => pickups.filter((d) => days.includes(d.getUTCDay())).length / days.length;
    expect(perDay([0, 6])).toBeGreaterThan(1.2 * perDay([1, 2, 3]));
    const inHours = (from: number, to: number) =>
      pickups.filter((d) => d.getUTCHours() >= from && d.getUTCHours() <= to).length;
    expect(inHours(17, 20)).toBeGreaterThan(10 * inHours(2, 5));
    const [[outliers, total]] = await withDuckDb((run) =>
      run(
        `SELECT count(*) FILTER (WHERE temp < 0 OR temp > 60)::INTEGER, count(*)::INTEGER FROM read_parquet('${lake}/thermostat-reading-1.0.0/*/*.parquet')`,
      ),
    );
    expect((outliers as number) / (total as number)).toBeGreaterThan(0.003);
    expect((outliers as number) / (total as number)).toBeLessThan(0.03);
  });

  it('infers real timestamps and typed Parquet columns through the DuckDB engine', async () => {
    const engine = await createDuckDbEngine({ lakeDir: lake, threads: 1 });
    try {
      const types = async (table: string) =>
        Object.fromEntries((await engine.describeTable('lake', table)).columns.map((c) => [c.name, c.type]));
      expect(await types('food_pickup_1_0_0')).toMatchObject({
        pickuptimestamp: 'timestamp',
        waitseconds: 'bigint',
        orderid: 'string',
      });
      expect(await types('food_delivery_1_0_0')).toMatchObject({
        deliverytimestamp: 'timestamp',
        distancekm: 'double',
        status: 'string',
      });
      expect(await types('payment_requested_1_0_0')).toMatchObject({
        timestamp: 'timestamp',
        amount: 'bigint',
        currency: 'string',
      });
      expect(await types('app_log_1_0_0')).toEqual({
        type: 'string',
        version: 'string',
        source: 'string',
        logtype: 'string',
        timestamp: 'timestamp',
        message: 'string',
        dt: 'string',
      });
      expect(await types('bookstore_purchase_1_0_0')).toMatchObject({
        price: 'decimal(10,2)',
        userage: 'int',
        purchasetimestamp: 'timestamp',
      });
      expect(await types('thermostat_reading_1_0_0')).toMatchObject({
        temp: 'double',
        humidity: 'double',
        readingtimestamp: 'timestamp',
      });
      const [[nullSources, missingMessages, quoted, unicode, multiline]] = await queryRows(
        engine,
        `SELECT count(*) FILTER (WHERE "source" IS NULL), count(*) FILTER (WHERE "message" IS NULL), ` +
          `count(*) FILTER (WHERE strpos("message", '"') > 0 AND strpos("message", ',') > 0), ` +
          `count(*) FILTER (WHERE regexp_like("message", '[^\\x00-\\x7F]')), count(*) FILTER (WHERE strpos("message", chr(10)) > 0) ` +
          `FROM "lake"."app_log_1_0_0"`,
      );
      for (const n of [nullSources, missingMessages, quoted, unicode, multiline]) expect(Number(n)).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });

  it('rejects impossible options', async () => {
    await expect(generateSampleLake({ out: lake, rows: -1 })).rejects.toThrow(RangeError);
    await expect(generateSampleLake({ out: lake, days: 0 })).rejects.toThrow(RangeError);
    await expect(generateSampleLake({ out: lake, endDate: '2026-02-30' })).rejects.toThrow(/real date/);
  });
});

describe('sampleData command line', () => {
  it('parses its flags', () => {
    expect(parseSampleArgs([])).toEqual({ out: '.lake/sample' });
    expect(parseSampleArgs(['--out', 'x', '--rows', '5000000', '--days', '90', '--end-date', '2026-01-31'])).toEqual({
      out: 'x',
      rows: 5_000_000,
      days: 90,
      endDate: '2026-01-31',
    });
    expect(parseSampleArgs(['--rows', '10', '--help'])).toBe('help');
    expect(() => parseSampleArgs(['--rows', '1e6'])).toThrow(/whole number/);
    expect(() => parseSampleArgs(['--rows'])).toThrow(/needs a value/);
    expect(() => parseSampleArgs(['--bogus', '1'])).toThrow(/Unknown option/);
  });

  it('writes a lake and prints a summary when run', async () => {
    const out = await tempLake();
    const script = path.join(__dirname, '..', '..', '..', 'tools', 'sampleLake', 'sampleData.ts');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', script, '--out', out, '--rows', '600', '--days', '3'],
      {
        cwd: path.join(__dirname, '..', '..', '..'),
      },
    );
    expect(stdout).toMatch(/food-pickup-1\.0\.0\s+json\s+120 rows\s+3 files/);
    expect(stdout).toMatch(/total: 600 rows/);
    expect(Object.keys(await fingerprint(out))).toHaveLength(18);
  });
});

describe('sample-data progress', () => {
  it('reports each table as it is written, up to every row', async () => {
    const out = await makeTempDir('sample-progress');
    const seen: { tablesDone: number; rowsDone: number; rowsTotal: number }[] = [];
    await generateSampleLake({ out, rows: 600, days: 2, onProgress: (p) => seen.push(p) });
    expect(seen).toHaveLength(SAMPLE_TABLES.length);
    expect(seen.map((p) => p.tablesDone)).toEqual(SAMPLE_TABLES.map((_, i) => i + 1));
    expect(seen.at(-1)).toMatchObject({ rowsDone: 600, rowsTotal: 600 });
  }, 60_000);

  it('shows a progress line on a terminal only', () => {
    const written: string[] = [];
    const write = (text: string) => written.push(text);
    expect(terminalProgress({ isTTY: false, write })).toBeUndefined();
    terminalProgress({ isTTY: true, write })?.({
      table: 'food-delivery',
      tablesDone: 2,
      tablesTotal: 6,
      rowsDone: 2_500_000,
      rowsTotal: 5_000_000,
    });
    expect(written).toEqual(['\r  2/6 tables, 2,500,000 of 5,000,000 rows (50%) — food-delivery done']);
  });
});
