/**
 * Builders for Looker Studio field JSON (docs/reference-looker-studio.md#field-json-and-data-types), so every field the
 * catalog makes has a data type consistent with its semantic type: date/time semantic types are STRING.
 */
import type { AggregationType, DataType, LookerField } from '../../../protocol/contract';

/** The Looker semantic types this connector emits, with the data type each one requires. */
export const SEMANTIC_DATA_TYPES = {
  NUMBER: 'NUMBER',
  BOOLEAN: 'BOOLEAN',
  TEXT: 'STRING',
  YEAR_MONTH_DAY: 'STRING',
  YEAR_MONTH_DAY_HOUR: 'STRING',
  YEAR_MONTH_DAY_SECOND: 'STRING',
} as const satisfies Record<string, DataType>;

/** A semantic type this connector emits. */
export type SemanticType = keyof typeof SEMANTIC_DATA_TYPES;

/** Text shown in the field picker: the label, plus a description that names the column and its type. */
export interface FieldText {
  id: string;
  label: string;
  description: string;
}

/** A dimension field of the given semantic type. */
export function toDimensionField(text: FieldText, semanticType: SemanticType): LookerField {
  return {
    name: text.id,
    label: text.label,
    description: text.description,
    dataType: SEMANTIC_DATA_TYPES[semanticType],
    semantics: {
      conceptType: 'DIMENSION',
      semanticType,
      ...semanticGroupOf(semanticType),
    },
  };
}

/**
 * A re-aggregatable NUMBER metric: whatever rows the proxy returns, Looker Studio can combine them again (SUM of
 * SUMs, MIN of MINs), which is what makes aggregation pushdown exact at any chart granularity.
 */
export function toMetricField(
  text: FieldText,
  aggregation: AggregationType,
  extra: { formula?: string; isHidden?: boolean } = {},
): LookerField {
  return {
    name: text.id,
    label: text.label,
    description: text.description,
    dataType: 'NUMBER',
    ...(extra.formula !== undefined ? { formula: extra.formula } : {}),
    ...(extra.isHidden ? { isHidden: true } : {}),
    defaultAggregationType: aggregation,
    semantics: { conceptType: 'METRIC', semanticType: 'NUMBER', semanticGroup: 'NUMERIC', isReaggregatable: true },
  };
}

function semanticGroupOf(semanticType: SemanticType): Pick<LookerField['semantics'], 'semanticGroup'> {
  if (semanticType === 'NUMBER') return { semanticGroup: 'NUMERIC' };
  if (semanticType.startsWith('YEAR_')) return { semanticGroup: 'DATETIME' };
  return {};
}
