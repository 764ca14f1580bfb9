/** DuckDB column types of an event type's declared fields (Parquet files written locally and by the sample lake). */
import { allFields, type EventSchema, type FieldSpec } from '../../../events/src';

export function duckDbType(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'string':
    case 'coordinates':
      return 'VARCHAR';
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${spec.precision},${spec.scale})`;
    case 'timestamp':
      return 'TIMESTAMP';
    case 'boolean':
      return 'BOOLEAN';
    case 'object':
      return `STRUCT(${Object.entries(spec.fields)
        .map(([name, f]) => `"${name}" ${duckDbType(f)}`)
        .join(', ')})`;
  }
}

/** Every declared column (headers first) with its DuckDB type, in order. */
export function duckDbColumnsOf(schema: EventSchema): Record<string, string> {
  return Object.fromEntries(allFields(schema).map(([name, spec]) => [name, duckDbType(spec)]));
}
