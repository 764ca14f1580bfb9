/**
 * The SQL expression computing each field, from its binding. Only the agreed vocabulary is used (see the
 * compiler's SQL contract in compileQuery.ts), so the DuckDB engine can run the same text.
 */
import type { ResolvedColumn } from '../fields';
import type { FieldBinding } from '../fields';
import { quoteIdentifier, quoteString } from './sqlText';

/** The select expression of a field, in report time zone `zone` (a resolved IANA name). */
export function compileFieldExpression(binding: FieldBinding, zone: string, aggregate: boolean): string {
  const column = binding.column;
  // Query fields are filled from statistics afterwards (queryFields.ts); a typed NULL keeps the column's place.
  if (binding.derivation === 'query')
    return binding.dataType === 'NUMBER' ? 'CAST(NULL AS double)' : 'CAST(NULL AS varchar)';
  if (!column) return aggregate ? 'count(*)' : '1';
  const quoted = quoteIdentifier(column.info.name);
  // A PERCENT column stored as 0–100 is scaled to Looker's ratio (docs/fields.md#semantic-types).
  const name = binding.scale === undefined ? quoted : `(CAST(${quoted} AS double) * ${binding.scale})`;
  switch (binding.derivation) {
    case 'day':
      return `date_format(${compileWallClock(column, zone)}, '%Y%m%d')`;
    case 'hour':
      return `date_format(${compileWallClock(column, zone)}, '%Y%m%d%H')`;
    case 'sum':
    case 'min':
    case 'max':
    case 'count':
      return `${binding.derivation}(${name})`;
    case 'coordinates':
      return `concat(CAST(${quoted} AS varchar), ',', CAST(${quoteIdentifier(binding.pairedColumn!.info.name)} AS varchar))`;
    case 'average':
      // CAST first: Trino divides integers with truncation (docs/reference-athena.md#sql-dialect).
      return `CAST(sum(${name}) AS double) / count(${name})`;
    default:
      return binding.scale === undefined ? compileColumnValue(column, zone) : name;
  }
}

/** A dimension's value: wall-clock time for timestamps, JSON text for complex types, else the column. */
export function compileColumnValue(column: ResolvedColumn, zone: string): string {
  switch (column.columnClass) {
    case 'timestamp':
    case 'timestampTz':
      return compileWallClock(column, zone);
    case 'json':
      return `json_format(CAST(${quoteIdentifier(column.info.name)} AS JSON))`;
    default:
      return quoteIdentifier(column.info.name);
  }
}

/**
 * A timestamp as wall-clock time in `zone`. A naive timestamp is a UTC instant and is already UTC wall-clock time;
 * a timestamp with time zone is always converted, because Athena prints it in whatever zone it was stored with.
 */
function compileWallClock(column: ResolvedColumn, zone: string): string {
  const name = quoteIdentifier(column.info.name);
  if (column.columnClass === 'timestamp' && zone === 'UTC') return name;
  return `at_timezone(${name}, ${quoteString(zone)})`;
}
