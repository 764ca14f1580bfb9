/**
 * Small results are kept in memory, large ones go to a result file: both must give the very same text rows —
 * values, order, NULLs and page boundaries — for the same query. Random specs over the sample lake are compiled by
 * the real compiler and run on three engines over the same lake: always inline, always file-backed, and a random
 * threshold in between (so some results start inline and fall back to the file).
 */
import { promises as fs } from 'node:fs';
import fc from 'fast-check';
import type { QuerySpec } from '../../../../protocol/contract';
import { compileQuery } from '../../../../proxy/src/sql/compileQuery';
import { resolveFieldCatalog } from '../../../../proxy/src/fields/fieldCatalog';
import { createDuckDbEngine, type DuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import type { TableDescription } from '../../../../proxy/src/port/engine';
import { generateSampleLake } from '../../../../tools/sampleLake/sampleData';
import { makeTempDir, waitForEnd } from './helpers';

let root: string;
let inline: DuckDbEngine;
let fileBacked: DuckDbEngine;
let mixed: DuckDbEngine;
let mixedThreshold: number;
const tables: TableDescription[] = [];

beforeAll(async () => {
  root = await makeTempDir('inline-vs-file');
  await generateSampleLake({ out: `${root}/lake`, rows: 1500, days: 5 });
  mixedThreshold = fc.sample(fc.integer({ min: 1, max: 200 }), 1)[0];
  [inline, fileBacked, mixed] = await Promise.all([
    createDuckDbEngine({
      lakeDir: `${root}/lake`,
      threads: 1,
      inlineResults: { maxRows: 1_000_000, maxBytes: 1e9, totalBytes: 1e9 },
    }),
    createDuckDbEngine({ lakeDir: `${root}/lake`, threads: 1, inlineResults: { maxRows: 0 } }),
    createDuckDbEngine({ lakeDir: `${root}/lake`, threads: 1, inlineResults: { maxRows: mixedThreshold } }),
  ]);
  for (const name of await inline.listTables('lake')) tables.push(await inline.describeTable('lake', name));
}, 60_000);

afterAll(async () => {
  await Promise.all([inline?.close(), fileBacked?.close(), mixed?.close()]);
  await fs.rm(root, { recursive: true, force: true });
});

/** A random valid spec for a random sample table: some fields, raw or aggregated, an optional limit. */
const specs = fc.integer({ min: 0, max: 1000 }).chain((tableIndex) => {
  const table = tables[tableIndex % tables.length];
  return fc.boolean().chain((aggregate) => {
    const ids = resolveFieldCatalog(table, aggregate).fields.map((field) => field.name);
    return fc
      .record({
        fields: fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 4 }),
        limit: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
      })
      .map(({ fields, limit }): { spec: QuerySpec; table: TableDescription } => ({
        table,
        spec: {
          database: 'lake',
          table: table.table,
          aggregate,
          fields: fields.map((name) => ({ name })),
          ...(limit ? { limit } : {}),
        },
      }));
  });
});

async function run(engine: DuckDbEngine, sql: string): Promise<string> {
  const id = await engine.startQuery(sql, { callerId: 'test' });
  const status = await waitForEnd(engine, id);
  if (status.state !== 'SUCCEEDED') throw new Error(`query ${status.state}: ${status.error?.message}`);
  return id;
}

it('inline, file-backed and threshold-crossing results are identical, page by page', async () => {
  await fc.assert(
    fc.asyncProperty(specs, fc.integer({ min: 1, max: 300 }), async ({ spec, table }, pageRows) => {
      const { sql } = compileQuery(spec, table, { maxRows: 1_000_000, sampleRows: 100 });
      const engines = [inline, fileBacked, mixed];
      const ids = await Promise.all(engines.map((engine) => run(engine, sql)));
      const whole = await Promise.all(engines.map((engine, i) => engine.readResults(ids[i], 0, 1_000_000)));
      expect(whole[1]).toEqual(whole[0]);
      expect(whole[2]).toEqual(whole[0]);
      expect(whole[0].totalRows).toBe(whole[0].rows.length);
      // Page boundaries: every page of every engine is the same slice, and pages cover the result exactly once.
      const total = whole[0].totalRows;
      for (let offset = 0; offset <= total; offset += pageRows) {
        const pages = await Promise.all(engines.map((engine, i) => engine.readResults(ids[i], offset, pageRows)));
        expect(pages[0]).toEqual({ rows: whole[0].rows.slice(offset, offset + pageRows), totalRows: total });
        expect(pages[1]).toEqual(pages[0]);
        expect(pages[2]).toEqual(pages[0]);
      }
    }),
    { numRuns: 25 },
  );
}, 120_000);

it('keeps NULL, empty text, a leading byte order mark and special doubles apart on both paths', async () => {
  const sql = `SELECT * FROM (VALUES (NULL, ''), ('\uFEFFx', 'a'), (CAST('NaN' AS DOUBLE)::VARCHAR, NULL)) AS t(a, b)`;
  const direct = `SELECT a, b, CAST(1e308 * 10 AS DOUBLE) AS inf, TIMESTAMP '2024-01-02 03:04:05.678' AS ts FROM (${sql})`;
  const [a, b] = await Promise.all([run(inline, direct), run(fileBacked, direct)]);
  const [fromMemory, fromFile] = await Promise.all([inline.readResults(a, 0, 10), fileBacked.readResults(b, 0, 10)]);
  expect(fromMemory).toEqual(fromFile);
  expect(fromMemory.rows).toEqual([
    [null, '', 'Infinity', '2024-01-02 03:04:05.678'],
    ['\uFEFFx', 'a', 'Infinity', '2024-01-02 03:04:05.678'],
    ['nan', null, 'Infinity', '2024-01-02 03:04:05.678'],
  ]);
});
