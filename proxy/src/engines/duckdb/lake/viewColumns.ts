/**
 * From the columns DuckDB infers in a table's files to the columns Glue would list: lower-case names and no uuid
 * type. Columns that cannot be read faithfully are left out and reported, never served half-empty.
 */
import { DuckDBTypeId, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import type { LakeProblem, TableFolder } from './lakeLayout';
import { quoteIdentifier } from '../sqlText';

/** A column as DuckDB infers it in the files. */
export interface InferredColumn {
  /** Name in the files (JSON key, Parquet/CSV column), case preserved. */
  source: string;
  type: DuckDBType;
  /** Read as text although DuckDB inferred another type. */
  asText?: boolean;
}

/** Glue has no uuid type: DuckDB sniffs UUID-shaped text as UUID, Glue calls it string, and so do we. */
export function asGlueColumn(column: InferredColumn): InferredColumn {
  return column.type.typeId === DuckDBTypeId.UUID ? { source: column.source, type: VARCHAR, asText: true } : column;
}

/**
 * The columns a view can serve. Left out, with a reported reason: a column named like a partition key, one whose
 * lower-case name repeats an earlier column's, and (JSON) the `key_1` DuckDB invents when a key appears in two
 * letter cases — Athena would merge those, but DuckDB's JSON reader matches keys case-sensitively and cannot.
 */
export function chooseViewColumns(
  table: TableFolder,
  inferred: InferredColumn[],
  problems: LakeProblem[],
): InferredColumn[] {
  const taken = new Set(table.partitionKeys.map((key) => key.toLowerCase()));
  const leaveOut = (column: InferredColumn, why: string) =>
    problems.push({ folder: table.folder, table: table.table, reason: `column "${column.source}" left out: ${why}` });
  return inferred.filter((column) => {
    const name = column.source.toLowerCase();
    const renamedFrom = table.format === 'json' ? /^(.+)_\d+$/.exec(name)?.[1] : undefined;
    if (renamedFrom !== undefined && taken.has(renamedFrom)) {
      leaveOut(
        column,
        `the JSON key "${renamedFrom}" appears in several letter cases; only the first spelling is read`,
      );
    } else if (taken.has(name)) {
      leaveOut(column, 'another column or a partition key has the same lower-case name');
    } else {
      return taken.add(name);
    }
    return false;
  });
}

/** The SELECT-list entry of a view column: the file column under its lower-case name. */
export function viewColumnSql(column: InferredColumn): string {
  const read = quoteIdentifier(column.source);
  return `${column.asText ? `CAST(${read} AS VARCHAR)` : read} AS ${quoteIdentifier(column.source.toLowerCase())}`;
}
