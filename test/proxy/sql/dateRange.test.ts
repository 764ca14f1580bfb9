import { compileQuery } from '../../../proxy/src/sql/compileQuery';
import type { QuerySpec } from '../../../protocol/contract';
import type { TableDescription } from '../../../proxy/src/port/engine';
import { column, OPTIONS, table } from '../../support/tableFixtures';

/** Partition columns of the given names and Athena type. */
function partitions(type: string, ...names: string[]) {
  return names.map((name) => column(name, type, true));
}

/** The WHERE clause compiled for a record count over `described` restricted by `range` on `dateColumn`. */
function whereOf(described: TableDescription, dateColumn: string, range: [string, string], timeZone?: string): string {
  const spec: QuerySpec = {
    database: 'lake',
    table: 'events',
    fields: [{ name: 'record_count' }],
    dateColumn,
    dateRange: { startDate: range[0], endDate: range[1] },
    ...(timeZone ? { timeZone } : {}),
  };
  const sql = compileQuery(spec, described, OPTIONS).sql;
  const match = /^SELECT count\(\*\) AS "record_count" FROM "lake"\."events" WHERE (.*)$/.exec(sql);
  if (!match) throw new Error(`unexpected SQL shape: ${sql}`);
  return match[1];
}

const JANUARY: [string, string] = ['2024-01-10', '2024-01-31'];

describe('date range by column type', () => {
  it.each<[string, TableDescription, string, string]>([
    ['date column', table([column('d', 'date')]), 'd', `"d" BETWEEN DATE '2024-01-10' AND DATE '2024-01-31'`],
    [
      'dt string partition as the date column: the range is the pruning, no slack',
      table([column('n', 'int'), column('dt', 'string', true)]),
      'dt',
      `"dt" BETWEEN '2024-01-10' AND '2024-01-31'`,
    ],
    [
      'naive timestamp (UTC): midnight to midnight after the last day',
      table([column('ts', 'timestamp')]),
      'ts',
      `"ts" >= TIMESTAMP '2024-01-10 00:00:00' AND "ts" < TIMESTAMP '2024-02-01 00:00:00'`,
    ],
    [
      'timestamp with time zone: instants',
      table([column('ts', 'timestamp(3) with time zone')]),
      'ts',
      `"ts" >= from_iso8601_timestamp('2024-01-10T00:00:00Z') AND "ts" < from_iso8601_timestamp('2024-02-01T00:00:00Z')`,
    ],
  ])('%s', (_name, described, dateColumn, expected) => {
    expect(whereOf(described, dateColumn, JANUARY)).toBe(expected);
  });

  it('adds nothing when a date column is named without a range', () => {
    const sql = compileQuery(
      { database: 'lake', table: 'events', fields: [{ name: 'record_count' }], dateColumn: 'ts' },
      table([column('ts', 'timestamp')]),
      OPTIONS,
    ).sql;
    expect(sql).toBe('SELECT count(*) AS "record_count" FROM "lake"."events"');
  });
});

describe('time zones', () => {
  const naive = table([column('ts', 'timestamp')]);
  const zoned = table([column('ts', 'timestamp with time zone')]);

  it.each<[string, TableDescription, [string, string], string, string]>([
    [
      'spring-forward day in New York is 23 hours long',
      naive,
      ['2024-03-10', '2024-03-10'],
      'America/New_York',
      `"ts" >= TIMESTAMP '2024-03-10 05:00:00' AND "ts" < TIMESTAMP '2024-03-11 04:00:00'`,
    ],
    [
      'fall-back day in New York is 25 hours long',
      naive,
      ['2024-11-03', '2024-11-03'],
      'America/New_York',
      `"ts" >= TIMESTAMP '2024-11-03 04:00:00' AND "ts" < TIMESTAMP '2024-11-04 05:00:00'`,
    ],
    [
      'half-hour zone (Kolkata, +05:30) across a year boundary',
      naive,
      ['2024-01-01', '2024-01-01'],
      'Asia/Kolkata',
      `"ts" >= TIMESTAMP '2023-12-31 18:30:00' AND "ts" < TIMESTAMP '2024-01-01 18:30:00'`,
    ],
    [
      'zone east of UTC with DST (Paris, summer)',
      zoned,
      ['2024-07-01', '2024-07-31'],
      'Europe/Paris',
      `"ts" >= from_iso8601_timestamp('2024-06-30T22:00:00Z') AND "ts" < from_iso8601_timestamp('2024-07-31T22:00:00Z')`,
    ],
    [
      'midnight inside a DST gap starts at the transition (Santiago, 2024-09-08 00:00 does not exist)',
      naive,
      ['2024-09-08', '2024-09-08'],
      'America/Santiago',
      `"ts" >= TIMESTAMP '2024-09-08 04:00:00' AND "ts" < TIMESTAMP '2024-09-09 03:00:00'`,
    ],
  ])('%s', (_name, described, range, zone, expected) => {
    expect(whereOf(described, 'ts', range, zone)).toBe(expected);
  });

  it('leaves date columns and dt partitions as calendar days in any zone', () => {
    const described = table([column('d', 'date'), column('dt', 'string', true)]);
    expect(whereOf(described, 'd', JANUARY, 'Pacific/Kiritimati')).toBe(
      `"dt" BETWEEN '2024-01-09' AND '2024-02-01' AND "d" BETWEEN DATE '2024-01-10' AND DATE '2024-01-31'`,
    );
    expect(whereOf(described, 'dt', JANUARY, 'Pacific/Kiritimati')).toBe(`"dt" BETWEEN '2024-01-10' AND '2024-01-31'`);
  });
});

describe('partition pruning by layout (one day of slack each side)', () => {
  const TS_RANGE = `"ts" >= TIMESTAMP '2024-01-10 00:00:00' AND "ts" < TIMESTAMP '2024-02-01 00:00:00'`;

  it.each<[string, TableDescription, string]>([
    [
      'dt string partition',
      table([column('ts', 'timestamp'), column('dt', 'string', true)]),
      `"dt" BETWEEN '2024-01-09' AND '2024-02-01'`,
    ],
    [
      'dt date partition',
      table([column('ts', 'timestamp'), column('dt', 'date', true)]),
      `"dt" BETWEEN DATE '2024-01-09' AND DATE '2024-02-01'`,
    ],
    [
      'date projection under another name',
      table([column('ts', 'timestamp'), column('day_key', 'string', true)], {
        'projection.day_key.type': 'date',
        'projection.day_key.format': 'yyyy-MM-dd',
      }),
      `"day_key" BETWEEN '2024-01-09' AND '2024-02-01'`,
    ],
    [
      'year/month/day integer partitions',
      table([column('ts', 'timestamp'), ...partitions('int', 'year', 'month', 'day')]),
      `concat(lpad(CAST("year" AS varchar), 4, '0'), '-', lpad(CAST("month" AS varchar), 2, '0'), '-', ` +
        `lpad(CAST("day" AS varchar), 2, '0')) BETWEEN '2024-01-09' AND '2024-02-01'`,
    ],
    [
      'year/month/day string partitions (padded or not)',
      table([column('ts', 'timestamp'), ...partitions('string', 'year', 'month', 'day')]),
      `concat(lpad("year", 4, '0'), '-', lpad("month", 2, '0'), '-', lpad("day", 2, '0')) ` +
        `BETWEEN '2024-01-09' AND '2024-02-01'`,
    ],
    [
      'year/month partitions',
      table([column('ts', 'timestamp'), column('year', 'bigint', true), column('month', 'string', true)]),
      `concat(lpad(CAST("year" AS varchar), 4, '0'), '-', lpad("month", 2, '0')) BETWEEN '2024-01' AND '2024-02'`,
    ],
    [
      'year partition',
      table([column('ts', 'timestamp'), column('year', 'smallint', true)]),
      `lpad(CAST("year" AS varchar), 4, '0') BETWEEN '2024' AND '2024'`,
    ],
    [
      'year and day without month: only the year prefix can be compared',
      table([column('ts', 'timestamp'), column('year', 'int', true), column('day', 'int', true)]),
      `lpad(CAST("year" AS varchar), 4, '0') BETWEEN '2024' AND '2024'`,
    ],
  ])('%s', (_name, described, pruning) => {
    expect(whereOf(described, 'ts', JANUARY)).toBe(`${pruning} AND ${TS_RANGE}`);
  });

  it.each<[string, TableDescription]>([
    ['no partitions', table([column('ts', 'timestamp')])],
    ['month without year', table([column('ts', 'timestamp'), column('month', 'int', true)])],
    [
      'year/month that are not partitions',
      table([column('ts', 'timestamp'), column('year', 'int'), column('month', 'int')]),
    ],
    ['a non-date dt partition', table([column('ts', 'timestamp'), column('dt', 'int', true)])],
    ['a decimal year partition', table([column('ts', 'timestamp'), column('year', 'decimal(4,0)', true)])],
  ])('prunes nothing for %s', (_name, described) => {
    expect(whereOf(described, 'ts', JANUARY)).toBe(TS_RANGE);
  });

  it('crosses month and year boundaries with the slack', () => {
    const described = table([column('d', 'date'), column('dt', 'string', true), ...partitions('int', 'year', 'month')]);
    expect(whereOf(described, 'd', ['2024-01-01', '2024-12-31'])).toBe(
      `"dt" BETWEEN '2023-12-31' AND '2025-01-01' AND ` +
        `concat(lpad(CAST("year" AS varchar), 4, '0'), '-', lpad(CAST("month" AS varchar), 2, '0')) ` +
        `BETWEEN '2023-12' AND '2025-01' AND ` +
        `"d" BETWEEN DATE '2024-01-01' AND DATE '2024-12-31'`,
    );
  });

  it('prunes from a zoned range too (slack covers the zone offset)', () => {
    const described = table([column('ts', 'timestamp'), column('dt', 'string', true)]);
    expect(whereOf(described, 'ts', ['2024-03-10', '2024-03-10'], 'America/New_York')).toBe(
      `"dt" BETWEEN '2024-03-09' AND '2024-03-11' AND ` +
        `"ts" >= TIMESTAMP '2024-03-10 05:00:00' AND "ts" < TIMESTAMP '2024-03-11 04:00:00'`,
    );
  });
});
