/**
 * DuckDB error text → the port's failure shape. DuckDB prefixes every message with its exception type
 * ("Binder Error: …"); the query is at fault (USER) for the types below, anything else is the engine's (SYSTEM).
 */
import type { EngineQueryStatus } from '../../port';

/** Why a query failed, in the port's terms. */
export type QueryFailure = NonNullable<EngineQueryStatus['error']>;

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

/** Classifies a DuckDB error message; the SQL excerpt DuckDB appends ("LINE 1: …") is dropped. */
export function classifyDuckDbError(message: string): QueryFailure {
  const type = /^([A-Za-z ]+?) Error:/.exec(message)?.[1] ?? '';
  const text = message.split(/\n\s*\nLINE \d+:/)[0].trim();
  return {
    category: USER_ERROR_TYPES.has(type) ? 'USER' : 'SYSTEM',
    // DuckDB's memory_limit is shared by every running query: running out is load, not a broken query.
    kind: SYNTAX_ERROR_TYPES.has(type) ? 'SYNTAX' : type === 'Out of Memory' ? 'RESOURCES' : 'OTHER',
    message: text,
  };
}

/** The message of anything thrown (errors from the native binding may come from another realm, e.g. under jest). */
export function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}
