/**
 * The Looker Studio fields one column yields (aggregation pushdown, docs/architecture.md#design-decisions, decision 6;
 * the field rules: docs/fields.md).
 */
import type { ResolvedColumn } from './columnClass';
import type { ColumnSemantics } from './columnSemantics';
import type { Derivation, FieldEntry } from './fieldTypes';
import type { FieldIdAllocator } from './fieldNames';
import type { ValueFormat } from '../values';
import {
  SEMANTIC_DATA_TYPES,
  toDimensionField,
  toMetricField,
  type FieldText,
  type MetricSemantics,
  type SemanticType,
} from './lookerFields';
import { numberFormatOf, toPushdownMetrics, type Describe } from './metricFields';
import { parseColumnComment } from './semanticHints';

/**
 * Ids reserved ahead of every newer field, by suffix (`_date`, `_min`, …): saved reports store these ids, so a
 * field added later must never take one of them.
 */
export type ReservedIds = Record<string, string>;

/**
 * The derived-id suffixes reserved for a column, in allocation order (saved reports store these ids). A coordinate
 * of a location pair is a dimension (docs/fields.md#additive-or-not), so it has no metric ids.
 */
export function reservedSuffixes(column: ResolvedColumn, aggregate: boolean, paired = false): string[] {
  if (isQuantity(column) && !paired) return aggregate ? ['_min', '_max', '_count', '_avg'] : [];
  return column.columnClass === 'timestamp' || column.columnClass === 'timestampTz' ? ['_date', '_hour'] : [];
}

/** What one column's fields are built from besides the column: its id, the mode, the ids and its meaning. */
export interface ColumnFieldContext {
  /** The column's own field id (allocated in table order). */
  id: string;
  aggregate: boolean;
  ids: FieldIdAllocator;
  reserved: ReservedIds;
  meaning: ColumnSemantics;
  /** The column is the latitude or longitude of a location pair: a dimension, never summed or averaged. */
  paired?: boolean;
}

/**
 * Numeric data columns become metrics (exact formula fields over hidden partial aggregates when aggregating, the
 * raw value otherwise) plus, for integers, a dimension twin `<id>_dim`; partition columns and every other type
 * become dimensions. Timestamps also get day and hour dimensions computed in SQL.
 */
export function toColumnFields(column: ResolvedColumn, context: ColumnFieldContext): FieldEntry[] {
  const { group } = context.meaning;
  const describe = describeColumn(column, context.meaning.scale);
  const entries =
    isQuantity(column) && !context.paired
      ? quantityFields(column, context, describe)
      : dimensionFields(column, context, describe);
  return entries.map((e) => ({ ...e, field: { ...e.field, group } }));
}

/** A quantity's metrics (scaled for a `_pct` column) and, when it has one, its dimension twin. */
function quantityFields(column: ResolvedColumn, context: ColumnFieldContext, describe: Describe): FieldEntry[] {
  const { id, aggregate, ids, reserved, meaning } = context;
  const { label, group } = meaning;
  const semantics = (meaning.semanticType ?? 'NUMBER') as MetricSemantics;
  const metrics = aggregate
    ? toPushdownMetrics(column, {
        id,
        label,
        describe,
        allocate: (wanted) => reserved[wanted.slice(id.length)] ?? ids.allocate(wanted),
        semantics,
        group,
        additive: meaning.additive,
      })
    : [rawMetric(column, { id, label, description: describe('Value of') }, { semantics, additive: meaning.additive })];
  const scaled = meaning.scale === undefined ? metrics : metrics.map((e) => scaleMetric(e, meaning.scale!));
  if (!meaning.dimensionTwin) return scaled;
  const twinText = {
    id: ids.allocate(`${id}_dim`),
    label: `${label} (Value)`,
    description: describe('Each value of', ', as a dimension'),
  };
  return [...scaled, dimension(column, 'value', twinText, 'NUMBER')];
}

/** A dimension column's value; timestamps add their day and hour, JSON says it is JSON text. */
function dimensionFields(column: ResolvedColumn, context: ColumnFieldContext, describe: Describe): FieldEntry[] {
  const { id, reserved, meaning } = context;
  const { label } = meaning;
  const type = meaning.semanticType ?? baseSemanticType(column);
  switch (column.columnClass) {
    case 'timestamp':
    case 'timestampTz':
      return [
        dimension(column, 'value', { id, label, description: describe('Value of', ', in the report time zone') }, type),
        dimension(
          column,
          'day',
          {
            id: reserved._date,
            label: `${label} (Date)`,
            description: describe('Day of', ', in the report time zone'),
          },
          'YEAR_MONTH_DAY',
        ),
        dimension(
          column,
          'hour',
          {
            id: reserved._hour,
            label: `${label} (Hour)`,
            description: describe('Hour of', ', in the report time zone'),
          },
          'YEAR_MONTH_DAY_HOUR',
        ),
      ];
    case 'json':
      return [dimension(column, 'value', { id, label, description: describe('Value of', ', as JSON text') }, type)];
    default:
      return [dimension(column, 'value', { id, label, description: describe('Value of') }, type)];
  }
}

/**
 * Integer identifiers (`id`, `order_id`, `customerId` — Glue lower-cases it to `customerid`) are labels, not
 * quantities: they stay dimensions, never summed (docs/fields.md#identifiers).
 */
export function isIdentifierColumn(column: ResolvedColumn): boolean {
  const name = column.info.name.toLowerCase();
  return (
    column.type.kind === 'integer' && /^id$|_id$|[a-z]{4,}id$/.test(name) && !/(paid|valid|fluid|void)$/.test(name)
  );
}

/** A number column that becomes metrics: not a partition key and not an identifier. */
function isQuantity(column: ResolvedColumn): boolean {
  return column.columnClass === 'number' && !column.info.partitionKey && !isIdentifierColumn(column);
}

/** A `_pct` column's metrics are divided by 100 in SQL (Looker's PERCENT is a ratio); counts are not scaled. */
function scaleMetric(entry: FieldEntry, scale: number): FieldEntry {
  if (entry.binding.derivation === 'count') return entry;
  return { ...entry, binding: { ...entry.binding, scale, format: 'double' } };
}

/** Descriptions name the column and its type, then the column's own comment if it has one. */
function describeColumn(column: ResolvedColumn, scale?: number): Describe {
  const { name, type } = column.info;
  // The comment's hint tokens are for the proxy; the editor reads only its text.
  const comment = parseColumnComment(column.info.comment).label;
  const scaled = scale === undefined ? '' : `, × ${scale} (a percent as Looker's ratio)`;
  return (what, how = '') => `${what} column "${name}" (${type})${how}${scaled}.${comment ? ` ${comment}` : ''}`;
}

/** A dimension of `semanticType`, valued as that type requires. */
export function dimension(
  column: ResolvedColumn,
  derivation: Derivation,
  text: FieldText,
  semanticType: SemanticType,
): FieldEntry {
  return {
    field: toDimensionField(text, semanticType),
    binding: {
      id: text.id,
      role: 'dimension',
      derivation,
      column,
      format: dimensionFormatOf(column, derivation, semanticType),
      dataType: SEMANTIC_DATA_TYPES[semanticType],
    },
  };
}

/**
 * Raw rows: each row is one source row, so every aggregation Looker Studio applies is exact; a column whose values
 * do not add up is averaged by default.
 */
function rawMetric(
  column: ResolvedColumn,
  text: FieldText,
  { semantics, additive }: { semantics: MetricSemantics; additive: boolean },
): FieldEntry {
  const field = toMetricField(text, additive ? 'SUM' : 'AVG', { semantics });
  const format: ValueFormat = field.dataType === 'STRING' ? 'numberText' : numberFormatOf(column);
  return {
    field,
    binding: { id: text.id, role: 'metric', derivation: 'value', column, format, dataType: field.dataType },
  };
}

function baseSemanticType(column: ResolvedColumn): SemanticType {
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

function dimensionFormatOf(column: ResolvedColumn, derivation: Derivation, semanticType: SemanticType): ValueFormat {
  if (derivation === 'day' || derivation === 'hour') return 'text';
  if (semanticType === 'LATITUDE_LONGITUDE') return 'latLon';
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
