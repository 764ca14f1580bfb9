/** Shared by the table schema tests: a derived schema's fields keyed by field id. */
import type { LookerField } from '../../../protocol/contract';

export function fieldsById(fields: LookerField[]): Record<string, LookerField> {
  return Object.fromEntries(fields.map((field) => [field.name, field]));
}
