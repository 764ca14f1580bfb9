/**
 * The DuckDB catalog of a lake: infers each table's columns once, registers it as a view in schema "<database>"
 * (so compiled `"lake"."table"` SQL resolves), and describes it the way Glue would, with the files it left out
 * (docs/lakes.md#messy-files). Runs at start and again for a table whose folder changed, never per query.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnInfo, TableProblem } from '../../../../../protocol/contract';
import type { TableDescription } from '../../../port';
import { toAthenaType } from './typeSpelling';
import { type LakeFormat, type LakeProblem, type LakeScan, type TableFolder } from './lakeLayout';
import { readSidecar, type TableSidecar } from './sidecar';
import { quoteIdentifier, quoteString, quoteStringList } from '../sqlText';
import { asGlueColumn, chooseViewColumns, viewColumnSql, type InferredColumn } from './viewColumns';
import { scrubbed, type CheckContext, type FileProblem } from './fileChecks';
import { jsonUnionSql } from './jsonColumns';
import { csvRowProblems, parquetTypeConflicts, tableFiles, type TableFiles } from './tableFiles';

/** A table the engine serves. */
export interface CatalogTable {
  description: TableDescription;
  folder: string;
  format: LakeFormat;
  files: number;
  /** Total bytes of the table's files at discovery (the engine's bytes-scanned estimate). */
  bytes: number;
  partitionKeys: string[];
  /** Files left out or read in part (what a query that reads them skips). */
  fileProblems: FileProblem[];
}

/** The lake as the engine serves it: one database, its tables, and what was left out. */
export interface LakeCatalog {
  database: string;
  tables: ReadonlyMap<string, CatalogTable>;
  /** Folders and columns left out, with reasons. */
  problems: LakeProblem[];
}

/** Where a view reads: the folder's globs (every file as it is) or a list of files, and whether by column name. */
export interface ReadSource {
  files: string[];
  /** CSV files with differing headers are matched by name (`union_by_name`); Parquet always is. */
  byName: boolean;
}

function declaredColumns(columns: InferredColumn[]): string {
  return `{${columns.map((c) => `${quoteString(c.source)}: ${quoteString(c.type.toString())}`).join(', ')}}`;
}

/** The reader call for a table. Partition keys stay strings, as Glue's crawler types `dt=2018-05-28`. */
function readerSql(
  table: TableFolder,
  source: ReadSource,
  options: { hive: boolean; columns?: InferredColumn[] },
): string {
  const args = [quoteStringList(source.files), `hive_partitioning=${options.hive}`];
  if (options.hive) args.push('hive_types_autocast=false');
  // Explicit JSON/CSV columns skip schema sampling on every query (55 ms vs 1.1 s per partition,
  // docs/reference-tooling.md#duckdb-as-the-local-engine).
  const columns = options.columns && declaredColumns(options.columns);
  switch (table.format) {
    case 'json':
      if (columns) args.push(`columns=${columns}`);
      return `read_json(${[...args, "format='auto'"].join(', ')})`;
    case 'csv':
      if (columns) args.push(source.byName ? `types=${columns}` : `columns=${columns}`);
      if (source.byName || !columns) args.push('union_by_name=true');
      // Unquoted empty fields are NULL, quoted ones ("") are the empty string. Rows that do not fit are skipped
      // and counted (csvFiles.ts), never allowed to reshape the table.
      return `read_csv(${[...args, 'header=true', 'allow_quoted_nulls=false', 'ignore_errors=true'].join(', ')})`;
    case 'parquet':
      return `read_parquet(${[...args, 'union_by_name=true'].join(', ')})`;
  }
}

async function inferColumns(
  connection: DuckDBConnection,
  table: TableFolder,
  files: TableFiles,
): Promise<InferredColumn[]> {
  // JSON: every file sampled, a few at a time (jsonColumns.ts says why).
  const union = table.format === 'json' ? await jsonUnionSql(connection, files.checked.paths) : undefined;
  // Without hive partitioning, so `k=v` folders anywhere above the lake never pose as data columns.
  const sql = union ?? `SELECT * FROM ${readerSql(table, files.source, { hive: false })}`;
  const prepared = await connection.prepare(sql);
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
  target: { database: string; table: TableFolder; source: ReadSource },
  selected: InferredColumn[],
  declared?: InferredColumn[],
): string {
  const { database, table, source } = target;
  const select = [
    ...selected.map(viewColumnSql),
    ...table.partitionKeys.map((key) => `${quoteIdentifier(key)} AS ${quoteIdentifier(key.toLowerCase())}`),
  ];
  return (
    `CREATE OR REPLACE VIEW ${quoteIdentifier(database)}.${quoteIdentifier(table.table)} AS ` +
    `SELECT ${select.join(', ')} FROM ${readerSql(table, source, { hive: true, columns: declared })}`
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

/** What registering a table needs: the catalog connection, the database, the file checks' folder and cache. */
export interface RegisterContext {
  connection: DuckDBConnection;
  database: string;
  checks: Omit<CheckContext, 'connection'>;
}

/** The columns a table's view serves and declares, and the problems found while inferring them. */
async function viewColumns(context: RegisterContext, table: TableFolder, files: TableFiles) {
  const { connection } = context;
  const notes: LakeProblem[] = [];
  const inferred = await inferColumns(connection, table, files);
  const chosen = chooseViewColumns(table, inferred, notes);
  const rows =
    table.format === 'csv'
      ? await csvRowProblems(connection, table, { groups: files.csvGroups, columns: inferred })
      : [];
  const conflicts = table.format === 'parquet' ? parquetTypeConflicts(files.checked, chosen) : [];
  const problems: TableProblem[] = [
    ...[...files.problems, ...rows].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    ...[...conflicts, ...notes.map((n) => n.reason)].map((reason) => ({ reason })),
  ];
  // CSV read by position declares every file column, even one that is not selected.
  const declared = { json: chosen, csv: inferred, parquet: undefined }[table.format];
  return { chosen, declared, problems, fileProblems: [...files.problems, ...rows] };
}

/** Checks, infers and registers one table's view; throws when the table cannot be served at all. */
export async function registerTable(context: RegisterContext, table: TableFolder): Promise<CatalogTable> {
  const { connection, database } = context;
  const files = await tableFiles({ ...context.checks, connection }, table);
  const { chosen, declared, problems, fileProblems } = await viewColumns(context, table, files);
  await connection.run(viewSql({ database, table, source: files.source }, chosen, declared));
  // Binding and reading one row proves the view works before the table is offered to anyone.
  await connection.run(`SELECT * FROM ${quoteIdentifier(database)}.${quoteIdentifier(table.table)} LIMIT 1`);
  const { sidecar, problem } = await readSidecar(table.dir);
  if (problem) problems.push({ reason: problem });
  const description = describe(database, table, chosen, sidecar);
  if (problems.length > 0) description.problems = problems;
  const { folder, format, files: count, bytes, partitionKeys } = table;
  return { description, folder, format, files: count, bytes, partitionKeys, fileProblems };
}

/** The reason a table folder cannot be served, without the machine's path to it. */
export function cannotBeRead(table: TableFolder, err: unknown): LakeProblem {
  const reason = scrubbed((err as Error).message, table.dir);
  return { folder: table.folder, table: table.table, reason: `cannot be read: ${reason}` };
}

/** The problems of a served table, as catalog problems (for the log). */
export function tableProblems(table: CatalogTable): LakeProblem[] {
  return (table.description.problems ?? []).map((p) => ({
    folder: table.folder,
    table: table.description.table,
    reason: p.file === undefined ? p.reason : `${p.file}: ${p.reason}`,
  }));
}

/** Registers every scanned table as a view in schema `database`, dropping views of tables that disappeared. */
export async function buildCatalog(context: RegisterContext, scan: LakeScan): Promise<LakeCatalog> {
  const { connection, database } = context;
  const schema = quoteIdentifier(database);
  await connection.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const problems = [...scan.problems];
  const tables = new Map<string, CatalogTable>();
  for (const table of scan.tables) {
    try {
      const served = await registerTable(context, table);
      tables.set(table.table, served);
      problems.push(...tableProblems(served));
    } catch (err) {
      problems.push(cannotBeRead(table, err));
      await dropView(connection, database, table.table);
    }
  }
  const views = await connection.runAndReadAll(
    `SELECT view_name FROM duckdb_views() WHERE schema_name = ${quoteString(database)} AND NOT internal`,
  );
  for (const [name] of views.getRows())
    if (!tables.has(String(name))) await dropView(connection, database, String(name));
  return { database, tables, problems };
}

export async function dropView(connection: DuckDBConnection, database: string, table: string): Promise<void> {
  await connection.run(`DROP VIEW IF EXISTS ${quoteIdentifier(database)}.${quoteIdentifier(table)}`);
}
