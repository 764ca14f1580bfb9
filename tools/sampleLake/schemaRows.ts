/**
 * The sample lake's link to the event schemas (events/schemas): rows are assembled in the schema's column order,
 * Parquet column types come from the schema, and every row must be a valid event of its type.
 */
import { allFields, type EventSchema } from '../../events/src';
import { duckDbColumnsOf } from '../../proxy/src/local';
import type { SampleRow } from './sampleTable';

/** Puts `type`, `version`, then the row's fields in schema order; a field the schema does not declare is a bug. */
export function schemaRow(schema: EventSchema, ...parts: SampleRow[]): SampleRow {
  const merged: SampleRow = Object.assign({ type: schema.type, version: schema.version }, ...parts);
  const columns = allFields(schema).map(([name]) => name);
  const row: SampleRow = {};
  for (const name of columns) if (name in merged) row[name] = merged[name];
  const unknown = Object.keys(merged).filter((name) => !columns.includes(name));
  if (unknown.length > 0) throw new Error(`sample ${schema.type} writes undeclared fields: ${unknown.join(', ')}`);
  return row;
}

/** DuckDB column types of a Parquet sample table: every declared column, in order. */
export function parquetColumnsOf(schema: EventSchema): Record<string, string> {
  return duckDbColumnsOf(schema);
}
