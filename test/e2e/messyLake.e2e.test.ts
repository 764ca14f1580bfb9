/**
 * The mess suite (docs/lakes.md): a lake with each kind of mess, served by the real query service on the DuckDB
 * engine. Every table stays listed; every answer holds exactly the good records (from the generator's own list,
 * not from the engine) and says what it skipped; the table description lists the problem files relative to the
 * table folder; and the lake's changes (a bad file deleted or fixed, a good one added, a file written straight
 * into the lake) are seen by the very next request, with no restart and no cache expiry.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QueryResultResponse, QuerySpec, SkippedData } from '../../protocol/contract';
import { loadServiceSettings } from '../../proxy/src/config';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import { createAthenaEngine, createAwsClients, destroyAwsClients } from '../../proxy/src/engines/athena';
import { DataUnreadableError, UnknownTableError } from '../../proxy/src/errors';
import { createQueryService } from '../../proxy/src/service/createQueryService';
import type { QueryService } from '../../proxy/src/service';
import { startAthenaDouble } from '../../testing/athenaDouble/server';
import { MESSY_DAYS, skippedOver, writeMessyLake, writeParquet, type MessyTable } from './messyLake';

interface World {
  lake: string;
  engine: DuckDbEngine;
  service: QueryService;
  tables: Record<string, MessyTable>;
  close(): Promise<void>;
}

async function openWorld(): Promise<World> {
  const lake = await fs.mkdtemp(path.join(os.tmpdir(), 'messy-lake-'));
  const tables = await writeMessyLake(lake);
  const engine = await createDuckDbEngine({ lakeDir: lake, threads: 1, logger: { warn: () => undefined } });
  // The default cache lifetime (300 s): nothing here may wait for it.
  const service = createQueryService(engine, loadServiceSettings({ PROXY_WAIT_BUDGET_MS: '60000' }), () => undefined);
  return {
    lake,
    engine,
    service,
    tables,
    close: async () => {
      await engine.close();
      await fs.rm(lake, { recursive: true, force: true });
    },
  };
}

const caller = { identity: 'analyst' };

/** Raw rows of every column of `table` (plus the rows-skipped field), over `days` when given. */
async function rawRows(world: Pick<World, 'service'>, table: string, days?: readonly string[]) {
  const schema = await world.service.tableSchema('lake', table, false);
  const columns = schema.columns.map((c) => c.name);
  const spec: QuerySpec = {
    database: 'lake',
    table,
    aggregate: false,
    fields: [...columns, 'query__rows_skipped'].map((name) => ({ name })),
    ...(days ? { dateColumn: 'dt', dateRange: { startDate: days[0], endDate: days[days.length - 1] } } : {}),
  };
  const answer = (await world.service.startQuery(spec, caller)).body as QueryResultResponse;
  expect(answer.state).toBe('SUCCEEDED');
  const rows = answer.rows.map((row) => row.slice(0, columns.length));
  const skippedField = new Set(answer.rows.map((row) => row[columns.length]));
  return { columns, rows: sortById(rows, columns), stats: answer.stats, skippedField, body: answer };
}

function sortById(rows: unknown[][], columns: string[]): unknown[][] {
  const at = columns.indexOf(columns.includes('id') ? 'id' : columns[0]);
  return [...rows].sort((a, b) => (String(a[at]) < String(b[at]) ? -1 : String(a[at]) > String(b[at]) ? 1 : 0));
}

/** The good records of `days`, as Looker values in `columns` order (dt as YYYYMMDD). */
function expectedRows(table: MessyTable, columns: string[], days: readonly string[]): unknown[][] {
  const rows = table.good
    .filter((record) => days.includes(record.dt))
    .map((record) => columns.map((c) => (c === 'dt' ? record.dt.replace(/-/g, '') : (record.values[c] ?? null))));
  return sortById(rows, columns);
}

/** No absolute path, temp folder, bucket or stack frame in a body shown to a caller. */
function expectNoMachineDetail(text: string, lake: string): void {
  expect(text).not.toContain(lake);
  expect(text).not.toContain(os.tmpdir());
  expect(text).not.toContain('s3://');
  expect(text).not.toMatch(/\n\s+at |\(\/[^)]*:\d+:\d+\)/);
}

function expectSkipped(actual: SkippedData | undefined, expected: SkippedData): void {
  expect(actual ?? { records: 0, files: 0 }).toEqual(expected);
  if (expected.records === 0 && expected.files === 0) expect(actual).toBeUndefined();
}

describe('a messy lake on DuckDB', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld();
  });
  afterAll(() => world.close());

  it('keeps every table listed, and each describes its problem files relative to its folder', async () => {
    expect(await world.service.catalog(caller)).toEqual({
      databases: [{ name: 'lake', tables: ['codes', 'events', 'orders', 'visits'] }],
    });
    for (const [name, table] of Object.entries(world.tables)) {
      const schema = await world.service.tableSchema('lake', name, true, caller);
      const files = (schema.problems ?? []).flatMap((p) => (p.file === undefined ? [] : [p.file]));
      expect(files).toEqual(table.problemFiles);
      expectNoMachineDetail(JSON.stringify(schema), world.lake);
    }
  });

  it('reads columns by name across files: added, removed and reordered ones, widened types', async () => {
    const types = async (table: string) =>
      (await world.service.tableSchema('lake', table, false)).columns.map((c) => `${c.name}:${c.type}`);
    expect(await types('orders')).toEqual(['id:bigint', 'amount:double', 'city:string', 'note:string', 'dt:string']);
    expect(await types('events')).toEqual(['id:bigint', 'kind:string', 'amount:double', 'coupon:string', 'dt:string']);
    expect(await types('visits')).toEqual(['id:bigint', 'amount:bigint', 'city:string', 'dt:string']);
  });

  it('reads an int/text column as text and says so in the table description', async () => {
    const schema = await world.service.tableSchema('lake', 'codes', false);
    expect(schema.columns[0]).toMatchObject({ name: 'code', type: 'string' });
    expect(schema.problems).toEqual([
      { reason: expect.stringMatching(/column "code" holds numbers in dt=2024-03-01\/a\.parquet and text/) },
    ]);
  });

  const ranges: (readonly string[])[] = [MESSY_DAYS, ...MESSY_DAYS.map((day) => [day])];
  describe.each(['orders', 'codes', 'events', 'visits'])('%s', (name) => {
    it.each(ranges.map((days) => [days.join('..'), days] as const))(
      'answers exactly the good records of %s and counts what it skipped',
      async (_label, days) => {
        const table = world.tables[name];
        const answer = await rawRows(world, name, days.length === MESSY_DAYS.length ? undefined : days);
        expect(answer.rows).toEqual(expectedRows(table, answer.columns, days));
        expectSkipped(answer.stats.skipped, skippedOver(table, days));
        if (answer.rows.length > 0) expect(answer.skippedField).toEqual(new Set([skippedOver(table, days).records]));
        expectNoMachineDetail(JSON.stringify(answer.body), world.lake);
      },
    );
  });

  it('aggregates over the good records only', async () => {
    const spec: QuerySpec = {
      database: 'lake',
      table: 'events',
      fields: [{ name: 'dt' }, { name: 'record_count__rows' }, { name: 'amount__sum' }],
    };
    const answer = (await world.service.startQuery(spec, caller)).body as QueryResultResponse;
    const byDay = new Map<string, { count: number; sum: number }>();
    for (const record of world.tables.events.good) {
      const day = byDay.get(record.dt) ?? { count: 0, sum: 0 };
      byDay.set(record.dt, { count: day.count + 1, sum: day.sum + Number(record.values.amount) });
    }
    const expected = [...byDay].map(([dt, { count, sum }]) => [dt.replace(/-/g, ''), count, sum]);
    expect([...answer.rows].sort()).toEqual(expected.sort());
    expect(answer.stats.skipped).toEqual({ records: 2, files: 1 });
  });
});

/**
 * The same lake through the Athena engine and the API double (docs/athena.md#data-errors). Athena cannot leave a
 * file out: a day with a Parquet file whose footer cannot be read fails with DATA_UNREADABLE naming it, and every
 * other answer holds the same good records as DuckDB's. (A JSON line that does not parse is a row of NULLs on real
 * Athena; the double leaves it out as DuckDB does, so those answers are compared with DuckDB's.)
 */
describe('the messy lake on the Athena engine + double', () => {
  let world: World;
  let athena: Pick<World, 'service'>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    world = await openWorld();
    const double = await startAthenaDouble({
      engine: world.engine,
      lake: { bucket: 'messy-lake-bucket', dir: world.lake },
    });
    const clients = createAwsClients(double.clientConfig);
    const engine = createAthenaEngine({
      ...clients,
      workGroup: double.workGroup,
      databases: ['lake'],
      resultReuseMaxAgeMinutes: 0,
      sleep: async () => undefined,
    });
    const settings = loadServiceSettings({ PROXY_WAIT_BUDGET_MS: '60000' });
    athena = { service: createQueryService(engine, settings, () => undefined) };
    close = async () => {
      destroyAwsClients(clients);
      await double.close();
      await world.close();
    };
  });
  afterAll(() => close());

  const outcomes: string[] = [];
  const ranges: (readonly string[])[] = [MESSY_DAYS, ...MESSY_DAYS.map((day) => [day])];
  describe.each(['orders', 'codes', 'events', 'visits'])('%s', (name) => {
    it.each(ranges.map((days) => [days.join('..'), days] as const))(
      'answers the good records of %s, or DATA_UNREADABLE naming a Parquet file DuckDB left out',
      async (_label, days) => {
        const table = world.tables[name];
        const within = days.length === MESSY_DAYS.length ? undefined : days;
        const answer = await rawRows(athena, name, within).catch((err: unknown) => err as Error);
        if (answer instanceof DataUnreadableError) {
          outcomes.push('unreadable');
          const { table: failed, file } = answer.details as { table: string; file: string };
          expect(failed).toBe(name);
          expect(table.problemFiles).toContain(file);
          expect(file).toMatch(/\.parquet$/);
          expect(skippedOver(table, days).files).toBeGreaterThan(0);
          expectNoMachineDetail(answer.message, world.lake);
          return;
        }
        if (answer instanceof Error) throw answer;
        outcomes.push('rows');
        expect(answer.rows).toEqual(expectedRows(table, answer.columns, days));
        expectNoMachineDetail(JSON.stringify(answer.body), world.lake);
      },
    );
  });

  it('failed some days and answered others', () => {
    expect(new Set(outcomes)).toEqual(new Set(['unreadable', 'rows']));
  });
});

describe('the catalog follows the lake', () => {
  let world: World;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  const write = async (relative: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(world.lake, relative)), { recursive: true });
    await fs.writeFile(path.join(world.lake, relative), text);
  };

  it('sees a bad file deleted at the next query, with no restart and no cache wait', async () => {
    const before = await rawRows(world, 'orders', ['2024-03-02']);
    expect(before.stats.skipped).toEqual({ records: 0, files: 1 });
    await fs.rm(path.join(world.lake, 'orders/dt=2024-03-02/corrupt.parquet'));
    const after = await rawRows(world, 'orders', ['2024-03-02']);
    expect(after.stats.skipped).toBeUndefined();
    expect(after.stats.cached).toBe(false);
    expect(after.rows).toEqual(before.rows);
    const schema = await world.service.tableSchema('lake', 'orders', false);
    expect(schema.problems?.map((p) => p.file)).not.toContain('dt=2024-03-02/corrupt.parquet');
  });

  it('sees a fixed file and a new good file at the next query', async () => {
    await rawRows(world, 'events', ['2024-03-01']);
    await write(
      'events/dt=2024-03-01/a.json',
      '{"id":1,"kind":"view","amount":5}\n{"id":2,"kind":"view","amount":10}\n',
    );
    await write('events/dt=2024-03-01/late.json', '{"id":7,"kind":"buy","amount":70}\n');
    const after = await rawRows(world, 'events', ['2024-03-01']);
    expect(after.stats.skipped).toBeUndefined();
    expect(after.rows.map((row) => row[0])).toEqual([1, 2, 7]);
  });

  it('sees a file written straight into the lake although the answer was cached', async () => {
    const first = await rawRows(world, 'visits');
    expect((await rawRows(world, 'visits')).stats.cached).toBe(true);
    await write('visits/dt=2024-03-02/c.csv', 'id,city\n9,Evora\n');
    const after = await rawRows(world, 'visits');
    expect(after.stats.cached).toBe(false);
    expect(after.rows.length).toBe(first.rows.length + 1);
    expect(after.rows.map((row) => row[0])).toContain(9);
  });

  it('lists a table again once its only bad file is replaced, and the table route agrees with the catalog', async () => {
    await write('lonely/dt=2024-03-01/a.parquet', 'PAR1 not really parquet PAR1');
    const listed = async () => (await world.service.catalog(caller)).databases[0].tables;
    expect(await listed()).not.toContain('lonely');
    await expect(world.service.tableSchema('lake', 'lonely', true)).rejects.toBeInstanceOf(UnknownTableError);
    await fs.rm(path.join(world.lake, 'lonely/dt=2024-03-01/a.parquet'));
    await writeParquet(world.lake, { 'lonely/dt=2024-03-01/a.parquet': 'SELECT 1 AS n' });
    expect(await listed()).toContain('lonely');
    expect((await world.service.tableSchema('lake', 'lonely', true)).problems).toBeUndefined();
    await fs.rm(path.join(world.lake, 'lonely'), { recursive: true });
    await expect(world.service.tableSchema('lake', 'lonely', true)).rejects.toBeInstanceOf(UnknownTableError);
    expect(await listed()).not.toContain('lonely');
  });
});
