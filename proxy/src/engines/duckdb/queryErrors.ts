/**
 * DuckDB error text → the port's failure shape. DuckDB prefixes every message with its exception type
 * ("Binder Error: …"); the query is at fault (USER) for the types below, anything else is the engine's (SYSTEM).
 * A file of the lake that cannot be read is neither: it is the data's fault (kind DATA), named relative to its
 * table's folder. Every message leaves here without absolute paths (docs/lakes.md#when-a-file-cannot-be-read).
 */
import path from 'node:path';
import type { EngineQueryStatus } from '../../port';
import { scrubLocations } from '../../errors';

/** Why a query failed, in the port's terms. */
export type QueryFailure = NonNullable<EngineQueryStatus['error']>;

/** Where the engine's tables live, so a failing file can be named relative to its table. */
export interface LakeFiles {
  /** The lake folder, absolute (table folders are its immediate sub-folders). */
  dir: string;
  /** The table served from a folder of the lake, if any. */
  tableOf(folder: string): string | undefined;
}

/** Exception types caused by the SQL or the data it asks for, not by the engine. */
const USER_ERROR_TYPES = new Set([
  'Parser',
  'Binder',
  'Catalog',
  'Conversion',
  'Invalid Input',
  'Out of Range',
  'Not implemented',
  'Mismatch Type',
  'Permission',
]);

/** Athena reports unresolvable names as SYNTAX_ERROR too, so binder and catalog errors count as syntax. */
const SYNTAX_ERROR_TYPES = new Set(['Parser', 'Binder', 'Catalog']);

/**
 * What DuckDB 1.5 says when a lake file cannot be read, as it said it for broken files in
 * test/proxy/engines/duckdb/queryErrors.test.ts: Parquet footers and sizes, JSON and CSV parse or cast failures,
 * a broken compression stream. Its Parquet reader's Thrift errors ("Invalid Error: TProtocolException: …", "don't
 * know what type") name no file.
 */
const DATA_ERROR =
  /No magic bytes found at end of file|Footer length error in file|too small to be a Parquet file|Malformed JSON in file|JSON transform error in file|Error when sniffing file|Failed to read file|Error while reading file|CSV Error on Line|is not a GZIP stream|TProtocolException|don't know what type/;

/** Classifies a DuckDB error message; the SQL excerpt DuckDB appends ("LINE 1: …") is dropped. */
export function classifyDuckDbError(message: string, lake?: LakeFiles): QueryFailure {
  const type = /^([A-Za-z ]+?) Error:/.exec(message)?.[1] ?? '';
  const text = message.split(/\n\s*\nLINE \d+:/)[0].trim();
  if (DATA_ERROR.test(text)) return dataFailure(text, lake);
  return {
    category: USER_ERROR_TYPES.has(type) ? 'USER' : 'SYSTEM',
    // DuckDB's memory_limit is shared by every running query: running out is load, not a broken query.
    kind: SYNTAX_ERROR_TYPES.has(type) ? 'SYNTAX' : type === 'Out of Memory' ? 'RESOURCES' : 'OTHER',
    message: scrubLocations(text, lake ? [lake.dir] : []),
  };
}

/** A data failure: the first lake file the text names, relative to its table, and the reason on its first line. */
function dataFailure(text: string, lake: LakeFiles | undefined): QueryFailure {
  const located = lake ? locateLakeFile(text, lake) : undefined;
  const roots = lake ? [...(located ? [path.join(lake.dir, located.folder)] : []), lake.dir] : [];
  // The first line is DuckDB's sentence; what follows is advice on reader options, not for a report viewer.
  const firstLine = text.split('\n')[0].replace(/^[A-Za-z ]+? Error: /, '');
  const reason = scrubLocations(firstLine, roots).replace(/[\s.:]+$/, '');
  const data = located ? { table: located.table, file: located.file } : {};
  return { category: 'SYSTEM', kind: 'DATA', message: reason, data };
}

/** The first file under the lake folder that `text` names: its table folder, table and path below the folder. */
export function locateLakeFile(
  text: string,
  lake: LakeFiles,
): { folder: string; table?: string; file: string } | undefined {
  const root = lake.dir.endsWith(path.sep) ? lake.dir : `${lake.dir}${path.sep}`;
  const start = text.indexOf(root);
  if (start < 0) return undefined;
  const below = /^[^"'\s]+/.exec(text.slice(start + root.length))?.[0] ?? '';
  const [folder, ...rest] = below.split(path.sep);
  if (!folder || rest.length === 0) return undefined;
  const table = lake.tableOf(folder);
  return { folder, ...(table ? { table } : {}), file: rest.join('/') };
}

/** The message of anything thrown (errors from the native binding may come from another realm, e.g. under jest). */
export function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}
