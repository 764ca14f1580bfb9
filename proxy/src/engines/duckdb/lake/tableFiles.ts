/**
 * Which files a table's view reads and what was left out (docs/lakes.md#messy-files, #schema-drift): the file
 * checks (fileChecks.ts), CSV headers and rejected rows (csvFiles.ts), and Parquet columns whose type differs
 * across files. Everything left out is a {@link FileProblem} of the table, relative to its folder.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { tableGlobs, type TableFolder } from './lakeLayout';
import { checkTableFiles, type CheckContext, type CheckedFiles, type FileProblem } from './fileChecks';
import { csvHeaderGroups, csvRejects } from './csvFiles';
import type { InferredColumn } from './viewColumns';
import { quoteStringList } from '../sqlText';

/** The files to read (globs when every file is read as it is) and the problems found so far. */
export interface TableFiles {
  source: { files: string[]; byName: boolean };
  problems: FileProblem[];
  checked: CheckedFiles;
  /** CSV: the read files grouped by header. */
  csvGroups: string[][];
}

/** Checks the table's files and picks how the view reads them; throws when no file is left to read. */
export async function tableFiles(context: CheckContext, table: TableFolder): Promise<TableFiles> {
  const checked = await checkTableFiles(context, table);
  const problems = [...checked.problems];
  let paths = checked.paths;
  let csvGroups: string[][] = [];
  if (table.format === 'csv') {
    const headers = await csvHeaderGroups(table.dir, paths);
    problems.push(...headers.problems);
    csvGroups = headers.groups;
    paths = csvGroups.flat();
  }
  if (paths.length === 0) {
    const reasons = problems.map((p) => `${p.file}: ${p.reason}`).join('; ');
    throw new Error(`every data file is left out (${reasons})`);
  }
  const asListed = checked.asListed && problems.length === 0;
  const source = { files: asListed ? tableGlobs(table) : [...paths].sort(), byName: csvGroups.length > 1 };
  return { source, problems, checked, csvGroups };
}

/** CSV rows the view skips, per file, counted by DuckDB's rejects table with the view's column types. */
export async function csvRowProblems(
  connection: DuckDBConnection,
  table: TableFolder,
  { groups, columns }: { groups: string[][]; columns: InferredColumn[] },
): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  for (const files of groups) {
    const header = await groupColumns(connection, files);
    const rejected = await csvRejects(connection, files, { header, all: columns });
    for (const [file, rows] of rejected) {
      const reason = `${rows} row${rows === 1 ? '' : 's'} with the wrong number of fields or a value that does not fit; skipped`;
      problems.push({ file: path.relative(table.dir, file).split(path.sep).join('/'), reason, records: rows });
    }
  }
  return problems.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/** The columns of files that share one header, in header order (DuckDB's sniffer names and orders them). */
async function groupColumns(connection: DuckDBConnection, files: string[]): Promise<InferredColumn[]> {
  const prepared = await connection.prepare(
    `SELECT * FROM read_csv(${quoteStringList(files)}, header=true, hive_partitioning=false, ignore_errors=true, allow_quoted_nulls=false)`,
  );
  try {
    return Array.from({ length: prepared.columnCount }, (_, i) => ({
      source: prepared.columnName(i),
      type: prepared.columnType(i),
    }));
  } finally {
    prepared.destroySync();
  }
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * Parquet columns that are text in some files and numbers in others: union_by_name reads them as text, and the
 * table says so (a numeric column widened to the type that holds all its files, e.g. INTEGER and DOUBLE to
 * DOUBLE, is not a problem: every value is kept exactly).
 */
export function parquetTypeConflicts(checked: CheckedFiles, columns: InferredColumn[]): string[] {
  const notes: string[] = [];
  for (const column of columns) {
    if (column.type.toString() !== 'VARCHAR') continue;
    const numericIn = [...checked.columns]
      .filter(([, fileColumns]) => fileColumns.some((c) => c.name === column.source && NUMERIC.test(c.type)))
      .map(([file]) => file);
    if (numericIn.length === 0) continue;
    const shown = numericIn.slice(0, 3).join(', ') + (numericIn.length > 3 ? `, … (${numericIn.length} files)` : '');
    notes.push(
      `column "${column.source}" holds numbers in ${shown} and text in other files; read as text (string) everywhere`,
    );
  }
  return notes;
}
