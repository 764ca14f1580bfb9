/**
 * The catalog of the injection fuzz, as the DuckDB engine describes the lake of fuzzLake.ts (the DuckDB fuzz test
 * asserts they are equal). Together the tables cover every column class the compiler knows: text, numbers,
 * decimal, boolean, date, naive and zoned timestamps, arrays (JSON), a `dt` partition and year/month/day ones.
 */
import type { ColumnInfo } from '../../proxy/src/contract';
import type { TableDescription } from '../../proxy/src/engines/port';

export const FUZZ_DATABASE = 'lake';

const column = (name: string, type: string, partitionKey = false): ColumnInfo => ({ name, type, partitionKey });

const table = (name: string, columns: ColumnInfo[]): TableDescription => ({
  database: FUZZ_DATABASE, table: name, columns, properties: { classification: 'parquet' }, isView: false,
});

export const EVENTS_TABLE = table('events', [
  column('name', 'string'), column('amount', 'double'), column('qty', 'bigint'), column('price', 'decimal(10,2)'),
  column('flag', 'boolean'), column('day', 'date'), column('happened', 'timestamp'),
  column('happened_tz', 'timestamp with time zone'), column('tags', 'array<string>'), column('dt', 'string', true),
]);

export const READINGS_TABLE = table('readings', [
  column('device', 'string'), column('temp', 'double'), column('read_at', 'timestamp'),
  column('year', 'string', true), column('month', 'string', true), column('day', 'string', true),
]);

/** A table no fuzzed query may ever name or read. */
export const SECRETS_TABLE = table('secrets', [column('token', 'string'), column('dt', 'string', true)]);

/** Tables the fuzz queries. */
export const QUERIED_TABLES: readonly TableDescription[] = [EVENTS_TABLE, READINGS_TABLE];

/** Every table of the catalog. */
export const ALL_TABLES: readonly TableDescription[] = [...QUERIED_TABLES, SECRETS_TABLE];
