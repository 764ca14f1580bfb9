/**
 * Broken lake files, made the way real pipelines break them: a Parquet file whose pages are overwritten (a bad
 * disk or a buggy writer: the footer still parses, the data does not), one cut off half-way (an interrupted
 * upload), one that is not Parquet at all, and a JSON file whose last line is cut off. Shared by the tests of the
 * DuckDB error mapping, the HTTP routes and the Athena double (docs/lakes.md#when-a-file-cannot-be-read).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** A good Parquet file of `rows` rows (id BIGINT, amount DOUBLE, city VARCHAR), as bytes (made in the temp folder). */
export async function goodParquet(rows = 2000): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'good-parquet-'));
  const file = path.join(dir, 'good.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT range AS id, range * 1.5 AS amount, 'city' || (range % 7) AS city FROM range(${rows})) ` +
        `TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const bytes = await fs.readFile(file);
  await fs.rm(dir, { recursive: true, force: true });
  return bytes;
}

/** The data pages overwritten with noise, magic bytes and footer intact: readers fail decoding the pages. */
export function corruptPages(good: Buffer): Buffer {
  const footer = good.readUInt32LE(good.length - 8);
  const bytes = Buffer.from(good);
  for (let i = 8; i < good.length - 8 - footer; i++) bytes[i] = (i * 131) & 255;
  return bytes;
}

/** The first half only: no footer, no closing magic bytes. */
export function truncated(good: Buffer): Buffer {
  return good.subarray(0, good.length >> 1);
}

/** JSON lines whose last record is cut off mid-string. */
export const BROKEN_JSON_LINES = '{"id":2,"amount":3.5,"city":"Lisbon"}\n{"id":3,"amou\n';

/** Writes `content` to `root/relative`, creating folders. */
export async function writeLakeFile(root: string, relative: string, content: string | Buffer): Promise<void> {
  const file = path.join(root, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

/**
 * The broken lake: table folders `corrupt`, `truncated` (Parquet) and `broken_json`, each with a good day
 * 2024-01-01 and a broken file on 2024-01-02 (named `zz-…` so it sorts after the good files of its day).
 */
export const BROKEN_FILES = {
  corrupt: 'dt=2024-01-02/zz-corrupt.parquet',
  truncated: 'dt=2024-01-02/zz-truncated.parquet',
  broken_json: 'dt=2024-01-02/zz-broken.json',
} as const;

/** Writes the broken lake into `lakeDir`. */
export async function writeBrokenLake(lakeDir: string): Promise<void> {
  const good = await goodParquet();
  for (const table of ['corrupt', 'truncated']) {
    await writeLakeFile(lakeDir, `${table}/dt=2024-01-01/part-0.parquet`, good);
    await writeLakeFile(lakeDir, `${table}/dt=2024-01-02/part-0.parquet`, good);
  }
  await writeLakeFile(lakeDir, `corrupt/${BROKEN_FILES.corrupt}`, corruptPages(good));
  await writeLakeFile(lakeDir, `truncated/${BROKEN_FILES.truncated}`, truncated(good));
  await writeLakeFile(lakeDir, 'broken_json/dt=2024-01-01/a.json', '{"id":1,"amount":2.5,"city":"Porto"}\n');
  await writeLakeFile(lakeDir, `broken_json/${BROKEN_FILES.broken_json}`, BROKEN_JSON_LINES);
}
