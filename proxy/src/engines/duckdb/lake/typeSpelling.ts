/**
 * DuckDB types → Athena/Hive type spelling, so the DuckDB catalog describes a lake exactly as Glue would describe the
 * same files (docs/reference-athena.md#glue-catalog). Unknown or Athena-less types keep their lower-case DuckDB name,
 * which the type mapper reports as excluded instead of guessing.
 */
import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

const SCALAR_TYPES: Partial<Record<DuckDBTypeId, string>> = {
  [DuckDBTypeId.BOOLEAN]: 'boolean',
  [DuckDBTypeId.TINYINT]: 'tinyint',
  [DuckDBTypeId.SMALLINT]: 'smallint',
  [DuckDBTypeId.INTEGER]: 'int',
  [DuckDBTypeId.BIGINT]: 'bigint',
  [DuckDBTypeId.FLOAT]: 'float',
  [DuckDBTypeId.DOUBLE]: 'double',
  // JSON is an alias of VARCHAR in DuckDB; Glue reports text of any shape as string.
  [DuckDBTypeId.VARCHAR]: 'string',
  [DuckDBTypeId.ENUM]: 'string',
  [DuckDBTypeId.BLOB]: 'binary',
  [DuckDBTypeId.DATE]: 'date',
  [DuckDBTypeId.TIMESTAMP]: 'timestamp',
  // Parquet files written with second/milli/nano units: Athena reads all of them as its one timestamp type.
  [DuckDBTypeId.TIMESTAMP_S]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_MS]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_NS]: 'timestamp',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'timestamp with time zone',
};

/** The Athena type text of a DuckDB column type, e.g. `STRUCT(a BIGINT)[]` → `array<struct<a:bigint>>`. */
export function toAthenaType(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.DECIMAL:
      return `decimal(${type.width},${type.scale})`;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return `array<${toAthenaType(type.valueType)}>`;
    case DuckDBTypeId.MAP:
      return `map<${toAthenaType(type.keyType)},${toAthenaType(type.valueType)}>`;
    case DuckDBTypeId.STRUCT:
      return `struct<${type.entryNames.map((name, i) => `${name}:${toAthenaType(type.entryTypes[i])}`).join(',')}>`;
    default:
      return SCALAR_TYPES[type.typeId] ?? DuckDBTypeId[type.typeId].toLowerCase();
  }
}
