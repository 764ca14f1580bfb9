/**
 * Queries through the DuckDB engine, checked against expectations computed independently: in JS from the generated
 * files, or with hand-written read_json/read_parquet SQL on a separate DuckDB.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InvalidRequestError, QueryFailedError, UnknownQueryError } from '../../../../proxy/src/errors';
import { createDuckDbEngine, type DuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import { generateSampleLake } from '../../../../tools/sampleLake/sampleData';
import { makeTempDir, queryFailure, queryRows, sortedRows, waitForEnd, withDuckDb } from './helpers';
import { CSV_ROWS, writeTrickyLake } from './trickyLake';

let lake: string;
let engine: DuckDbEngine;

beforeAll(async () => {
  lake = await makeTempDir('engine-lake');
  await generateSampleLake({ out: lake, rows: 6000, days: 14, endDate: '2026-03-31' });
  await writeTrickyLake(lake);
  engine = await createDuckDbEngine({ lakeDir: lake, threads: 2, logger: { warn: () => undefined } });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(lake, { recursive: true, force: true });
});

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** All JSON rows of a generated JSON-lines table, parsed in JS. */
async function jsonRows(folder: string): Promise<Record<string, unknown>[]> {
  const files = (await filesUnder(path.join(lake, folder))).filter((f) => f.endsWith('.json'));
  const texts = await Promise.all(files.map((f) => fs.readFile(f, 'utf8')));
  return texts.flatMap((text) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  );
}

describe('results match independent computations', () => {
  it('counts and sums per city equal the JS totals over the JSON files', async () => {
    const expected = new Map<string | null, [number, number]>();
    for (const row of await jsonRows('food-pickup-1.0.0')) {
      const city = row.city as string | null;
      const [n, sum] = expected.get(city) ?? [0, 0];
      expected.set(city, [n + 1, sum + (row.waitSeconds as number)]);
    }
    const rows = await queryRows(
      engine,
      'SELECT "city", count(*), sum("waitseconds") FROM "lake"."food_pickup_1_0_0" GROUP BY 1',
    );
    expect(sortedRows(rows)).toEqual(
      sortedRows([...expected].map(([city, [n, sum]]) => [city, String(n), String(sum)])),
    );
  });

  it('local days via at_timezone + date_format equal JS Intl conversion, with dt partition pruning', async () => {
    const berlinDay = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const expected = new Map<string, number>();
    for (const row of await jsonRows('payment-requested-1.0.0')) {
      const utcDay = (row.timestamp as string).slice(0, 10);
      if (utcDay < '2026-03-25' || utcDay > '2026-03-30' || row.currency === 'USD') continue;
      const day = berlinDay.format(new Date(row.timestamp as string)).replace(/-/g, '');
      expected.set(day, (expected.get(day) ?? 0) + 1);
    }
    const rows = await queryRows(
      engine,
      `SELECT date_format(at_timezone("timestamp", 'Europe/Berlin'), '%Y%m%d'), count(*) FROM "lake"."payment_requested_1_0_0" ` +
        `WHERE "dt" BETWEEN '2026-03-25' AND '2026-03-30' AND "currency" <> 'USD' GROUP BY 1`,
    );
    expect(sortedRows(rows)).toEqual(sortedRows([...expected].map(([day, n]) => [day, String(n)])));
  });

  it('Parquet aggregates equal a hand-written read_parquet query', async () => {
    const glob = path.join(lake, 'bookstore-purchase-1.0.0', '*', '*.parquet');
    const expected = await withDuckDb((run) =>
      run(
        `SELECT genre, CAST(count(*) AS VARCHAR), CAST(sum(price) AS VARCHAR), CAST(max(userAge) AS VARCHAR) FROM read_parquet('${glob}') GROUP BY 1`,
      ),
    );
    const rows = await queryRows(
      engine,
      'SELECT "genre", count(*), sum("price"), max("userage") FROM "lake"."bookstore_purchase_1_0_0" GROUP BY 1',
    );
    expect(sortedRows(rows)).toEqual(sortedRows(expected));
  });

  it('keeps NULL, missing and empty JSON values apart', async () => {
    const all = await jsonRows('app-log-1.0.0');
    const count = (test: (row: Record<string, unknown>) => boolean) => String(all.filter(test).length);
    const rows = await queryRows(
      engine,
      `SELECT count(*) FILTER (WHERE "message" IS NULL), count(*) FILTER (WHERE "message" = ''), count(*) FILTER (WHERE "source" IS NULL) FROM "lake"."app_log_1_0_0"`,
    );
    expect(rows).toEqual([
      [count((r) => !('message' in r)), count((r) => r.message === ''), count((r) => r.source === null)],
    ]);
    expect(Number(rows[0][0])).toBeGreaterThan(0);
    expect(Number(rows[0][1])).toBeGreaterThan(0);
  });

  it('keeps CSV NULL (unquoted empty) apart from "" and reads quotes, commas and newlines', async () => {
    const rows = await queryRows(
      engine,
      `SELECT "id", "name", "note", "score" FROM "lake"."people_list" WHERE "month" = '05'`,
    );
    const byId = new Map(rows.map((row) => [row[0], row]));
    for (const [id, name, note, score] of CSV_ROWS) {
      const row = byId.get(String(id))!;
      expect(row.slice(1, 3)).toEqual([name ?? null, note ?? null]);
      expect(row[3] === null ? undefined : Number(row[3])).toEqual(score);
    }
  });

  it('serves the seeds layout with timestamps in Athena text', async () => {
    const rows = await queryRows(
      engine,
      `SELECT "city", "pickuptimestamp", "dt" FROM "lake"."food_pickup_1_0_0" WHERE "dt" < '2019-01-01'`,
    );
    expect(sortedRows(rows)).toEqual(
      sortedRows([
        ['Berlin', '2018-05-28 21:02:33.061', '2018-05-28'],
        [null, '2018-05-28 22:10:00.000', '2018-05-28'],
        ['', '2018-05-29 00:00:01.500', '2018-05-29'],
      ]),
    );
  });

  it('returns text exactly, including a leading byte order mark and other edge characters', async () => {
    const values = ['\uFEFFbom first', 'ends with bom\uFEFF', '', ' ', '\u0000'.slice(1), 'ÿ€😀', "it''s"];
    const sql = `SELECT v FROM (VALUES ${values.map((v) => `('${v}')`).join(', ')}) AS t(v)`;
    const rows = await queryRows(engine, sql);
    expect(rows.map((r) => r[0]).sort()).toEqual(values.map((v) => v.replace("''", "'")).sort());
  });

  it('estimates bytes scanned as the size of the files of the tables the query names', async () => {
    const sizeOf = async (folder: string) =>
      (
        await Promise.all(
          (await filesUnder(path.join(lake, folder)))
            .filter((f) => !path.basename(f).startsWith('_') && !path.basename(f).startsWith('.'))
            .map((f) => fs.stat(f)),
        )
      ).reduce((sum, s) => sum + s.size, 0);
    const id = await engine.startQuery(
      'SELECT count(*) FROM "lake"."thermostat_reading_1_0_0" WHERE "deviceid" IN (SELECT "courierid" FROM "lake"."food_delivery_1_0_0")',
      { callerId: 'test' },
    );
    const status = await waitForEnd(engine, id);
    expect(status.bytesScanned).toBe(
      (await sizeOf('thermostat-reading-1.0.0')) + (await sizeOf('food-delivery-1.0.0')),
    );
    expect((await waitForEnd(engine, await engine.startQuery('SELECT 1', { callerId: 'test' }))).bytesScanned).toBe(0);
  });
});

describe('paging', () => {
  it('pages by offset cover the result exactly once, in a stable order', async () => {
    const sql = 'SELECT "orderid", "city" FROM "lake"."food_delivery_1_0_0"';
    const id = await engine.startQuery(sql, { callerId: 'test' });
    expect((await waitForEnd(engine, id)).state).toBe('SUCCEEDED');
    const whole = await engine.readResults(id, 0, 100_000);
    const pages: (string | null)[][] = [];
    for (let offset = 0; offset < whole.totalRows; offset += 997) {
      const page = await engine.readResults(id, offset, 997);
      expect(page.totalRows).toBe(whole.totalRows);
      pages.push(...page.rows);
    }
    expect(pages).toEqual(whole.rows);
    expect(whole.totalRows).toBe((await jsonRows('food-delivery-1.0.0')).length);
    expect(new Set(whole.rows.map((row) => row[0])).size).toBe(whole.totalRows);
    expect(await engine.readResults(id, whole.totalRows + 5, 10)).toEqual({ rows: [], totalRows: whole.totalRows });
  });
});

describe('failures', () => {
  it('reports SQL errors as USER failures and refuses to read their results', async () => {
    const status = await queryFailure(engine, 'SELECT "nope" FROM "lake"."app_log_1_0_0"');
    expect(status).toMatchObject({ state: 'FAILED', bytesScanned: 0, error: { category: 'USER', kind: 'SYNTAX' } });
    expect(status.error?.message).toMatch(/^Binder Error: .*"nope"/);
    await expect(engine.readResults(status.queryId, 0, 10)).rejects.toBeInstanceOf(QueryFailedError);
  });

  it('cannot read files outside the lake', async () => {
    const status = await queryFailure(engine, "SELECT * FROM read_csv('/etc/passwd')");
    expect(status).toMatchObject({
      state: 'FAILED',
      error: { category: 'USER', message: expect.stringMatching(/Permission Error/) },
    });
  });

  it('cannot be talked into a second statement', async () => {
    const status = await queryFailure(engine, "SELECT 1) TO '/tmp/escape.csv' (FORMAT csv); COPY (SELECT 2");
    expect(status.state).toBe('FAILED');
    await expect(fs.stat('/tmp/escape.csv')).rejects.toThrow();
  });

  it('rejects unknown ids (never touching the file system) and bad ranges', async () => {
    await expect(engine.getQueryStatus('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
      UnknownQueryError,
    );
    await expect(engine.readResults('../../etc/passwd', 0, 1)).rejects.toBeInstanceOf(UnknownQueryError);
    await expect(engine.cancelQuery('nope')).rejects.toBeInstanceOf(UnknownQueryError);
    const id = await engine.startQuery('SELECT 1', { callerId: 'test' });
    await waitForEnd(engine, id);
    await expect(engine.readResults(id, -1, 10)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(engine.readResults(id, 0, 1.5)).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
