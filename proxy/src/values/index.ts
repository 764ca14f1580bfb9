/** Types and values: Athena type text to kinds, engine text to Looker Studio values. */
export { countDigits, toPlainDecimal } from './decimalText';
export { makeRowFormatter, type OutputColumn, VALUE_FORMATS, type ValueFormat } from './formatValues';
export { type AthenaType, isNumericKind, parseAthenaType } from './typeKinds';
