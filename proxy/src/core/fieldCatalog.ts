/**
 * Table → Looker Studio fields, and field id → how to compute it. `deriveTableSchema` (getSchema) and
 * `compileQuery` (getData) both go through {@link resolveFieldCatalog}, so an id always means the same thing.
 */
import type { DataType, LookerField } from '../../../protocol/contract';
import type { TableDescription } from './enginePort';
import { classifyColumn, isDateClass, type ExcludedColumn, type ResolvedColumn } from './columnClass';
import { FieldIdAllocator } from './fieldNames';
import type { ValueFormat } from './formatValues';
import { toColumnFields, type FieldEntry } from './columnFields';
import { toMetricField } from './lookerFields';

/**
 * How a field's value is computed: `value` is the column itself (converted for time zones / JSON), `day` and
 * `hour` truncate a timestamp, the aggregations apply to the column, `recordCount` counts rows.
 */
export type Derivation = 'value' | 'day' | 'hour' | 'sum' | 'min' | 'max' | 'count' | 'average' | 'recordCount';

/** What a field id resolves to. `column` is absent only for the record count. */
export interface FieldBinding {
  id: string;
  role: 'dimension' | 'metric';
  derivation: Derivation;
  column?: ResolvedColumn;
  format: ValueFormat;
  dataType: DataType;
}

/** Everything the core derives from a table description for one aggregation mode. */
export interface FieldCatalog {
  aggregate: boolean;
  fields: LookerField[];
  bindings: ReadonlyMap<string, FieldBinding>;
  /** Exposed columns by column name. */
  columns: ReadonlyMap<string, ResolvedColumn>;
  excluded: ExcludedColumn[];
  dateColumns: string[];
  defaultDateColumn?: string;
}

/** The Record Count metric's id; it is allocated first, so a column called `record_count` becomes `record_count_2`. */
export const RECORD_COUNT_ID = 'record_count';

/**
 * Resolves every column of `table` into fields. Ids are allocated in a fixed order — the record count, then each
 * column's own id in table order, then derived ids (`_date`, `_min`, …) — so real column names keep their names
 * and the result depends only on the table description.
 */
export function resolveFieldCatalog(table: TableDescription, aggregate: boolean): FieldCatalog {
  const resolved: ResolvedColumn[] = [];
  const excluded: ExcludedColumn[] = [];
  for (const info of table.columns) {
    const column = classifyColumn(info, table.properties);
    if ('columnClass' in column) resolved.push(column);
    else excluded.push(column);
  }
  const ids = new FieldIdAllocator();
  const recordCountId = ids.allocate(RECORD_COUNT_ID);
  const baseIds = resolved.map((column) => ids.allocate(column.info.name));
  const entries = resolved.flatMap((column, i) => toColumnFields(column, baseIds[i], aggregate, ids));
  entries.push(toRecordCountEntry(recordCountId, aggregate));

  const dateColumns = resolved.filter((column) => isDateClass(column.columnClass));
  const defaultDate = dateColumns.find((column) => column.info.partitionKey) ?? dateColumns[0];
  const defaultDimension = defaultDate
    ? baseIds[resolved.indexOf(defaultDate)]
    : entries.find((entry) => entry.binding.role === 'dimension')?.binding.id;
  return {
    aggregate,
    fields: entries.map(({ field }) =>
      field.name === defaultDimension || field.name === recordCountId ? { ...field, isDefault: true } : field,
    ),
    bindings: new Map(entries.map((entry) => [entry.binding.id, entry.binding])),
    columns: new Map(resolved.map((column) => [column.info.name, column])),
    excluded,
    dateColumns: dateColumns.map((column) => column.info.name),
    ...(defaultDate ? { defaultDateColumn: defaultDate.info.name } : {}),
  };
}

/** COUNT(*) per group when aggregating (Looker Studio sums the counts), 1 per row otherwise. */
function toRecordCountEntry(id: string, aggregate: boolean): FieldEntry {
  const description = aggregate ? 'Number of rows (counted by the query engine).' : 'Number of rows.';
  return {
    field: toMetricField({ id, label: 'Record Count', description }, 'SUM'),
    binding: { id, role: 'metric', derivation: 'recordCount', format: 'exact', dataType: 'NUMBER' },
  };
}
