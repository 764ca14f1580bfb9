/** Lake discovery: table names, column types, partition keys, and folders reported instead of served. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UnknownDatabaseError, UnknownTableError } from '../../../../proxy/src/errors';
import { createDuckDbEngine, type DuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import { makeTempDir, queryRows, writeFile } from './helpers';
import { writeTrickyLake } from './trickyLake';

let lake: string;
let engine: DuckDbEngine;
const warnings: string[] = [];

beforeAll(async () => {
  lake = await makeTempDir('catalog-lake');
  await writeTrickyLake(lake);
  engine = await createDuckDbEngine({
    lakeDir: lake,
    threads: 1,
    logger: { warn: (message) => warnings.push(message) },
  });
});

afterAll(async () => {
  await engine.close();
  await fs.rm(lake, { recursive: true, force: true });
});

const columnsOf = async (table: string) =>
  (await engine.describeTable('lake', table)).columns.map((c) => [c.name, c.type, c.partitionKey]);

describe('discovery', () => {
  it('names tables the way a Glue crawler would and serves only readable folders', async () => {
    expect(await engine.listDatabases()).toEqual(['lake']);
    expect(await engine.listTables('lake')).toEqual([
      'case_variants',
      'food_pickup_1_0_0',
      'gz_logs',
      'people_list',
      'typed',
    ]);
  });

  it('reads the seeds layout: lower-cased columns, inferred types, dt as a string partition key', async () => {
    expect(await columnsOf('food_pickup_1_0_0')).toEqual([
      ['orderid', 'string', false],
      ['city', 'string', false],
      ['pickuptimestamp', 'timestamp', false],
      ['waitseconds', 'bigint', false],
      ['tags', 'array<string>', false],
      ['courier', 'struct<id:bigint,name:string>', false],
      ['dt', 'string', true],
    ]);
    const table = await engine.describeTable('lake', 'food_pickup_1_0_0');
    expect(table).toMatchObject({
      database: 'lake',
      table: 'food_pickup_1_0_0',
      isView: false,
      properties: { classification: 'json' },
    });
  });

  it('keeps year/month/day partition keys in path order, as strings with their leading zeros', async () => {
    expect(await columnsOf('people_list')).toEqual([
      ['id', 'bigint', false],
      ['name', 'string', false],
      ['note', 'string', false],
      ['score', 'double', false],
      ['year', 'string', true],
      ['month', 'string', true],
      ['day', 'string', true],
    ]);
    const rows = await queryRows(
      engine,
      'SELECT "year", "month", "day", count(*) FROM "lake"."people_list" GROUP BY 1, 2, 3',
    );
    expect(rows.sort()).toEqual([
      ['2024', '05', '01', '3'],
      ['2024', '06', '02', '1'],
    ]);
  });

  it('maps every Parquet type to Athena spelling, keeping unmappable ones by their DuckDB name', async () => {
    expect(await columnsOf('typed')).toEqual([
      ['big', 'bigint', false],
      ['i', 'int', false],
      ['s', 'smallint', false],
      ['t', 'tinyint', false],
      ['d', 'double', false],
      ['f', 'float', false],
      ['dec', 'decimal(12,3)', false],
      ['str', 'string', false],
      ['flag', 'boolean', false],
      ['day', 'date', false],
      ['ts', 'timestamp', false],
      ['tstz', 'timestamp with time zone', false],
      ['list', 'array<bigint>', false],
      ['rec', 'struct<a:int,b:string>', false],
      ['m', 'map<string,bigint>', false],
      ['raw', 'binary', false],
      ['clock', 'time', false],
      ['region', 'string', true],
    ]);
  });

  it('serves a JSON key spelled in two letter cases from its first spelling only, and says so', async () => {
    expect(await columnsOf('case_variants')).toEqual([
      ['level', 'string', false],
      ['n', 'bigint', false],
    ]);
    expect(engine.catalog().problems).toContainEqual({
      folder: 'case-variants',
      table: 'case_variants',
      reason: expect.stringMatching(/JSON key "level" appears in several letter cases/),
    });
    expect(await queryRows(engine, 'SELECT "level", "n" FROM "lake"."case_variants"')).toEqual([
      ['INFO', '1'],
      [null, '2'],
    ]);
  });

  it('reads gzip-compressed JSON lines', async () => {
    expect(await queryRows(engine, 'SELECT "level", "msg" FROM "lake"."gz_logs"')).toEqual([
      ['INFO', 'zipped'],
      ['WARN', 'again'],
    ]);
  });

  it('reports every folder it leaves out, with a reason, and logs it', () => {
    const problems = engine.catalog().problems;
    const reasonFor = (folder: string) => problems.find((p) => p.folder === folder)?.reason ?? 'not reported';
    expect(reasonFor('broken')).toMatch(/cannot be read/);
    expect(reasonFor('broken-parquet')).toMatch(/cannot be read/);
    expect(reasonFor('mixed')).toMatch(/mixes file formats \(json, csv\)/);
    expect(reasonFor('no-data')).toMatch(/no data files/);
    expect(reasonFor('not-hive')).toMatch(/not key=value partitions/);
    expect(reasonFor('uneven')).toMatch(/inconsistent partition folders/);
    expect(reasonFor('gz-logs')).toBe('not reported');
    expect(reasonFor('gz.logs')).toMatch(/"gz_logs" is taken by gz-logs/);
    expect(problems.map((p) => p.folder)).not.toContain('_staging');
    expect(problems.map((p) => p.folder).sort()).toEqual([
      'broken',
      'broken-parquet',
      'case-variants',
      'gz.logs',
      'mixed',
      'no-data',
      'not-hive',
      'uneven',
    ]);
    expect(warnings).toHaveLength(problems.length);
  });

  it('rejects unknown databases and tables with the taxonomy errors', async () => {
    await expect(engine.listTables('other')).rejects.toBeInstanceOf(UnknownDatabaseError);
    await expect(engine.describeTable('other', 'typed')).rejects.toBeInstanceOf(UnknownDatabaseError);
    await expect(engine.describeTable('lake', 'nope')).rejects.toBeInstanceOf(UnknownTableError);
    await expect(engine.describeTable('lake', 'broken')).rejects.toBeInstanceOf(UnknownTableError);
  });
});

describe('refreshCatalog', () => {
  it('picks up new tables and drops removed ones when a table folder appears or goes (or when asked)', async () => {
    const local = await makeTempDir('refresh-lake');
    await writeFile(local, 'first/dt=2024-01-01/a.json', '{"n":1}\n');
    const refreshed = await createDuckDbEngine({
      lakeDir: local,
      threads: 1,
      database: 'analytics',
      logger: { warn: () => undefined },
    });
    try {
      expect(await refreshed.listTables('analytics')).toEqual(['first']);
      await writeFile(local, 'second/b.json', '{"m":2}\n');
      expect(await refreshed.listTables('analytics')).toEqual(['first', 'second']);
      await fs.rm(path.join(local, 'first'), { recursive: true });
      expect(await refreshed.listTables('analytics')).toEqual(['second']);
      const catalog = await refreshed.refreshCatalog();
      expect([...catalog.tables.keys()]).toEqual(['second']);
      expect(await queryRows(refreshed, 'SELECT "m" FROM "analytics"."second"')).toEqual([['2']]);
      const gone = await queryRows(refreshed, `SELECT count(*) FROM duckdb_views() WHERE view_name = 'first'`);
      expect(gone).toEqual([['0']]);
    } finally {
      await refreshed.close();
      await fs.rm(local, { recursive: true, force: true });
    }
  });

  it('refuses a missing lake folder and an invalid database name', async () => {
    await expect(createDuckDbEngine({ lakeDir: '/nonexistent/lake' })).rejects.toThrow(/Lake folder not found/);
    await expect(createDuckDbEngine({ lakeDir: lake, database: 'Bad-Name' })).rejects.toThrow(/Database name/);
  });
});
