/**
 * SQL expressions that turn a result column into the text Athena writes in its result CSV
 * (docs/reference-athena.md#result-csv-format), so both engines hand the same strings to the one value formatter.
 * NULL stays NULL (never ''), which the Parquet result file keeps distinct from the empty string.
 */
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

/** Athena engine v3 prints timestamps at millisecond precision. */
const TIMESTAMP_FORMAT = "'%Y-%m-%d %H:%M:%S.%g'";

/** The SQL expression rendering `column` (already-quoted SQL) of `type` as Athena result text. */
export function toAthenaTextSql(column: string, type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return type.alias === undefined ? column : `CAST(${column} AS VARCHAR)`;
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      // Athena prints Java's spellings; DuckDB would print 'nan' / 'inf'.
      return (
        `CASE WHEN isnan(${column}) THEN 'NaN' WHEN isinf(${column}) THEN ` +
        `(CASE WHEN ${column} > 0 THEN 'Infinity' ELSE '-Infinity' END) ELSE CAST(${column} AS VARCHAR) END`
      );
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return `strftime(${column}, ${TIMESTAMP_FORMAT})`;
    case DuckDBTypeId.TIMESTAMP_TZ:
      // The engine's session time zone is UTC, so this is the instant in UTC, printed with Athena's zone suffix.
      return `strftime(${column}, ${TIMESTAMP_FORMAT}) || ' UTC'`;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.MAP:
    case DuckDBTypeId.STRUCT:
      // Compiled SQL wraps complex columns in json_format(CAST(x AS JSON)); anything else complex gets JSON too.
      return `CAST(CAST(${column} AS JSON) AS VARCHAR)`;
    default:
      return `CAST(${column} AS VARCHAR)`;
  }
}
