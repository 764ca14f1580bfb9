/**
 * The DuckDB data-error mapping over DuckDB's real messages: each broken file is written to a temporary lake and
 * read with the reader functions the lake catalog uses, and the message DuckDB really gives is classified, so a
 * DuckDB upgrade that rewords one fails here. The texts are listed in docs/lakes.md#when-a-file-cannot-be-read.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { classifyDuckDbError, locateLakeFile, messageOf } from '../../../../proxy/src/engines/duckdb/queryErrors';
import { failureOf } from '../../../../proxy/src/engines/duckdb/unreadableFiles';
import { scrubLocations } from '../../../../proxy/src/errors';
import { BROKEN_JSON_LINES, corruptPages, goodParquet, truncated, writeLakeFile } from '../../../support/brokenLake';
import { makeTempDir } from './helpers';

let lakeDir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
const tableOf = (folder: string) => ({ orders: 'orders', 'web-events': 'web_events' })[folder];

beforeAll(async () => {
  lakeDir = await makeTempDir('duck-errors');
  const good = await goodParquet(500);
  await writeLakeFile(lakeDir, 'orders/dt=2024-01-01/part-0.parquet', good);
  await writeLakeFile(lakeDir, 'orders/dt=2024-01-02/zz-corrupt.parquet', corruptPages(good));
  await writeLakeFile(lakeDir, 'orders/dt=2024-01-03/zz-truncated.parquet', truncated(good));
  await writeLakeFile(lakeDir, 'orders/dt=2024-01-04/zz-empty.parquet', '');
  await writeLakeFile(lakeDir, 'orders/dt=2024-01-05/zz-text.parquet', '{"id":1}\n');
  await writeLakeFile(lakeDir, 'web-events/dt=2024-01-02/zz-broken.json', BROKEN_JSON_LINES);
  await writeLakeFile(lakeDir, 'web-events/dt=2024-01-03/zz-bad.json.gz', 'not gzip');
  await writeLakeFile(lakeDir, 'web-events/dt=2024-01-04/ragged.csv', 'id,amount\n1,10\n2,abc\n');
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
});
afterAll(async () => {
  connection.closeSync();
  instance.closeSync();
  await fs.rm(lakeDir, { recursive: true, force: true });
});

const lake = () => ({ dir: lakeDir, tableOf });

/** DuckDB's message for `sql` (the test fails if it succeeds). */
async function realMessage(sql: string): Promise<string> {
  try {
    await connection.run(sql);
  } catch (err) {
    return messageOf(err);
  }
  throw new Error(`expected ${sql} to fail`);
}

/** The reader call with `{relative}` replaced by the file's quoted absolute path. */
const withFile = (reader: string) =>
  reader.replace(/\{([^}]+)\}/, (_, relative: string) => `'${path.join(lakeDir, relative)}'`);

describe('DuckDB data errors, as DuckDB really reports them', () => {
  it.each([
    [
      'a truncated Parquet file',
      `read_parquet([{orders/dt=2024-01-03/zz-truncated.parquet}])`,
      'dt=2024-01-03/zz-truncated.parquet',
      'No magic bytes found at end of file',
    ],
    [
      'an empty Parquet file',
      `read_parquet([{orders/dt=2024-01-04/zz-empty.parquet}])`,
      'dt=2024-01-04/zz-empty.parquet',
      'too small to be a Parquet file',
    ],
    [
      'a text file named .parquet',
      `read_parquet([{orders/dt=2024-01-05/zz-text.parquet}])`,
      'dt=2024-01-05/zz-text.parquet',
      'too small to be a Parquet file',
    ],
    [
      'a cut-off JSON line',
      `read_json([{web-events/dt=2024-01-02/zz-broken.json}], format='auto')`,
      'dt=2024-01-02/zz-broken.json',
      'Malformed JSON in file',
    ],
    [
      'a broken gzip stream',
      `read_json([{web-events/dt=2024-01-03/zz-bad.json.gz}])`,
      'dt=2024-01-03/zz-bad.json.gz',
      'is not a GZIP stream',
    ],
    [
      'a CSV value of the wrong type',
      `read_csv([{web-events/dt=2024-01-04/ragged.csv}], header=true, columns={'id': 'BIGINT', 'amount': 'BIGINT'})`,
      'dt=2024-01-04/ragged.csv',
      'CSV Error on Line',
    ],
  ])('%s is a DATA failure naming the file relative to its table', async (_, reader, relative, reason) => {
    const message = await realMessage(`SELECT * FROM ${withFile(reader)}`);
    expect(message).toContain(lakeDir); // the raw text names the machine …
    const failure = classifyDuckDbError(message, lake());
    expect(failure).toMatchObject({ category: 'SYSTEM', kind: 'DATA', data: { file: relative } });
    expect(failure.data?.table).toBe(relative.endsWith('.parquet') ? 'orders' : 'web_events');
    expect(failure.message).toContain(reason);
    expect(failure.message).not.toContain(lakeDir); // … the failure does not
    expect(failure.message).not.toMatch(/LINE 1|\n/);
  });

  it('a Parquet file with corrupt pages: DuckDB names no file, the probe finds it', async () => {
    const glob = `'${lakeDir}/orders/dt=2024-01-0[12]/*.parquet'`;
    const message = await realMessage(`SELECT sum(amount), count(city) FROM read_parquet([${glob}])`);
    expect(message).toMatch(/^Invalid Error: (TProtocolException: Invalid data|don't know what type)/);
    expect(classifyDuckDbError(message, lake())).toMatchObject({ kind: 'DATA', data: {} });
    await connection.run(`CREATE SCHEMA IF NOT EXISTS lake`);
    await connection.run(`CREATE OR REPLACE VIEW lake.orders AS SELECT * FROM read_parquet([${glob}])`);
    const snapshot = {
      dir: lakeDir,
      database: 'lake',
      tables: new Map([['orders', { folder: 'orders', format: 'parquet' as const }]]),
    };
    const sql = 'SELECT sum(amount) FROM "lake"."orders"';
    const failure = await failureOf(new Error(await realMessage(sql)), connection, sql, snapshot);
    expect(failure).toMatchObject({
      kind: 'DATA',
      data: { table: 'orders', file: 'dt=2024-01-02/zz-corrupt.parquet' },
    });
  });
});

describe('classifyDuckDbError keeps the other kinds and scrubs their paths', () => {
  it.each([
    ['Parser Error: syntax error at or near "SELEC"', 'USER', 'SYNTAX'],
    [
      'Binder Error: Referenced column "x" not found in FROM clause!\n\nLINE 1: SELECT x\n               ^',
      'USER',
      'SYNTAX',
    ],
    ["Conversion Error: Could not convert string 'x' to DOUBLE", 'USER', 'OTHER'],
    ['Out of Memory Error: could not allocate block', 'SYSTEM', 'RESOURCES'],
  ])('%s', (message, category, kind) => {
    expect(classifyDuckDbError(message, lake())).toMatchObject({ category, kind });
  });

  it('a path under the lake becomes relative to it; any other keeps its last segment', () => {
    const message = `IO Error: No files found that match the pattern "${lakeDir}/orders/dt=*/x.parquet" (see /home/me/.duckdb/ext)`;
    const failure = classifyDuckDbError(message, lake());
    expect(failure.kind).toBe('OTHER');
    expect(failure.message).toBe('IO Error: No files found that match the pattern "orders/dt=*/x.parquet" (see ext)');
  });

  it('a file outside every table folder is located nowhere', () => {
    expect(locateLakeFile(`Malformed JSON in file "${lakeDir}/loose.json"`, lake())).toBeUndefined();
    expect(locateLakeFile('Malformed JSON in file "/elsewhere/a/b.json"', lake())).toBeUndefined();
  });
});

describe('scrubLocations', () => {
  it.each([
    [
      "No magic bytes found at end of file '/tmp/x/lake/orders/dt=2024-01-02/zz.parquet'",
      "No magic bytes found at end of file 'dt=2024-01-02/zz.parquet'",
    ],
    [
      'HIVE_BAD_DATA: Error parsing field value for field 3: s3://lake-bucket/raw/orders/dt=2024-01-02/a.json',
      'HIVE_BAD_DATA: Error parsing field value for field 3: dt=2024-01-02/a.json',
    ],
    ['Output: s3://results-bucket-123/athena/abc.csv', 'Output: abc.csv'],
    ['Permission Error: Cannot access file "/etc/passwd"', 'Permission Error: Cannot access file "passwd"'],
    ['C:\\Users\\me\\lake\\a.json failed', 'a.json failed'],
    ['ratio 1/2, a/b and https://example.com/docs stay', 'ratio 1/2, a/b and https://example.com/docs stay'],
  ])('%s', (text, expected) => {
    expect(scrubLocations(text, ['/tmp/x/lake/orders', 's3://lake-bucket/raw/orders/'])).toBe(expected);
  });
});
