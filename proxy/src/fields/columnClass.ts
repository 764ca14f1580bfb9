/**
 * Classifies table columns into what the connector can expose, and explains the ones it cannot.
 */
import type { ColumnInfo } from '../../../protocol/contract';
import { isNumericKind, parseAthenaType, type AthenaType } from '../values';

/**
 * How a column is exposed. `dateText` is a string partition holding `YYYY-MM-DD` (the seeds' `dt=` folders or an
 * Athena date projection); it behaves like a date but its literals are strings, so partition pruning still works.
 */
export type ColumnClass = 'number' | 'boolean' | 'text' | 'json' | 'date' | 'dateText' | 'timestamp' | 'timestampTz';

/** A column that can be exposed as Looker Studio fields. */
export interface ResolvedColumn {
  info: ColumnInfo;
  type: AthenaType;
  columnClass: ColumnClass;
}

/** A column that cannot be exposed, with the reason shown to the data owner. */
export interface ExcludedColumn {
  column: string;
  type: string;
  reason: string;
}

/** Classes usable as the data source's date-range column. */
export function isDateClass(columnClass: ColumnClass): boolean {
  return columnClass === 'date' || columnClass === 'dateText' || isTimestampClass(columnClass);
}

/** Naive timestamps and timestamps with time zone. */
export function isTimestampClass(columnClass: ColumnClass): boolean {
  return columnClass === 'timestamp' || columnClass === 'timestampTz';
}

/** Resolves a column, or explains why it is excluded (nothing is silently dropped). */
export function classifyColumn(info: ColumnInfo, properties: Record<string, string>): ResolvedColumn | ExcludedColumn {
  const type = parseAthenaType(info.type);
  const columnClass = toColumnClass(info, type, properties);
  if (columnClass) return { info, type, columnClass };
  const reason =
    type.kind === 'binary'
      ? 'Binary values cannot be shown in Looker Studio.'
      : `The column type "${info.type}" is not supported.`;
  return { column: info.name, type: info.type, reason };
}

function toColumnClass(
  info: ColumnInfo,
  type: AthenaType,
  properties: Record<string, string>,
): ColumnClass | undefined {
  if (isNumericKind(type.kind)) return 'number';
  switch (type.kind) {
    case 'boolean':
      return 'boolean';
    case 'text':
      return isDateTextPartition(info, properties) ? 'dateText' : 'text';
    case 'complex':
      return 'json';
    case 'date':
    case 'timestamp':
    case 'timestampTz':
      return type.kind;
    default:
      return undefined;
  }
}

/**
 * A string partition is date-like when it is called `dt` (the seeds' layout `type-version/dt=YYYY-MM-DD/`) or when
 * Athena partition projection declares it a `date` in `yyyy-MM-dd` format. An explicit format other than
 * `yyyy-MM-dd` wins over the name, because then the values are not `YYYY-MM-DD` strings: a projection format, or
 * `partition.<key>.format`, which an engine that has seen every value (the local lake) reports.
 */
function isDateTextPartition(info: ColumnInfo, properties: Record<string, string>): boolean {
  if (!info.partitionKey) return false;
  const projectionType = properties[`projection.${info.name}.type`];
  const projectionFormat = properties[`projection.${info.name}.format`] ?? properties[`partition.${info.name}.format`];
  if (projectionType === 'date') return projectionFormat === 'yyyy-MM-dd';
  return info.name.toLowerCase() === 'dt' && (projectionFormat === undefined || projectionFormat === 'yyyy-MM-dd');
}
