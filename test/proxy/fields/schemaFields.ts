/** Shared by the table schema tests: a derived schema's fields keyed by field id. */
import type { LookerField } from '../../../protocol/contract';
import { deriveTableSchema } from '../../../proxy/src/fields/tableSchema';
import { column, table } from '../../support/tableFixtures';

export function fieldsById(fields: LookerField[]): Record<string, LookerField> {
  return Object.fromEntries(fields.map((field) => [field.name, field]));
}

/** The fields of a table of `columns` with table `properties`, keyed by id. */
export function fieldsOf(
  columns: ReturnType<typeof column>[],
  properties: Record<string, string> = {},
  aggregate = true,
): Record<string, LookerField> {
  return fieldsById(deriveTableSchema(table(columns, properties), aggregate).fields);
}
