/** Table descriptions and specs shared by the core tests. */
import type { ColumnInfo, FilterClause, QuerySpec } from '../../protocol/contract';
import type { TableDescription } from '../../proxy/src/port/engine';

export function column(name: string, type: string, partitionKey = false): ColumnInfo {
  return { name, type, partitionKey };
}

export function table(
  columns: ColumnInfo[],
  properties: Record<string, string> = {},
  names: { database?: string; table?: string } = {},
): TableDescription {
  return { database: names.database ?? 'lake', table: names.table ?? 'events', columns, properties, isView: false };
}

/** One column of every exposed kind, plus a `dt` partition and an integer `shard` partition. */
export const EVENTS = table([
  column('event_id', 'string'),
  column('ts', 'timestamp'),
  column('amount', 'decimal(10,2)'),
  column('quantity', 'int'),
  column('price', 'double'),
  column('is_member', 'boolean'),
  column('country', 'varchar(32)'),
  column('created_on', 'date'),
  column('tags', 'array<string>'),
  column('sent_at', 'timestamp(3) with time zone'),
  column('dt', 'string', true),
  column('shard', 'int', true),
]);

export const OPTIONS = { maxRows: 1_000_000, sampleRows: 100 };

export function spec(overrides: Partial<QuerySpec> = {}): QuerySpec {
  return { database: 'lake', table: 'events', fields: [{ name: 'country' }, { name: 'record_count' }], ...overrides };
}

export function clause(
  fieldName: string,
  operator: FilterClause['operator'],
  values: string[],
  type: FilterClause['type'] = 'INCLUDE',
): FilterClause {
  return { fieldName, operator, values, type };
}
