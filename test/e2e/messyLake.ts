/**
 * The mess suite's lake (docs/lakes.md#messy-files): each kind of mess real pipelines produce, next to good files,
 * and the generator's own list of the good records and of what must be skipped, so expectations never come from
 * the engine under test.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const MESSY_DAYS = ['2024-03-01', '2024-03-02', '2024-03-03'] as const;

/** One good record: its partition day and its values by column (absent column: NULL). */
export interface GoodRecord {
  dt: string;
  values: Record<string, string | number | null>;
}

/** What the lake holds per table: the good records and, per day, what reading that day skips. */
export interface MessyTable {
  good: GoodRecord[];
  skipped: Record<string, { records: number; files: number }>;
  /** Problem files, relative to the table folder. */
  problemFiles: string[];
}

async function write(root: string, relative: string, content: string | Buffer): Promise<void> {
  const file = path.join(root, relative);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

/** Writes Parquet files with a throw-away DuckDB (each entry: relative path → SELECT giving its rows). */
export async function writeParquet(root: string, files: Record<string, string>): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    for (const [relative, select] of Object.entries(files)) {
      const file = path.join(root, relative);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await connection.run(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const none = { records: 0, files: 0 };

/** orders (Parquet): columns added, removed, reordered and widened across days; corrupt, cut, fake, empty files. */
async function writeOrders(root: string): Promise<MessyTable> {
  await writeParquet(root, {
    'orders/dt=2024-03-01/a.parquet':
      "SELECT * FROM (VALUES (1::INTEGER, 10::INTEGER, 'Porto'), (2, 20, 'Lisbon'), (3, 30, 'Faro')) t(id, amount, city)",
    'orders/dt=2024-03-02/b.parquet':
      "SELECT * FROM (VALUES (2.5::DOUBLE, 4::INTEGER, 'late'), (7.25, 5, NULL)) t(amount, id, note)",
    'orders/dt=2024-03-03/c.parquet': "SELECT 6::BIGINT AS id, 60::INTEGER AS amount, 'Braga' AS city",
  });
  const whole = await fs.readFile(path.join(root, 'orders/dt=2024-03-03/c.parquet'));
  await write(
    root,
    'orders/dt=2024-03-02/corrupt.parquet',
    Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from('PAR1')]),
  );
  await write(root, 'orders/dt=2024-03-03/truncated.parquet', whole.subarray(0, Math.floor(whole.length / 2)));
  await write(root, 'orders/dt=2024-03-03/not-parquet.parquet', 'id,amount\n1,2\n');
  await write(root, 'orders/dt=2024-03-03/empty.parquet', '');
  const row = (dt: string, id: number, amount: number, city: string | null, note: string | null = null) => ({
    dt,
    values: { id, amount, city, note },
  });
  return {
    good: [
      row('2024-03-01', 1, 10, 'Porto'),
      row('2024-03-01', 2, 20, 'Lisbon'),
      row('2024-03-01', 3, 30, 'Faro'),
      row('2024-03-02', 4, 2.5, null, 'late'),
      row('2024-03-02', 5, 7.25, null),
      row('2024-03-03', 6, 60, 'Braga'),
    ],
    skipped: { '2024-03-01': none, '2024-03-02': { records: 0, files: 1 }, '2024-03-03': { records: 0, files: 3 } },
    problemFiles: [
      'dt=2024-03-02/corrupt.parquet',
      'dt=2024-03-03/empty.parquet',
      'dt=2024-03-03/not-parquet.parquet',
      'dt=2024-03-03/truncated.parquet',
    ],
  };
}

/** codes (Parquet): a column that is an integer in one day's file and text in another's. */
async function writeCodes(root: string): Promise<MessyTable> {
  await writeParquet(root, {
    'codes/dt=2024-03-01/a.parquet': 'SELECT * FROM (VALUES (1::INTEGER), (2)) t(code)',
    'codes/dt=2024-03-02/b.parquet': "SELECT 'A7' AS code",
  });
  return {
    good: [
      { dt: '2024-03-01', values: { code: '1' } },
      { dt: '2024-03-01', values: { code: '2' } },
      { dt: '2024-03-02', values: { code: 'A7' } },
    ],
    skipped: { '2024-03-01': none, '2024-03-02': none, '2024-03-03': none },
    problemFiles: [],
  };
}

/** events (JSON lines): broken first and middle lines, keys added and removed, int/double, empty, a binary file. */
async function writeEvents(root: string): Promise<MessyTable> {
  const lines = (...items: string[]) => `${items.join('\n')}\n`;
  await write(
    root,
    'events/dt=2024-03-01/a.json',
    lines('{"id": 1, "kind": "view"', '{"id":2,"kind":"view","amount":10}', '{"id":3,"kind":"click","amount":20}'),
  );
  await write(
    root,
    'events/dt=2024-03-02/b.json',
    lines('{"id":4,"kind":"view","amount":1.5}', 'not json at all', '{"id":5,"kind":"buy","amount":2,"coupon":"X1"}'),
  );
  await write(root, 'events/dt=2024-03-02/empty.json', '');
  await write(root, 'events/dt=2024-03-03/c.json', lines('{"id":6,"amount":3}'));
  await write(
    root,
    'events/dt=2024-03-03/binary.json',
    Buffer.from([0x50, 0x41, 0x52, 0x31, 0x00, 0xff, 0x0a, 0x15, 0x00]),
  );
  const row = (dt: string, id: number, kind: string | null, amount: number, coupon: string | null = null) => ({
    dt,
    values: { id, kind, amount, coupon },
  });
  return {
    good: [
      row('2024-03-01', 2, 'view', 10),
      row('2024-03-01', 3, 'click', 20),
      row('2024-03-02', 4, 'view', 1.5),
      row('2024-03-02', 5, 'buy', 2, 'X1'),
      row('2024-03-03', 6, null, 3),
    ],
    skipped: {
      '2024-03-01': { records: 1, files: 0 },
      '2024-03-02': { records: 1, files: 0 },
      '2024-03-03': { records: 0, files: 1 },
    },
    problemFiles: ['dt=2024-03-01/a.json', 'dt=2024-03-02/b.json', 'dt=2024-03-03/binary.json'],
  };
}

/** visits (CSV): a ragged row, headers that differ across partitions, an empty file. */
async function writeVisits(root: string): Promise<MessyTable> {
  await write(root, 'visits/dt=2024-03-01/a.csv', 'id,amount,city\n1,10,Porto\n2,20,Lisbon,extra\n3,30,Faro\n');
  await write(root, 'visits/dt=2024-03-02/b.csv', 'city,id\nBraga,4\nCoimbra,5\n');
  await write(root, 'visits/dt=2024-03-03/empty.csv', '');
  const row = (dt: string, id: number, amount: number | null, city: string) => ({ dt, values: { id, amount, city } });
  return {
    good: [
      row('2024-03-01', 1, 10, 'Porto'),
      row('2024-03-01', 3, 30, 'Faro'),
      row('2024-03-02', 4, null, 'Braga'),
      row('2024-03-02', 5, null, 'Coimbra'),
    ],
    skipped: { '2024-03-01': { records: 1, files: 0 }, '2024-03-02': none, '2024-03-03': { records: 0, files: 1 } },
    problemFiles: ['dt=2024-03-01/a.csv', 'dt=2024-03-03/empty.csv'],
  };
}

/** Writes the whole messy lake under `root`; returns what each table holds. */
export async function writeMessyLake(root: string): Promise<Record<string, MessyTable>> {
  return {
    orders: await writeOrders(root),
    codes: await writeCodes(root),
    events: await writeEvents(root),
    visits: await writeVisits(root),
  };
}

/** What reading `days` of a table skips, summed from the generator's list. */
export function skippedOver(table: MessyTable, days: readonly string[]): { records: number; files: number } {
  return days.reduce(
    (sum, day) => ({
      records: sum.records + (table.skipped[day]?.records ?? 0),
      files: sum.files + (table.skipped[day]?.files ?? 0),
    }),
    { records: 0, files: 0 },
  );
}
