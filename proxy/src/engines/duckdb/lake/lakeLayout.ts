/**
 * Lake folder layout: each immediate sub-folder is a table of hive-partitioned files (`k=v/` levels, any depth,
 * possibly none) in one format. Names follow what a Glue crawler would create, so a lake copied to S3 and crawled
 * gets the same database schema as the local engine shows.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { toTableName } from '../../../../../events/src';

/** The file formats a table folder may hold (one per table). */
export type LakeFormat = 'json' | 'parquet' | 'csv';

/** A table folder that looks readable; DuckDB inference may still reject it. */
export interface TableFolder {
  /** Folder name under the lake, e.g. `food-pickup-1.0.0`. */
  folder: string;
  /** Absolute path of the folder. */
  dir: string;
  /** Glue-style table name, e.g. `food_pickup_1_0_0`. */
  table: string;
  format: LakeFormat;
  /** Partition keys in path order, as written in the folder names. */
  partitionKeys: string[];
  /** Partition keys whose every folder value is a `YYYY-MM-DD` date (so the value can stand for a day). */
  isoDateKeys: string[];
  /** File name endings present (e.g. `.json`, `.json.gz`), one glob each. */
  extensions: string[];
  files: number;
  bytes: number;
  /** Every data file, in name order (the catalog checks each one; the fingerprint is made of them). */
  dataFiles: LakeFile[];
}

/** A data file of a table folder as listed: path below the folder (`/`-separated), size and mtime. */
export interface LakeFile {
  relative: string;
  bytes: number;
  mtimeMs: number;
}

/** A folder (or part of one) left out of the catalog, with the reason. */
export interface LakeProblem {
  folder: string;
  table?: string;
  reason: string;
}

/** The outcome of scanning a lake folder. */
export interface LakeScan {
  tables: TableFolder[];
  problems: LakeProblem[];
}

const FORMAT_BY_EXTENSION: [string, LakeFormat][] = [
  ['.json', 'json'],
  ['.jsonl', 'json'],
  ['.ndjson', 'json'],
  ['.parquet', 'parquet'],
  ['.csv', 'csv'],
].flatMap(([ext, format]) => [[`${ext}.gz`, format] as [string, LakeFormat], [ext, format] as [string, LakeFormat]]);

/** Glue crawler naming, shared with the producer side (events/src/layout.ts). */
export { toTableName };

/** The format and file-name ending of a data file, or undefined for files that are not table data. */
export function formatOfFile(fileName: string): { format: LakeFormat; extension: string } | undefined {
  const lower = fileName.toLowerCase();
  const match = FORMAT_BY_EXTENSION.find(([ext]) => lower.endsWith(ext));
  return match && { format: match[1], extension: fileName.slice(fileName.length - match[0].length) };
}

/** Partition keys of a file's folder below the table (`dt=2024-01-01/h=3` → [dt, h]); undefined if not all k=v. */
export function partitionKeysOf(relativeDir: string): string[] | undefined {
  if (relativeDir === '') return [];
  const keys = relativeDir.split(path.sep).map((segment) => /^([^=]+)=/.exec(segment)?.[1]);
  return keys.every((key): key is string => key !== undefined) ? keys : undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The value of the partition at `level` in a file's folder (`dt=2024-01-01/h=3`, level 0 → `2024-01-01`). */
function partitionValue(relativeDir: string, level: number): string {
  const segment = relativeDir.split(path.sep)[level] ?? '';
  return segment.slice(segment.indexOf('=') + 1);
}

/** Athena (and Hadoop) skip files and folders whose names start with `_` or `.` (e.g. `_SUCCESS`, `.crc`). */
function isHidden(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.');
}

/** DuckDB glob patterns reading exactly the table's data files (hidden files excluded by `[!._]`). */
export function tableGlobs(table: TableFolder): string[] {
  const levels = table.partitionKeys.map((key) => `${key}=*`);
  return table.extensions.map((ext) => [table.dir, ...levels, `[!._]*${ext}`].join('/'));
}

/** Code-unit order, the same on every machine and locale (it decides which of two clashing folders wins). */
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface DataFile {
  relativeDir: string;
  extension: string;
  format: LakeFormat;
  file: LakeFile;
}

async function listDataFiles(dir: string, relativeDir = ''): Promise<DataFile[]> {
  const entries = await fs.readdir(path.join(dir, relativeDir), { withFileTypes: true });
  const files: DataFile[] = [];
  for (const entry of entries.sort(byName)) {
    if (isHidden(entry.name)) continue;
    const relative = path.join(relativeDir, entry.name);
    if (entry.isDirectory()) files.push(...(await listDataFiles(dir, relative)));
    const kind = entry.isFile() ? formatOfFile(entry.name) : undefined;
    if (!kind) continue;
    const stat = await fs.stat(path.join(dir, relative));
    const file = { relative: relative.split(path.sep).join('/'), bytes: stat.size, mtimeMs: stat.mtimeMs };
    files.push({ relativeDir, ...kind, file });
  }
  return files;
}

/** Checks one table folder's files; returns the table or the reason it cannot be served. */
function describeFolder(folder: string, dir: string, files: DataFile[]): TableFolder | LakeProblem {
  const table = toTableName(folder);
  const fail = (reason: string): LakeProblem => ({ folder, table, reason });
  if (files.length === 0) return fail('no data files (.json, .jsonl, .ndjson, .parquet, .csv, optionally .gz)');
  const formats = [...new Set(files.map((f) => f.format))];
  if (formats.length > 1) return fail(`mixes file formats (${formats.join(', ')}); a table must use one format`);
  const layouts = [...new Set(files.map((f) => JSON.stringify(partitionKeysOf(f.relativeDir) ?? null)))];
  if (layouts.includes('null')) return fail('has sub-folders that are not key=value partitions');
  if (layouts.length > 1) return fail(`has inconsistent partition folders (${layouts.join(' vs ')})`);
  if (/[*?[\]{}]/.test(dir)) return fail('its path contains glob characters (* ? [ ] { })');
  const partitionKeys = JSON.parse(layouts[0]) as string[];
  return {
    folder,
    dir,
    table,
    format: formats[0],
    partitionKeys,
    isoDateKeys: partitionKeys.filter((_, level) =>
      files.every((f) => ISO_DATE.test(partitionValue(f.relativeDir, level))),
    ),
    extensions: [...new Set(files.map((f) => f.extension))].sort(),
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.file.bytes, 0),
    dataFiles: files.map((f) => f.file),
  };
}

/** The table folders of a lake, in name order (hidden ones skipped). */
export async function tableFolderNames(lakeDir: string): Promise<string[]> {
  const entries = await fs.readdir(path.resolve(lakeDir), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !isHidden(entry.name))
    .sort(byName)
    .map((entry) => entry.name);
}

/** One table folder as a table, or the reason it cannot be one. */
export async function scanTableFolder(lakeDir: string, folder: string): Promise<TableFolder | LakeProblem> {
  const dir = path.join(path.resolve(lakeDir), folder);
  return listDataFiles(dir).then(
    (files) => describeFolder(folder, dir, files),
    // The reason names the folder, never the machine's path to it.
    (err: Error): LakeProblem => ({ folder, table: toTableName(folder), reason: err.message.split(dir).join(folder) }),
  );
}

/** Lists the lake's table folders; unreadable, empty, mixed or duplicate-named folders become problems. */
export async function scanLake(lakeDir: string): Promise<LakeScan> {
  const scan: LakeScan = { tables: [], problems: [] };
  for (const folder of await tableFolderNames(lakeDir)) {
    const found = await scanTableFolder(lakeDir, folder);
    const clash = 'format' in found && scan.tables.find((t) => t.table === found.table);
    if (clash) scan.problems.push({ folder, reason: `table name "${found.table}" is taken by ${clash.folder}` });
    else if ('format' in found) scan.tables.push(found);
    else scan.problems.push(found);
  }
  return scan;
}
