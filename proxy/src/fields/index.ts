/** Looker Studio fields of a table: from its description to the field catalog (docs/architecture.md#one-vocabulary-for-a-column). */
export { isDateClass, type ResolvedColumn } from './columnClass';
export { type FieldBinding, type FieldCatalog, resolveFieldCatalog } from './fieldCatalog';
export { billedBytes, estimateCostUsd, fillQueryFields } from './queryStatFields';
export { deriveTableSchema } from './tableSchema';
