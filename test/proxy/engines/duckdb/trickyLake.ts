/**
 * A hand-written lake with the layouts and contents that break naive readers: the seeds' Firehose layout, CSV with
 * quotes/commas/newlines and empty-vs-NULL, year/month/day partitions, gzip, and folders that must be left out.
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { withDuckDb, writeFile } from './helpers';

/** The seeds' rows, as JS values, so tests compute expectations without DuckDB. */
export const SEED_PICKUPS = [
  {
    orderId: '3f1c2a9e-8b7d-4c6e-9a5b-1d2e3f4a5b6c',
    city: 'Berlin',
    pickupTimestamp: '2018-05-28T21:02:33.061Z',
    waitSeconds: 12,
    tags: ['hot', 'big'],
    courier: { id: 7, name: 'Ana' },
  },
  {
    orderId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    city: null,
    pickupTimestamp: '2018-05-28T22:10:00.000Z',
    waitSeconds: 340,
    tags: [],
    courier: { id: 8, name: 'Bo "B" Li' },
  },
  {
    orderId: 'ffffffff-ffff-4fff-bfff-ffffffffffff',
    city: '',
    pickupTimestamp: '2018-05-29T00:00:01.500Z',
    waitSeconds: 5,
    tags: ['x'],
    courier: { id: 7, name: 'Ana' },
  },
];

/** people.csv rows: [id, name, note, score]; `undefined` = unquoted empty field (NULL), '' = quoted empty. */
export const CSV_ROWS: [number, string | undefined, string | undefined, number | undefined][] = [
  [1, 'Smith, John', 'said "hi"', 1.5],
  [2, undefined, '', undefined],
  [3, 'multi\nline', 'ünïcödé ✓', 2],
];

function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}

/** Writes the tricky lake under `root`. */
export async function writeTrickyLake(root: string): Promise<void> {
  const lines = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  await writeFile(root, 'food-pickup-1.0.0/dt=2018-05-28/1527541353061.json', lines(SEED_PICKUPS.slice(0, 2)));
  await writeFile(root, 'food-pickup-1.0.0/dt=2018-05-29/1527552001500.json', lines(SEED_PICKUPS.slice(2)));
  await writeFile(root, 'food-pickup-1.0.0/dt=2018-05-29/_SUCCESS', '');
  await writeFile(root, 'food-pickup-1.0.0/dt=2018-05-29/.1527552001500.json.crc', 'not data');

  const csv = ['id,name,note,score', ...CSV_ROWS.map((row) => row.map(csvField).join(','))].join('\n') + '\n';
  await writeFile(root, 'People List/year=2024/month=05/day=01/part-0.csv', csv);
  await writeFile(root, 'People List/year=2024/month=06/day=02/part-0.csv', 'id,name,note,score\n4,"Zoë",,0.25\n');

  await writeFile(root, 'case-variants/a.json', '{"Level":"INFO","n":1}\n{"level":"WARN","n":2}\n');
  await writeFile(
    root,
    'gz-logs/dt=2024-01-01/a.json.gz',
    gzipSync('{"level":"INFO","msg":"zipped"}\n{"level":"WARN","msg":"again"}\n'),
  );
  await writeFile(root, 'broken/dt=2024-01-01/bad.json', '{"a": 1, "b": [unterminated\n');
  await writeFile(root, 'broken-parquet/part-0.parquet', 'PAR1 this is not parquet');
  await writeFile(root, 'mixed/a.json', '{"a":1}\n');
  await writeFile(root, 'mixed/b.csv', 'a\n1\n');
  await writeFile(root, 'no-data/readme.txt', 'nothing to see');
  await writeFile(root, 'not-hive/2024/01/x.json', '{"a":1}\n');
  await writeFile(root, 'uneven/dt=2024-01-01/x.json', '{"a":1}\n');
  await writeFile(root, 'uneven/y.json', '{"a":2}\n');
  await writeFile(root, 'gz.logs/a.json', '{"a":1}\n');
  await writeFile(root, '_staging/x.json', '{"a":1}\n');

  await withDuckDb(async (run) => {
    const file = path.join(root, 'typed/region=eu/part-0.parquet').replace(/'/g, "''");
    await writeFile(root, 'typed/region=eu/.keep', '');
    await run(
      `COPY (SELECT 1::BIGINT AS big, 2::INTEGER AS i, 3::SMALLINT AS s, 4::TINYINT AS t, 1.5::DOUBLE AS d, ` +
        `2.5::FLOAT AS f, 123.456::DECIMAL(12,3) AS dec, 'x' AS str, true AS flag, DATE '2024-02-29' AS day, ` +
        `TIMESTAMP '2024-02-29 12:34:56.789' AS ts, TIMESTAMPTZ '2024-02-29 12:34:56Z' AS tstz, [1, 2]::BIGINT[] AS list, ` +
        `{'a': 1, 'b': 'y'} AS rec, MAP {'k': 5::BIGINT} AS m, 'bin'::BLOB AS raw, TIME '10:11:12' AS clock) ` +
        `TO '${file}' (FORMAT parquet)`,
    );
  });
}
