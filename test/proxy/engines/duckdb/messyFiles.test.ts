/**
 * File checks and skip counts of the DuckDB engine (docs/lakes.md#messy-files), on cases the mess suite
 * (test/e2e/messyLake.e2e.test.ts) does not hold: a JSON document that is one array, gzip JSON lines with a bad
 * line, and skip counts on a partition key that is not a day.
 */
import { promises as fs } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createDuckDbEngine, type DuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import { makeTempDir, queryRows, waitForEnd, writeFile } from './helpers';

let lake: string;
let engine: DuckDbEngine;

beforeAll(async () => {
  lake = await makeTempDir('messy-files');
  await writeFile(lake, 'arrays/a.json', '[\n  {"n": 1},\n  {"n": 2}\n]\n');
  await writeFile(lake, 'zipped/dt=2024-01-01/a.json.gz', gzipSync('{"n":1}\n{oops\n{"n":3}\n'));
  await writeFile(lake, 'regions/region=eu/a.json', '{"n":1}\n{"n":2}\n');
  await writeFile(lake, 'regions/region=us/a.json', '{"n":3}\nnot json\nnot json either\n');
  engine = await createDuckDbEngine({ lakeDir: lake, threads: 1, logger: { warn: () => undefined } });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(lake, { recursive: true, force: true });
});

async function skippedBy(sql: string) {
  return (await waitForEnd(engine, await engine.startQuery(sql, { callerId: 'test' }))).skipped;
}

describe('messy files', () => {
  it('reads a JSON file that is one array of records as it is', async () => {
    expect((await engine.describeTable('lake', 'arrays')).problems).toBeUndefined();
    expect(await queryRows(engine, 'SELECT "n" FROM "lake"."arrays" ORDER BY 1')).toEqual([['1'], ['2']]);
  });

  it('skips the bad line of a gzip JSON lines file and reads the rest', async () => {
    expect((await engine.describeTable('lake', 'zipped')).problems).toEqual([
      { file: 'dt=2024-01-01/a.json.gz', reason: expect.stringMatching(/1 line of 3/), records: 1 },
    ]);
    expect(await queryRows(engine, 'SELECT "n" FROM "lake"."zipped" ORDER BY 1')).toEqual([['1'], ['3']]);
    expect(await skippedBy('SELECT count(*) FROM "lake"."zipped"')).toEqual({ records: 1, files: 0 });
  });

  it('counts skipped records only for the partitions a query reads, on any partition key', async () => {
    expect(await skippedBy(`SELECT sum("n") FROM "lake"."regions" WHERE "region" = 'eu'`)).toBeUndefined();
    expect(await skippedBy(`SELECT sum("n") FROM "lake"."regions" WHERE "region" = 'us'`)).toEqual({
      records: 2,
      files: 0,
    });
    expect(await skippedBy(`SELECT sum("n") FROM "lake"."regions" WHERE "n" > 0`)).toEqual({ records: 2, files: 0 });
    expect(await queryRows(engine, 'SELECT sum("n") FROM "lake"."regions"')).toEqual([['6']]);
  });
});
