/**
 * The catalog of the injection fuzz. `events`, `readings` and `secrets` are exactly how the DuckDB engine describes
 * the lake of fuzzLake.ts (the DuckDB fuzz test asserts it); `hourly` exists only in this catalog, for Glue-only
 * shapes (integer partitions). Together they cover every column class the compiler knows: text, numbers, decimals,
 * boolean, date, naive and zoned timestamps, arrays (JSON), `dt`, year/month/day and numeric partitions.
 */
import type { ColumnInfo } from '../../protocol/contract';
import type { TableDescription } from '../../proxy/src/port';

export const FUZZ_DATABASE = 'lake';

const column = (name: string, type: string, partitionKey = false): ColumnInfo => ({ name, type, partitionKey });

/** As the lake engine describes a table: its format, and which partition keys hold `YYYY-MM-DD` days (`dt`). */
const table = (name: string, columns: ColumnInfo[]): TableDescription => ({
  database: FUZZ_DATABASE,
  table: name,
  columns,
  isView: false,
  properties: {
    classification: 'parquet',
    ...Object.fromEntries(
      columns
        .filter((c) => c.partitionKey)
        .map((c) => [`partition.${c.name}.format`, c.name === 'dt' ? 'yyyy-MM-dd' : 'other']),
    ),
  },
});

export const EVENTS_TABLE = table('events', [
  column('name', 'string'),
  column('amount', 'double'),
  column('qty', 'bigint'),
  column('price', 'decimal(10,2)'),
  column('flag', 'boolean'),
  column('day', 'date'),
  column('happened', 'timestamp'),
  column('happened_tz', 'timestamp with time zone'),
  column('tags', 'array<string>'),
  column('dt', 'string', true),
]);

export const READINGS_TABLE = table('readings', [
  column('device', 'string'),
  column('temp', 'double'),
  column('read_at', 'timestamp'),
  column('year', 'string', true),
  column('month', 'string', true),
  column('day', 'string', true),
]);

/** Integer partitions as Glue types them (the DuckDB lake keeps partitions as strings, like a crawler). */
export const HOURLY_TABLE = table('hourly', [
  column('metric', 'string'),
  column('value', 'decimal(38,10)'),
  column('event_date', 'date'),
  column('year', 'int', true),
  column('month', 'int', true),
  column('hour', 'int', true),
]);

/** A table no fuzzed query may ever name or read. */
export const SECRETS_TABLE = table('secrets', [column('token', 'string'), column('dt', 'string', true)]);

/** Tables of the DuckDB fuzz lake that queries run on. */
export const LAKE_TABLES: readonly TableDescription[] = [EVENTS_TABLE, READINGS_TABLE];

/** Tables the fuzz queries. */
export const QUERIED_TABLES: readonly TableDescription[] = [...LAKE_TABLES, HOURLY_TABLE];

/** Every table of the catalog. */
export const ALL_TABLES: readonly TableDescription[] = [...QUERIED_TABLES, SECRETS_TABLE];
