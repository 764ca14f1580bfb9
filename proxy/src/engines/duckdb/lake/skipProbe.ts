/**
 * What one query skipped (docs/lakes.md#messy-files): the problems of the files the query really reads. DuckDB
 * prunes a view's files by partition before it reads any, and its plan says how: each file scan of
 * `EXPLAIN (FORMAT json)` carries the "File Filters" it prunes with. Evaluating those filters over each problem
 * file's partition values (from its path) tells which problem files the query reads, so a date range that leaves
 * out the bad day reports nothing skipped, and one that includes it reports exactly that file's count.
 *
 * A query over more than one lake table, or a plan this cannot read, counts every problem of its tables: an upper
 * bound, never an under-count.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { EngineSkipped } from '../../../port';
import { quoteIdentifier, quoteString } from '../sqlText';
import type { FileProblem } from './fileChecks';

/** A table the query reads, with the files of it that were left out or read in part. */
export interface ProblemTable {
  table: string;
  partitionKeys: string[];
  fileProblems: FileProblem[];
}

interface PlanNode {
  name?: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

/** The file filters of every file scan in a plan (`null` for a scan that prunes nothing). */
function scanFilters(nodes: PlanNode[]): (string | null)[] {
  return nodes.flatMap((node) => {
    const own = /^READ_/.test(node.name ?? '') ? [fileFilter(node.extra_info?.['File Filters'])] : [];
    return [...own, ...scanFilters(node.children ?? [])];
  });
}

function fileFilter(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (Array.isArray(value) && value.length > 0) return value.map((v) => `(${String(v)})`).join(' AND ');
  return null;
}

/** The partition values of a file below its table folder (`dt=2024-01-01/h=3/a.json`). */
function partitionValues(file: string, keys: string[]): (string | null)[] {
  const values = new Map(
    file
      .split('/')
      .slice(0, -1)
      .map((segment) => [segment.slice(0, segment.indexOf('=')), segment.slice(segment.indexOf('=') + 1)]),
  );
  return keys.map((key) => values.get(key) ?? null);
}

function total(read: { table: string; problem: FileProblem }[]): EngineSkipped {
  const leftOut = read
    .filter(({ problem }) => problem.records === undefined)
    .map(({ table, problem }) => ({ table, file: problem.file, reason: problem.reason }));
  const records = read.reduce((sum, { problem }) => sum + (problem.records ?? 0), 0);
  return { records, files: leftOut.length, ...(leftOut.length > 0 ? { leftOut } : {}) };
}

/** Which of `table`'s problem files pass the scans' filters (a scan without filters reads them all). */
async function problemsRead(connection: DuckDBConnection, table: ProblemTable, filters: (string | null)[]) {
  if (filters.length === 0) return [];
  if (filters.includes(null) || table.partitionKeys.length === 0) return table.fileProblems;
  const rows = table.fileProblems.map(
    (p, i) =>
      `(${[String(i), ...partitionValues(p.file, table.partitionKeys).map((v) => (v === null ? 'NULL' : quoteString(v)))].join(', ')})`,
  );
  const names = ['i', ...table.partitionKeys].map(quoteIdentifier).join(', ');
  const where = filters.map((f) => `(${f})`).join(' OR ');
  const reader = await connection.runAndReadAll(
    `SELECT "i" FROM (VALUES ${rows.join(', ')}) AS p(${names}) WHERE ${where}`,
  );
  return reader.getRowsJS().map((row) => table.fileProblems[Number(row[0])]);
}

/** What `sql`, reading `tables` (every lake table it names), skips; undefined when nothing. */
export async function skippedBy(
  connection: DuckDBConnection,
  sql: string,
  tables: ProblemTable[],
): Promise<EngineSkipped | undefined> {
  const messy = tables.filter((t) => t.fileProblems.length > 0);
  if (messy.length === 0) return undefined;
  let read: { table: string; problem: FileProblem }[];
  if (tables.length > 1) read = messy.flatMap((t) => t.fileProblems.map((problem) => ({ table: t.table, problem })));
  else {
    const problems = await connection
      .runAndReadAll(`EXPLAIN (FORMAT json) ${sql}`)
      .then((plan) => scanFilters(JSON.parse(String(plan.getRowsJS()[0]?.[1] ?? '[]')) as PlanNode[]))
      .then((filters) => problemsRead(connection, messy[0], filters))
      .catch(() => messy[0].fileProblems);
    read = problems.map((problem) => ({ table: messy[0].table, problem }));
  }
  const skipped = total(read);
  return skipped.records > 0 || skipped.files > 0 ? skipped : undefined;
}
