/**
 * A million-row result never passes through JS at once: DuckDB writes it to a file and pages are read by offset,
 * so the JS heap stays flat however many rows the query returns. (A memory assertion, not a timing one.)
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createDuckDbEngine, type DuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import { makeTempDir, waitForEnd, withDuckDb } from './helpers';

const ROWS = 1_000_000;
const PAGE = 20_000;
const PAGES_PER_SAMPLE = 5;

/** A full garbage collection, so heapUsed measures what is retained rather than what is not yet collected. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

let lake: string;
let engine: DuckDbEngine;

beforeAll(async () => {
  lake = await makeTempDir('streaming-lake');
  const file = path.join(lake, 'big', 'part-0.parquet');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await withDuckDb((run) =>
    run(
      `COPY (SELECT i AS id, repeat(md5(CAST(i AS VARCHAR)), 3) AS payload FROM range(${ROWS}) AS t(i)) TO '${file}' (FORMAT parquet)`,
    ),
  );
  engine = await createDuckDbEngine({ lakeDir: lake, threads: 2 });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(lake, { recursive: true, force: true });
});

it('pages through 1,000,000 rows with a JS heap that does not grow with the row count', async () => {
  const id = await engine.startQuery('SELECT "id", "payload" FROM "lake"."big"', { callerId: 'test' });
  expect(await waitForEnd(engine, id)).toMatchObject({ state: 'SUCCEEDED' });
  const retained: number[] = [];
  let rows = 0;
  let chars = 0;
  let idSum = 0;
  for (let offset = 0, pages = 0; ; offset += PAGE, pages++) {
    if (pages % PAGES_PER_SAMPLE === 0) {
      collectGarbage();
      retained.push(process.memoryUsage().heapUsed);
    }
    const page = await engine.readResults(id, offset, PAGE);
    expect(page.totalRows).toBe(ROWS);
    if (page.rows.length === 0) break;
    for (const [rowId, payload] of page.rows) {
      idSum += Number(rowId);
      chars += rowId!.length + payload!.length;
    }
    rows += page.rows.length;
  }
  expect(rows).toBe(ROWS);
  expect(idSum).toBe((ROWS * (ROWS - 1)) / 2);
  // Keeping the rows would retain more than `chars` bytes (over 100 MB) by the end; the retained heap stays flat.
  expect(chars).toBeGreaterThan(100_000_000);
  expect(retained.length).toBeGreaterThanOrEqual(ROWS / PAGE / PAGES_PER_SAMPLE);
  expect(Math.max(...retained) - retained[0]).toBeLessThan(16 * 1024 * 1024);
});
