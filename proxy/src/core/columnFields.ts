/**
 * The Looker Studio fields one column yields (aggregation pushdown, docs/architecture.md#design-decisions, decision 6).
 */
import type { LookerField } from '../../../protocol/contract';
import type { ResolvedColumn } from './columnClass';
import type { Derivation, FieldBinding } from './fieldCatalog';
import { humanizeName, type FieldIdAllocator } from './fieldNames';
import type { ValueFormat } from './formatValues';
import {
  SEMANTIC_DATA_TYPES,
  toDimensionField,
  toMetricField,
  type FieldText,
  type SemanticType,
} from './lookerFields';

/** A Looker field together with how the compiler computes it. */
export interface FieldEntry {
  field: LookerField;
  binding: FieldBinding;
}

/**
 * Numeric data columns become metrics (SUM, MIN, MAX, a hidden COUNT and an exact AVG formula when aggregating;
 * the raw value otherwise); partition columns and every other type become dimensions. Timestamps also get day and
 * hour dimensions computed in SQL, so time-series charts can be aggregated by the engine at those grains.
 */
export function toColumnFields(
  column: ResolvedColumn,
  id: string,
  aggregate: boolean,
  ids: FieldIdAllocator,
): FieldEntry[] {
  const label = humanizeName(column.info.name);
  const describe = describeColumn(column);
  if (column.columnClass === 'number' && !column.info.partitionKey) {
    return aggregate
      ? toAggregateMetrics(column, id, label, describe, ids)
      : [metric(column, 'value', { id, label, description: describe('Value of') }, 'SUM')];
  }
  switch (column.columnClass) {
    case 'timestamp':
    case 'timestampTz':
      return [
        dimension(column, 'value', { id, label, description: describe('Value of', ', in the report time zone') }),
        dimension(column, 'day', {
          id: ids.allocate(`${id}_date`),
          label: `${label} (Date)`,
          description: describe('Day of', ', in the report time zone'),
        }),
        dimension(column, 'hour', {
          id: ids.allocate(`${id}_hour`),
          label: `${label} (Hour)`,
          description: describe('Hour of', ', in the report time zone'),
        }),
      ];
    case 'json':
      return [dimension(column, 'value', { id, label, description: describe('Value of', ', as JSON text') })];
    default:
      return [dimension(column, 'value', { id, label, description: describe('Value of') })];
  }
}

type Describe = (what: string, how?: string) => string;

/** Descriptions name the column and its type, then the column's own comment if it has one. */
function describeColumn(column: ResolvedColumn): Describe {
  const { name, type, comment } = column.info;
  return (what, how = '') => `${what} column "${name}" (${type})${how}.${comment ? ` ${comment}` : ''}`;
}

function toAggregateMetrics(
  column: ResolvedColumn,
  id: string,
  label: string,
  describe: Describe,
  ids: FieldIdAllocator,
): FieldEntry[] {
  const minId = ids.allocate(`${id}_min`);
  const maxId = ids.allocate(`${id}_max`);
  const countId = ids.allocate(`${id}_count`);
  const avgId = ids.allocate(`${id}_avg`);
  // The average is a formula over two re-aggregatable sums, so it stays exact whatever rows Looker combines.
  const formula = `SUM($${id}) / SUM($${countId})`;
  const count = { id: countId, label: `${label} (Count)`, description: describe('Non-null values of') };
  const average = { id: avgId, label: `${label} (Average)`, description: describe('Average of') };
  return [
    metric(column, 'sum', { id, label, description: describe('Sum of') }, 'SUM'),
    metric(column, 'min', { id: minId, label: `${label} (Min)`, description: describe('Minimum of') }, 'MIN'),
    metric(column, 'max', { id: maxId, label: `${label} (Max)`, description: describe('Maximum of') }, 'MAX'),
    metric(column, 'count', count, 'SUM', { isHidden: true }),
    metric(column, 'average', average, 'AUTO', { formula }),
  ];
}

function dimension(column: ResolvedColumn, derivation: Derivation, text: FieldText): FieldEntry {
  const semanticType = semanticTypeOf(column, derivation);
  return {
    field: toDimensionField(text, semanticType),
    binding: {
      id: text.id,
      role: 'dimension',
      derivation,
      column,
      format: dimensionFormatOf(column, derivation),
      dataType: SEMANTIC_DATA_TYPES[semanticType],
    },
  };
}

function metric(
  column: ResolvedColumn,
  derivation: Derivation,
  text: FieldText,
  aggregation: 'SUM' | 'MIN' | 'MAX' | 'AUTO',
  extra: { formula?: string; isHidden?: boolean } = {},
): FieldEntry {
  return {
    field: toMetricField(text, aggregation, extra),
    binding: {
      id: text.id,
      role: 'metric',
      derivation,
      column,
      format: metricFormatOf(column, derivation),
      dataType: 'NUMBER',
    },
  };
}

function semanticTypeOf(column: ResolvedColumn, derivation: Derivation): SemanticType {
  if (derivation === 'day') return 'YEAR_MONTH_DAY';
  if (derivation === 'hour') return 'YEAR_MONTH_DAY_HOUR';
  switch (column.columnClass) {
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
    case 'dateText':
      return 'YEAR_MONTH_DAY';
    case 'timestamp':
    case 'timestampTz':
      return 'YEAR_MONTH_DAY_SECOND';
    default:
      return 'TEXT';
  }
}

function dimensionFormatOf(column: ResolvedColumn, derivation: Derivation): ValueFormat {
  if (derivation === 'day' || derivation === 'hour') return 'text';
  switch (column.columnClass) {
    case 'number':
      return numberFormatOf(column);
    case 'boolean':
      return 'boolean';
    case 'date':
    case 'dateText':
      return 'date';
    case 'timestamp':
    case 'timestampTz':
      return 'timestamp';
    default:
      return 'text';
  }
}

function metricFormatOf(column: ResolvedColumn, derivation: Derivation): ValueFormat {
  if (derivation === 'count') return 'exact';
  if (derivation === 'average') return 'double';
  return numberFormatOf(column);
}

/** Integers and decimals stay exact; SUM/MIN/MAX keep the column's kind on both engines. */
function numberFormatOf(column: ResolvedColumn): ValueFormat {
  return column.type.kind === 'float' ? 'double' : 'exact';
}
