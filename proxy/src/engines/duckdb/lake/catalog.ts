/**
 * The DuckDB catalog of a lake: infers each table's columns once, registers it as a view in schema "<database>"
 * (so compiled `"lake"."table"` SQL resolves), and describes it the way Glue would. Runs at start and on refresh,
 * never per query.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnInfo } from '../../../../../protocol/contract';
import type { TableDescription } from '../../../port';
import { toAthenaType } from './typeSpelling';
import { tableGlobs, type LakeFormat, type LakeProblem, type LakeScan, type TableFolder } from './lakeLayout';
import { readSidecar, type TableSidecar } from './sidecar';
import { quoteIdentifier, quoteString, quoteStringList } from '../sqlText';
import { asGlueColumn, chooseViewColumns, viewColumnSql, type InferredColumn } from './viewColumns';

/** A table the engine serves. */
export interface CatalogTable {
  description: TableDescription;
  folder: string;
  format: LakeFormat;
  files: number;
  /** Total bytes of the table's files at discovery (the engine's bytes-scanned estimate). */
  bytes: number;
}

/** The lake as the engine serves it: one database, its tables, and what was left out. */
export interface LakeCatalog {
  database: string;
  tables: ReadonlyMap<string, CatalogTable>;
  /** Folders and columns left out, with reasons. */
  problems: LakeProblem[];
}

/** The reader call for a table. Partition keys stay strings, as Glue's crawler types `dt=2018-05-28`. */
function readerSql(table: TableFolder, options: { hive: boolean; columns?: InferredColumn[] }): string {
  const args = [quoteStringList(tableGlobs(table)), `hive_partitioning=${options.hive}`];
  if (options.hive) args.push('hive_types_autocast=false');
  // Explicit JSON/CSV columns skip schema sampling on every query (55 ms vs 1.1 s per partition,
  // docs/reference-tooling.md#duckdb-as-the-local-engine).
  const columns = options.columns?.map((c) => `${quoteString(c.source)}: ${quoteString(c.type.toString())}`);
  switch (table.format) {
    case 'json':
      if (columns) args.push(`columns={${columns.join(', ')}}`);
      return `read_json(${[...args, "format='auto'"].join(', ')})`;
    case 'csv':
      if (columns) args.push(`columns={${columns.join(', ')}}`);
      // Unquoted empty fields are NULL, quoted ones ("") are the empty string.
      return `read_csv(${[...args, 'header=true', 'allow_quoted_nulls=false'].join(', ')})`;
    case 'parquet':
      return `read_parquet(${[...args, 'union_by_name=true'].join(', ')})`;
  }
}

async function inferColumns(connection: DuckDBConnection, table: TableFolder): Promise<InferredColumn[]> {
  // Without hive partitioning, so `k=v` folders anywhere above the lake never pose as data columns.
  const prepared = await connection.prepare(`SELECT * FROM ${readerSql(table, { hive: false })}`);
  try {
    return Array.from({ length: prepared.columnCount }, (_, i) =>
      asGlueColumn({ source: prepared.columnName(i), type: prepared.columnType(i) }),
    );
  } finally {
    prepared.destroySync();
  }
}

/** `declared` columns are passed to the reader (JSON, CSV); `selected` ones become the view's data columns. */
function viewSql(
  database: string,
  table: TableFolder,
  selected: InferredColumn[],
  declared?: InferredColumn[],
): string {
  const select = [
    ...selected.map(viewColumnSql),
    ...table.partitionKeys.map((key) => `${quoteIdentifier(key)} AS ${quoteIdentifier(key.toLowerCase())}`),
  ];
  return (
    `CREATE OR REPLACE VIEW ${quoteIdentifier(database)}.${quoteIdentifier(table.table)} AS ` +
    `SELECT ${select.join(', ')} FROM ${readerSql(table, { hive: true, columns: declared })}`
  );
}

function describe(
  database: string,
  table: TableFolder,
  columns: InferredColumn[],
  sidecar: TableSidecar,
): TableDescription {
  // Comments come from the table's _looker.json, as Glue column comments would (docs/fields.md#hints).
  const withComment = (column: ColumnInfo): ColumnInfo => {
    const comment = sidecar.comments[column.name];
    return comment === undefined ? column : { ...column, comment };
  };
  const dataColumns: ColumnInfo[] = columns.map((c) =>
    withComment({ name: c.source.toLowerCase(), type: toAthenaType(c.type), partitionKey: false }),
  );
  const keys: ColumnInfo[] = table.partitionKeys.map((key) =>
    withComment({ name: key.toLowerCase(), type: 'string', partitionKey: true }),
  );
  return {
    database,
    table: table.table,
    columns: [...dataColumns, ...keys],
    // Glue crawlers record the file format as the table's `classification` parameter. The lake also knows every
    // partition value, so it says which keys hold `YYYY-MM-DD` days (the compiler uses only those as dates).
    properties: {
      ...sidecar.parameters,
      classification: table.format,
      ...Object.fromEntries(
        table.partitionKeys.map((key) => [
          `partition.${key.toLowerCase()}.format`,
          table.isoDateKeys.includes(key) ? 'yyyy-MM-dd' : 'other',
        ]),
      ),
    },
    isView: false,
  };
}

async function registerTable(
  connection: DuckDBConnection,
  database: string,
  table: TableFolder,
  problems: LakeProblem[],
): Promise<CatalogTable> {
  const inferred = await inferColumns(connection, table);
  const chosen = chooseViewColumns(table, inferred, problems);
  // CSV columns are positional, so every file column is declared even when one is not selected.
  const declared = { json: chosen, csv: inferred, parquet: undefined }[table.format];
  await connection.run(viewSql(database, table, chosen, declared));
  // Binding and reading one row proves the view works before the table is offered to anyone.
  await connection.run(`SELECT * FROM ${quoteIdentifier(database)}.${quoteIdentifier(table.table)} LIMIT 1`);
  const { sidecar, problem } = await readSidecar(table.dir);
  if (problem) problems.push({ folder: table.folder, table: table.table, reason: problem });
  const { folder, format, files, bytes } = table;
  return { description: describe(database, table, chosen, sidecar), folder, format, files, bytes };
}

/** Registers every scanned table as a view in schema `database`, dropping views of tables that disappeared. */
export async function buildCatalog(
  connection: DuckDBConnection,
  database: string,
  scan: LakeScan,
): Promise<LakeCatalog> {
  const schema = quoteIdentifier(database);
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const problems = [...scan.problems];
  const tables = new Map<string, CatalogTable>();
  for (const table of scan.tables) {
    try {
      tables.set(table.table, await registerTable(connection, database, table, problems));
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0];
      problems.push({ folder: table.folder, table: table.table, reason: `cannot be read: ${reason}` });
      await connection.run(`DROP VIEW IF EXISTS ${schema}.${quoteIdentifier(table.table)}`);
    }
  }
  const views = await connection.runAndReadAll(
    `SELECT view_name FROM duckdb_views() WHERE schema_name = ${quoteString(database)} AND NOT internal`,
  );
  for (const [name] of views.getRows()) {
    if (!tables.has(String(name)))
      await connection.run(`DROP VIEW IF EXISTS ${schema}.${quoteIdentifier(String(name))}`);
  }
  return { database, tables, problems };
}
