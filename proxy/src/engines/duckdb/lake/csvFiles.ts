/**
 * CSV files of a table (docs/lakes.md#messy-files): headers decide how they are read (one header for all: by
 * position, the fast path; differing headers: by name, `union_by_name=true`), and DuckDB's rejects table
 * (`store_rejects=true`) counts the rows `ignore_errors=true` leaves out of each file — rows with too many or too few
 * fields, or a value that does not fit its column. The rejects table cannot be used with union_by_name, so the count
 * runs once per header, by position, with the types the view reads.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteString, quoteStringList } from '../sqlText';
import type { FileProblem } from './fileChecks';
import type { InferredColumn } from './viewColumns';

/** The first line of a file (without its line ending), or undefined when the file is not text. */
async function headerOf(file: string): Promise<string | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.includes(0)) return undefined;
    return head.toString('utf8').split('\n')[0].replace(/\r$/, '');
  } finally {
    await handle.close();
  }
}

/** Files by header; files that are not text (a NUL byte in the first 64 KB) are problems. */
export async function csvHeaderGroups(
  dir: string,
  paths: string[],
): Promise<{ groups: string[][]; problems: FileProblem[] }> {
  const groups = new Map<string, string[]>();
  const problems: FileProblem[] = [];
  for (const file of paths) {
    const header = await headerOf(file);
    if (header === undefined) {
      problems.push({ file: path.relative(dir, file), reason: 'not a text file (binary bytes); left out' });
      continue;
    }
    groups.set(header, [...(groups.get(header) ?? []), file]);
  }
  return { groups: [...groups.values()], problems };
}

let rejectsTables = 0;

/** The header's columns (by lower-case-insensitive name match) typed as the view reads them. */
function positionalColumns(header: InferredColumn[], all: InferredColumn[]): string {
  const byName = new Map(all.map((column) => [column.source, column]));
  const declared = header.map((column) => byName.get(column.source) ?? column);
  return `{${declared.map((c) => `${quoteString(c.source)}: ${quoteString(c.type.toString())}`).join(', ')}}`;
}

/** Rows rejected in each file of one header group, from DuckDB's rejects tables; files with none are absent. */
export async function csvRejects(
  connection: DuckDBConnection,
  files: string[],
  columns: { header: InferredColumn[]; all: InferredColumn[] },
): Promise<Map<string, number>> {
  const id = ++rejectsTables;
  const [scans, errors] = [`lake_rejects_scan_${id}`, `lake_rejects_${id}`];
  await connection.run(
    `SELECT count(*) FROM read_csv(${quoteStringList(files)}, header=true, allow_quoted_nulls=false, ` +
      `hive_partitioning=false, columns=${positionalColumns(columns.header, columns.all)}, store_rejects=true, ` +
      `rejects_scan=${quoteString(scans)}, rejects_table=${quoteString(errors)})`,
  );
  try {
    const reader = await connection.runAndReadAll(
      `SELECT s.file_path, count(DISTINCT e.line) FROM ${quoteIdentifier(errors)} e ` +
        `JOIN ${quoteIdentifier(scans)} s ON e.scan_id = s.scan_id AND e.file_id = s.file_id GROUP BY s.file_path`,
    );
    return new Map(reader.getRowsJS().map((row) => [String(row[0]), Number(row[1])]));
  } finally {
    await connection.run(`DROP TABLE IF EXISTS ${quoteIdentifier(errors)}`);
    await connection.run(`DROP TABLE IF EXISTS ${quoteIdentifier(scans)}`);
  }
}
