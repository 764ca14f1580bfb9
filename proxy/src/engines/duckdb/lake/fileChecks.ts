/**
 * "Skip, count, tell" for the files of one table (docs/lakes.md#messy-files): before a table is registered each of
 * its data files is checked once (results are kept by path, size and mtime), so one bad file is left out of the
 * table's file list, or one bad line out of a file, instead of the whole table failing.
 *
 * - empty files and Parquet files whose footer cannot be read (corrupt, truncated, or not Parquet at all) are left
 *   out, as a problem of the table;
 * - JSON lines files are scanned with `read_ndjson_objects(…, ignore_errors=true)`, which gives NULL for a line
 *   that does not parse; a file with such lines is read through a copy of its good lines in the engine's work
 *   folder (same partition folders, so hive partitioning still applies), and the lines left out are counted.
 *   read_json's own ignore_errors is not used for this: it turns a bad line into a row of NULLs, not a skipped one.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { scrubLocations } from '../../../errors';
import { quoteString, quoteStringList } from '../sqlText';
import type { LakeFile, TableFolder } from './lakeLayout';

/** A data file of a table that was left out, or read only in part. Paths are relative to the table folder. */
export interface FileProblem {
  file: string;
  reason: string;
  /** Records (lines, rows) of the file left out while the rest is read; absent when the whole file is left out. */
  records?: number;
}

/** What one check found about a file; `read` is the path DuckDB reads (absent: the file is left out). */
interface FileVerdict {
  read?: string;
  problem?: FileProblem;
  /** Parquet only: the file's columns as DuckDB types them (for type-conflict reports). */
  columns?: { name: string; type: string }[];
}

/** Verdicts by absolute path, valid while the file keeps its size and mtime. */
export class FileCheckCache {
  private readonly verdicts = new Map<string, { bytes: number; mtimeMs: number; verdict: FileVerdict }>();

  get(file: string, listed: LakeFile): FileVerdict | undefined {
    const hit = this.verdicts.get(file);
    return hit && hit.bytes === listed.bytes && hit.mtimeMs === listed.mtimeMs ? hit.verdict : undefined;
  }

  set(file: string, listed: LakeFile, verdict: FileVerdict): void {
    this.verdicts.set(file, { bytes: listed.bytes, mtimeMs: listed.mtimeMs, verdict });
  }
}

/** The outcome for a whole table: the files to read and what was left out. */
export interface CheckedFiles {
  /** Absolute paths DuckDB reads: the original files, or the clean copies of files with bad lines. */
  paths: string[];
  problems: FileProblem[];
  /** True when every file is read as it is (the view may then glob the folder instead of listing files). */
  asListed: boolean;
  /** Parquet: each read file's columns, by relative path. */
  columns: Map<string, { name: string; type: string }[]>;
}

/** What a check needs: the catalog connection, the folder for clean copies, and the verdict cache. */
export interface CheckContext {
  connection: DuckDBConnection;
  cleanDir: string;
  cache: FileCheckCache;
}

/**
 * DuckDB's message, first line only, without the machine: a path in the table folder becomes relative to it, any
 * other (the engine's work folder) keeps only its last segment.
 */
export function scrubbed(message: string, dir: string): string {
  return scrubLocations(message.split('\n')[0], [dir]);
}

/** Checks every data file of `table` (cached ones are not read again). */
export async function checkTableFiles(context: CheckContext, table: TableFolder): Promise<CheckedFiles> {
  const absolute = (file: LakeFile) => path.join(table.dir, file.relative);
  const unchecked = table.dataFiles.filter((file) => !context.cache.get(absolute(file), file));
  const fresh =
    table.format === 'parquet'
      ? await checkParquet(context.connection, table, unchecked)
      : table.format === 'json'
        ? await checkJson(context, table, unchecked)
        : new Map(unchecked.map((file) => [file.relative, checkNonEmpty(table, file)]));
  for (const file of unchecked) context.cache.set(absolute(file), file, fresh.get(file.relative)!);
  const checked: CheckedFiles = { paths: [], problems: [], asListed: true, columns: new Map() };
  for (const file of table.dataFiles) {
    const verdict = context.cache.get(absolute(file), file)!;
    if (verdict.read !== undefined) checked.paths.push(verdict.read);
    if (verdict.problem) checked.problems.push(verdict.problem);
    if (verdict.read !== absolute(file)) checked.asListed = false;
    if (verdict.columns) checked.columns.set(file.relative, verdict.columns);
  }
  return checked;
}

/** Empty files hold nothing to read, and DuckDB's readers reject some of them (Parquet, CSV without a header). */
function checkNonEmpty(table: TableFolder, file: LakeFile): FileVerdict {
  if (file.bytes > 0) return { read: path.join(table.dir, file.relative) };
  return { problem: { file: file.relative, reason: 'empty file (0 bytes)' } };
}

/** Reads every Parquet footer (`parquet_schema`): one call for all, one per file only when some file fails. */
async function checkParquet(
  connection: DuckDBConnection,
  table: TableFolder,
  files: LakeFile[],
): Promise<Map<string, FileVerdict>> {
  const verdicts = new Map<string, FileVerdict>();
  const nonEmpty = files.filter((file) => {
    const empty = checkNonEmpty(table, file);
    if (empty.problem) verdicts.set(file.relative, empty);
    return !empty.problem;
  });
  const schemaSql = (list: LakeFile[]) =>
    `SELECT file_name, name, duckdb_type FROM parquet_schema(${quoteStringList(list.map((f) => path.join(table.dir, f.relative)))}) WHERE num_children IS NULL`;
  const readAll = async (list: LakeFile[]) => (await connection.runAndReadAll(schemaSql(list))).getRowsJS();
  let rows = nonEmpty.length === 0 ? [] : await readAll(nonEmpty).catch(() => undefined);
  if (rows === undefined) {
    rows = [];
    for (const file of nonEmpty) {
      const own = await readAll([file]).catch((err: Error) => {
        const reason = `not a readable Parquet file (${scrubbed(err.message, table.dir)}); left out`;
        verdicts.set(file.relative, { problem: { file: file.relative, reason } });
        return [];
      });
      rows.push(...own);
    }
  }
  for (const file of nonEmpty) {
    if (verdicts.has(file.relative)) continue;
    const where = path.join(table.dir, file.relative);
    const columns = rows
      .filter((row) => row[0] === where)
      .map((row) => ({ name: String(row[1]), type: String(row[2]) }));
    verdicts.set(file.relative, { read: where, columns });
  }
  return verdicts;
}

/** Bad lines per file, from one `read_ndjson_objects` pass over all of them (blank lines are not records). */
async function badJsonLines(
  connection: DuckDBConnection,
  files: string[],
): Promise<Map<string, { bad: number; total: number }>> {
  const reader = await connection.runAndReadAll(
    `SELECT filename, count(*) FILTER (json IS NULL), count(*) ` +
      `FROM read_ndjson_objects(${quoteStringList(files)}, ignore_errors=true, filename=true) GROUP BY filename`,
  );
  return new Map(reader.getRowsJS().map((row) => [String(row[0]), { bad: Number(row[1]), total: Number(row[2]) }]));
}

async function checkJson(
  context: CheckContext,
  table: TableFolder,
  files: LakeFile[],
): Promise<Map<string, FileVerdict>> {
  const verdicts = new Map<string, FileVerdict>();
  const nonEmpty = files.filter((file) => file.bytes > 0);
  for (const file of files)
    if (file.bytes === 0) verdicts.set(file.relative, { read: path.join(table.dir, file.relative) });
  const where = (file: LakeFile) => path.join(table.dir, file.relative);
  let counts =
    nonEmpty.length === 0
      ? new Map()
      : await badJsonLines(context.connection, nonEmpty.map(where)).catch(() => undefined);
  if (counts === undefined) {
    counts = new Map();
    for (const file of nonEmpty) {
      const own = await badJsonLines(context.connection, [where(file)]).catch((err: Error) => {
        const reason = `cannot be read as JSON lines (${scrubbed(err.message, table.dir)}); left out`;
        verdicts.set(file.relative, { problem: { file: file.relative, reason } });
        return new Map();
      });
      for (const [key, value] of own) counts.set(key, value);
    }
  }
  for (const file of nonEmpty) {
    if (verdicts.has(file.relative)) continue;
    const count = counts.get(where(file)) ?? { bad: 0, total: 0 };
    verdicts.set(file.relative, await jsonVerdict(context, table, { file, ...count }));
  }
  return verdicts;
}

async function readsAsJson(connection: DuckDBConnection, file: string): Promise<boolean> {
  return connection.run(`SELECT count(*) FROM read_json(${quoteString(file)}, format='auto')`).then(
    () => true,
    () => false,
  );
}

/** A file without bad lines is read as it is; one with some gets a clean copy; one with no good line is left out. */
async function jsonVerdict(
  context: CheckContext,
  table: TableFolder,
  { file, bad, total }: { file: LakeFile; bad: number; total: number },
): Promise<FileVerdict> {
  const original = path.join(table.dir, file.relative);
  if (bad === 0) return { read: original };
  const lines = (n: number) => `${n} line${n === 1 ? '' : 's'}`;
  // A file that is one JSON document spread over lines (an array of records) is not JSON lines but reads whole.
  if (await readsAsJson(context.connection, original)) return { read: original };
  if (bad === total)
    return {
      problem: { file: file.relative, reason: `no line is JSON (${lines(bad)}); not a JSON lines file, left out` },
    };
  const copy = path.join(context.cleanDir, table.folder, file.relative.replace(/\.gz$/i, ''));
  await fs.mkdir(path.dirname(copy), { recursive: true });
  // One text column written without quoting: a JSON text never holds a raw U+001F, so no delimiter is ever written.
  await context.connection.run(
    `COPY (SELECT json FROM read_ndjson_objects(${quoteString(original)}, ignore_errors=true) WHERE json IS NOT NULL) ` +
      `TO ${quoteString(copy)} (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\u001f')`,
  );
  const reason = `${lines(bad)} of ${total} not valid JSON; skipped, the other lines are read`;
  return { read: copy, problem: { file: file.relative, reason, records: bad } };
}
