/** Table-driven checks of the engine's pure parts: names, type spelling, error classification, queue, generator maths. */
import { DuckDBInstance } from '@duckdb/node-api';
import { toAthenaType } from '../../../../proxy/src/engines/duckdb/lake/typeSpelling';
import { createJobQueue } from '../../../../proxy/src/engines/duckdb/jobQueue';
import {
  formatOfFile,
  partitionKeysOf,
  tableGlobs,
  toTableName,
} from '../../../../proxy/src/engines/duckdb/lake/lakeLayout';
import { classifyDuckDbError } from '../../../../proxy/src/engines/duckdb/queryErrors';
import { baseTablesOf } from '../../../../proxy/src/engines/duckdb/lake/tableReferences';
import { allocate } from '../../../../tools/sampleLake/generate';
import { createRandom } from '../../../../tools/sampleLake/random';

describe('toTableName (Glue crawler naming)', () => {
  it.each([
    ['food-pickup-1.0.0', 'food_pickup_1_0_0'],
    ['People List', 'people_list'],
    ['Already_OK_2', 'already_ok_2'],
    ['a--b..c', 'a_b_c'],
    ['Zürich Sales', 'z_rich_sales'],
  ])('%s → %s', (folder, table) => expect(toTableName(folder)).toBe(table));
});

describe('lake layout helpers', () => {
  it.each([
    ['1527541353061.json', { format: 'json', extension: '.json' }],
    ['part.JSONL', { format: 'json', extension: '.JSONL' }],
    ['x.ndjson.gz', { format: 'json', extension: '.ndjson.gz' }],
    ['part-0.parquet', { format: 'parquet', extension: '.parquet' }],
    ['data.csv.gz', { format: 'csv', extension: '.csv.gz' }],
    ['README.md', undefined],
    ['_SUCCESS', undefined],
  ])('formatOfFile(%s)', (name, expected) => expect(formatOfFile(name)).toEqual(expected));

  it.each([
    ['', []],
    ['dt=2024-01-01', ['dt']],
    ['year=2024/month=05/day=01', ['year', 'month', 'day']],
    ['dt=2024-01-01/raw', undefined],
    ['2024/01', undefined],
  ])('partitionKeysOf(%s)', (dir, expected) => expect(partitionKeysOf(dir)).toEqual(expected));

  it('builds one glob per file ending, one level per partition key, skipping hidden files', () => {
    const table = {
      folder: 'f',
      dir: '/lake/f',
      table: 'f',
      format: 'json' as const,
      partitionKeys: ['year', 'month'],
      isoDateKeys: [],
      extensions: ['.json', '.json.gz'],
      files: 2,
      bytes: 1,
      dataFiles: [],
    };
    expect(tableGlobs(table)).toEqual(['/lake/f/year=*/month=*/[!._]*.json', '/lake/f/year=*/month=*/[!._]*.json.gz']);
    expect(tableGlobs({ ...table, partitionKeys: [] })).toEqual(['/lake/f/[!._]*.json', '/lake/f/[!._]*.json.gz']);
  });
});

describe('toAthenaType', () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  it.each([
    ['BIGINT', 'bigint'],
    ['INTEGER', 'int'],
    ['SMALLINT', 'smallint'],
    ['TINYINT', 'tinyint'],
    ['DOUBLE', 'double'],
    ['FLOAT', 'float'],
    ['DECIMAL(18,4)', 'decimal(18,4)'],
    ['VARCHAR', 'string'],
    ['JSON', 'string'],
    ['BOOLEAN', 'boolean'],
    ['DATE', 'date'],
    ['TIMESTAMP', 'timestamp'],
    ['TIMESTAMP_NS', 'timestamp'],
    ['TIMESTAMP_MS', 'timestamp'],
    ['TIMESTAMPTZ', 'timestamp with time zone'],
    ['VARCHAR[]', 'array<string>'],
    ['INTEGER[3]', 'array<int>'],
    ['STRUCT(a INTEGER, "b c" VARCHAR)[]', 'array<struct<a:int,b c:string>>'],
    ['MAP(VARCHAR, DOUBLE[])', 'map<string,array<double>>'],
    ['BLOB', 'binary'],
    ['UBIGINT', 'ubigint'],
    ['HUGEINT', 'hugeint'],
    ['UUID', 'uuid'],
    ['INTERVAL', 'interval'],
    ['TIME', 'time'],
  ])('%s → %s', async (duckType, athenaType) => {
    const connection = await instance.connect();
    const prepared = await connection.prepare(`SELECT CAST(NULL AS ${duckType})`);
    expect(toAthenaType(prepared.columnType(0))).toBe(athenaType);
    prepared.destroySync();
    connection.closeSync();
  });
});

describe('classifyDuckDbError', () => {
  it.each([
    ['Parser Error: syntax error at or near "SELEC"', 'USER', 'SYNTAX'],
    [
      'Binder Error: Referenced column "x" not found in FROM clause!\n\nLINE 1: SELECT x\n               ^',
      'USER',
      'SYNTAX',
    ],
    ['Catalog Error: Table with name t does not exist!', 'USER', 'SYNTAX'],
    ["Conversion Error: Could not convert string 'x' to DOUBLE", 'USER', 'OTHER'],
    ['Invalid Input Error: date_format: unsupported format %i', 'USER', 'OTHER'],
    ['Out of Range Error: Overflow in addition', 'USER', 'OTHER'],
    ['Permission Error: Cannot access file "/etc/passwd"', 'USER', 'OTHER'],
    ['IO Error: No files found that match the pattern "x"', 'SYSTEM', 'OTHER'],
    ['Out of Memory Error: could not allocate block', 'SYSTEM', 'RESOURCES'],
    ['INTERNAL Error: Attempted to access index 3', 'SYSTEM', 'OTHER'],
    ['something without a prefix', 'SYSTEM', 'OTHER'],
  ])('%s', (message, category, kind) => {
    expect(classifyDuckDbError(message)).toMatchObject({ category, kind });
  });

  it('drops the SQL excerpt DuckDB appends', () => {
    const failure = classifyDuckDbError(
      'Binder Error: Referenced column "x" not found\n\nLINE 1: SELECT "x" FROM secret_table\n        ^',
    );
    expect(failure.message).toBe('Binder Error: Referenced column "x" not found');
  });
});

describe('baseTablesOf', () => {
  it('finds table references at any depth of a serialized statement', () => {
    const tree = {
      statements: [
        {
          node: {
            from_table: { type: 'BASE_TABLE', schema_name: 'lake', table_name: 'a' },
            where_clause: {
              subquery: { node: { from_table: { type: 'BASE_TABLE', schema_name: '', table_name: 'b' } } },
            },
            select_list: [{ type: 'COLUMN_REF', table_name: 'not-a-table' }],
          },
        },
      ],
    };
    expect(baseTablesOf(tree)).toEqual([
      { schema: 'lake', table: 'a' },
      { schema: '', table: 'b' },
    ]);
  });
});

describe('createJobQueue', () => {
  it('runs at most `limit` jobs at once, in order, and can withdraw waiting ones', async () => {
    const queue = createJobQueue(2);
    const started: string[] = [];
    const releases = new Map<string, () => void>();
    const job = (id: string) => () =>
      new Promise<void>((resolve) => {
        started.push(id);
        releases.set(id, resolve);
      });
    for (const id of ['a', 'b', 'c', 'd']) queue.submit(id, job(id));
    expect(started).toEqual(['a', 'b']);
    expect(queue.withdraw('c')).toBe(true);
    expect(queue.withdraw('a')).toBe(false);
    releases.get('a')!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b', 'd']);
    releases.get('b')!();
    releases.get('d')!();
    await queue.idle();
    expect(started).toEqual(['a', 'b', 'd']);
    expect(() => createJobQueue(0)).toThrow(RangeError);
  });
});

describe('sample generator maths', () => {
  it('allocate splits a total exactly and proportionally', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(7, [0, 2, 5])).toEqual([0, 2, 5]);
    const counts = allocate(100_003, [3.2, 1.1, 0.7, 5]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100_003);
    counts.forEach((n, i) => expect(Math.abs(n - (100_003 * [3.2, 1.1, 0.7, 5][i]) / 10)).toBeLessThan(1));
  });

  it('the PRNG repeats for a seed, differs across seeds, and stays in range', () => {
    const draw = (seed: string) => Array.from({ length: 5 }, createRandom(seed).next);
    expect(draw('x')).toEqual(draw('x'));
    expect(draw('x')).not.toEqual(draw('y'));
    const rng = createRandom('range');
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      expect(rng.hex(12)).toMatch(/^[0-9a-f]{12}$/);
    }
  });
});
