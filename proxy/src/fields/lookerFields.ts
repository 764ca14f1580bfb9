/**
 * Builders for Looker Studio field JSON (docs/reference-looker-studio.md#field-json-and-data-types), so every field the
 * catalog makes has a data type consistent with its semantic type: date/time semantic types are STRING.
 */
import type { AggregationType, DataType, LookerField } from '../../../protocol/contract';

/** Looker's CURRENCY_* semantic types (the 63 codes of the Apps Script FieldType enum, docs/fields.md). */
export const CURRENCY_CODES = [
  'AED',
  'ALL',
  'ARS',
  'AUD',
  'BDT',
  'BGN',
  'BOB',
  'BRL',
  'CAD',
  'CDF',
  'CHF',
  'CLP',
  'CNY',
  'COP',
  'CRC',
  'CZK',
  'DKK',
  'DOP',
  'EGP',
  'ETB',
  'EUR',
  'GBP',
  'HKD',
  'HRK',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'IRR',
  'ISK',
  'JMD',
  'JPY',
  'KRW',
  'LKR',
  'LTL',
  'MNT',
  'MVR',
  'MXN',
  'MYR',
  'NOK',
  'NZD',
  'PAB',
  'PEN',
  'PHP',
  'PKR',
  'PLN',
  'RON',
  'RSD',
  'RUB',
  'SAR',
  'SEK',
  'SGD',
  'THB',
  'TRY',
  'TWD',
  'TZS',
  'UAH',
  'USD',
  'UYU',
  'VEF',
  'VND',
  'YER',
  'ZAR',
] as const;

const CURRENCY_DATA_TYPES = Object.fromEntries(CURRENCY_CODES.map((code) => [`CURRENCY_${code}`, 'NUMBER'])) as Record<
  `CURRENCY_${(typeof CURRENCY_CODES)[number]}`,
  'NUMBER'
>;

/** The Looker semantic types this connector emits, with the data type each one requires. */
export const SEMANTIC_DATA_TYPES = {
  NUMBER: 'NUMBER',
  BOOLEAN: 'BOOLEAN',
  TEXT: 'STRING',
  YEAR_MONTH_DAY: 'STRING',
  YEAR_MONTH_DAY_HOUR: 'STRING',
  YEAR_MONTH_DAY_SECOND: 'STRING',
  PERCENT: 'NUMBER',
  // Looker's own field builder emits DURATION as STRING (docs/fields.md#value-formats); values are seconds.
  DURATION: 'STRING',
  URL: 'STRING',
  COUNTRY: 'STRING',
  COUNTRY_CODE: 'STRING',
  REGION: 'STRING',
  REGION_CODE: 'STRING',
  CITY: 'STRING',
  LATITUDE_LONGITUDE: 'STRING',
  ...CURRENCY_DATA_TYPES,
} as const satisfies Record<string, DataType>;

/** A semantic type this connector emits. */
export type SemanticType = keyof typeof SEMANTIC_DATA_TYPES;

/** The semantic type of a metric: a number, a percent ratio, a duration in seconds or an amount of money. */
export type MetricSemantics = Extract<SemanticType, 'NUMBER' | 'PERCENT' | 'DURATION' | `CURRENCY_${string}`>;

/** Whether `name` is a semantic type this connector emits. */
export function isSemanticType(name: string): name is SemanticType {
  return Object.prototype.hasOwnProperty.call(SEMANTIC_DATA_TYPES, name);
}

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
 * A metric: re-aggregatable (Looker Studio may combine returned rows again: SUM of SUMs, MIN of MINs). A formula
 * fixes the aggregation itself: Looker Studio ignores the aggregation properties of a formula field, so a formula
 * field carries no `isReaggregatable` (docs/fields.md#re-aggregation).
 */
export function toMetricField(
  text: FieldText,
  aggregation: AggregationType,
  extra: { formula?: string; isHidden?: boolean; semantics?: MetricSemantics } = {},
): LookerField {
  const semanticType = extra.semantics ?? 'NUMBER';
  return {
    name: text.id,
    label: text.label,
    description: text.description,
    dataType: SEMANTIC_DATA_TYPES[semanticType],
    ...(extra.formula !== undefined ? { formula: extra.formula } : {}),
    ...(extra.isHidden ? { isHidden: true } : {}),
    defaultAggregationType: aggregation,
    semantics: {
      conceptType: 'METRIC',
      semanticType,
      ...semanticGroupOf(semanticType),
      ...(extra.formula === undefined ? { isReaggregatable: true } : {}),
    },
  };
}

const GEO_TYPES = new Set<string>(['COUNTRY', 'COUNTRY_CODE', 'REGION', 'REGION_CODE', 'CITY', 'LATITUDE_LONGITUDE']);

function semanticGroupOf(semanticType: SemanticType): Pick<LookerField['semantics'], 'semanticGroup'> {
  if (semanticType === 'NUMBER') return { semanticGroup: 'NUMERIC' };
  if (semanticType.startsWith('YEAR_')) return { semanticGroup: 'DATETIME' };
  if (semanticType.startsWith('CURRENCY_')) return { semanticGroup: 'CURRENCY' };
  if (GEO_TYPES.has(semanticType)) return { semanticGroup: 'GEO' };
  if (semanticType === 'PERCENT' || semanticType === 'DURATION') return { semanticGroup: 'NUMERIC' };
  return {};
}
