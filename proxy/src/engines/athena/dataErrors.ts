/**
 * Athena's reasons for a query that failed on a file of the lake, not on the query: the Hive connector's error
 * names (`HIVE_BAD_DATA: …`, `HIVE_CURSOR_ERROR: …`, …), in the formats docs/athena.md#data-errors lists with
 * their sources. They become the port's kind DATA, naming the object the reason names relative to the table's
 * location, so neither the lake bucket nor any other bucket reaches the caller.
 */
import { scrubLocations } from '../../errors';
import type { EngineFailure, EngineQueryStatus, TableDescription } from '../../port';

/**
 * Error names that mean a file of the table cannot be read. `HIVE_CANNOT_OPEN_SPLIT` also covers S3 throttling
 * ("Slow Down", docs/athena.md#data-errors): that is load, not data, and is told apart by its text.
 */
const DATA_ERROR_NAMES =
  /\b(HIVE_BAD_DATA|HIVE_CURSOR_ERROR|HIVE_PARTITION_SCHEMA_MISMATCH|HIVE_CANNOT_OPEN_SPLIT|HIVE_MISSING_DATA|HIVE_INVALID_PARTITION_VALUE)\b/;
const UNKNOWN_ERROR = /\bHIVE_UNKNOWN_ERROR\b/;
const S3_THROTTLED = /Slow ?Down|Status Code: 503|Please reduce your request rate/i;
/** An S3 object as Athena prints it: `s3://bucket/key`, ended by white space, a quote or closing bracket. */
const S3_OBJECT = /s3a?:\/\/([^/\s"'`,)\]]+)\/([^\s"'`,)\]]*)/;

/**
 * A FAILED execution's DATA failure, or undefined when its reason is not about a file of the table. With the
 * tables the query read, the file is named relative to the table whose location holds it (and the reason
 * scrubbed relative to it); without, or when none holds it, the key stays as Athena named it, bucket stripped.
 */
export function athenaDataFailure(reason: string, tables: readonly TableDescription[] = []): EngineFailure | undefined {
  const object = S3_OBJECT.exec(reason);
  const named = DATA_ERROR_NAMES.test(reason) || (UNKNOWN_ERROR.test(reason) && object !== null);
  if (!named || S3_THROTTLED.test(reason)) return undefined;
  const key = object?.[2];
  const holder = object ? holderOf(object[1], object[2], tables) : undefined;
  const table = holder?.table ?? (tables.length === 1 ? tables[0] : undefined);
  const file = key === undefined ? undefined : key.slice(holder?.prefix.length ?? 0);
  const roots = holder ? [holder.table.location ?? ''] : [];
  return {
    category: 'SYSTEM',
    kind: 'DATA',
    message: conciseReason(reason, roots),
    data: { ...(table ? { table: table.table } : {}), ...(file ? { file } : {}) },
  };
}

/** The reason without bucket names or a query id, cut at Athena's "This query ran against …" postscript. */
function conciseReason(reason: string, roots: string[]): string {
  const text = reason.split(/\s+This query ran against /)[0].replace(/\s+/g, ' ');
  return scrubLocations(text, roots).trim().slice(0, 500);
}

/** `s3://bucket/prefix/` → its bucket and key prefix (`prefix/`), or undefined for a non-S3 location. */
export function parseS3Location(location: string | undefined): { bucket: string; prefix: string } | undefined {
  const match = location === undefined ? null : /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!match) return undefined;
  return { bucket: match[1], prefix: match[2] === '' || match[2].endsWith('/') ? match[2] : `${match[2]}/` };
}

/** The table whose location holds `bucket`/`key` (the longest prefix wins), with that location's key prefix. */
function holderOf(bucket: string, key: string, tables: readonly TableDescription[]) {
  const holders = tables.flatMap((table) => {
    const location = parseS3Location(table.location);
    const holds = location !== undefined && location.bucket === bucket && key.startsWith(location.prefix);
    return holds ? [{ table, prefix: location.prefix }] : [];
  });
  return holders.sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

/** The `"database"."table"` references of compiled SQL (the compiler quotes both), deduplicated. */
export function tablesNamedIn(sql: string): { database: string; table: string }[] {
  const found = new Map<string, { database: string; table: string }>();
  for (const match of sql.matchAll(/"((?:[^"]|"")+)"\s*\.\s*"((?:[^"]|"")+)"/g)) {
    const reference = { database: match[1].replace(/""/g, '"'), table: match[2].replace(/""/g, '"') };
    found.set(`${reference.database}.${reference.table}`, reference);
  }
  return [...found.values()];
}

/**
 * A DATA failure with its table found: the tables the execution's SQL names (among `databases`) are described and
 * the one whose location holds the failing object names it. Runs only after such a failure; a table that cannot be
 * described is left out, so the failure is never worse than without it.
 */
export async function locateDataFailure(
  status: EngineQueryStatus,
  execution: { sql: string; reason: string },
  catalog: { databases: readonly string[]; describe(database: string, table: string): Promise<TableDescription> },
): Promise<EngineQueryStatus> {
  if (status.error?.kind !== 'DATA') return status;
  const references = tablesNamedIn(execution.sql).filter((r) => catalog.databases.includes(r.database));
  const described = await Promise.all(
    references.map((r) => catalog.describe(r.database, r.table).catch(() => undefined)),
  );
  const tables = described.filter((t): t is TableDescription => t !== undefined);
  const error = athenaDataFailure(execution.reason, tables) ?? status.error;
  return { ...status, error };
}
