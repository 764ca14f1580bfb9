/**
 * Query ids handed to clients are self-describing handles: the engine's query id plus the output plan (field ids,
 * data types, value formats) and whether filters were applied. Status and page calls therefore need no server
 * state, so any Lambda instance can serve them (docs/architecture.md#design-decisions, decision 5). Tokens are
 * base64url, small enough for Apps Script's 2 KB URL limit with Looker Studio's 20 fields per request.
 *
 * A handle is not a secret and grants nothing by itself: every call is still signed, and an engine query id is an
 * unguessable UUID.
 */
import type { DataType, QueryPendingResponse, QueryResultResponse } from '../../../protocol/contract';
import { VALUE_FORMATS, type OutputColumn, type ValueFormat } from '../values';
import { InvalidRequestError } from '../errors';

export type HandleColumn = OutputColumn;

export interface QueryHandle {
  engineQueryId: string;
  filtersApplied: boolean;
  /** Rows the caller may receive (the engine result may hold one more, which marks it truncated). */
  rowLimit?: number;
  columns: HandleColumn[];
}

const DATA_TYPES = new Map<string, DataType>([
  ['S', 'STRING'],
  ['N', 'NUMBER'],
  ['B', 'BOOLEAN'],
]);
const SAFE_ID = /^[A-Za-z0-9_.-]{1,200}$/;
const SAFE = /^[A-Za-z0-9_]{1,200}$/;

/** Encodes a handle as `v1~engineId~0|1~rowLimit~name:T:format,…` in base64url. */
export function encodeQueryHandle(handle: QueryHandle): string {
  const parts = handle.columns.flatMap((c) => [c.name, c.format]);
  if (!SAFE_ID.test(handle.engineQueryId) || !parts.every((p) => SAFE.test(p))) {
    throw new Error('cannot encode this query in a handle'); // ids come from our own code: a bug, not bad input
  }
  const columns = handle.columns.map((c) => `${c.name}:${c.dataType[0]}:${c.format}`).join(',');
  const text = ['v1', handle.engineQueryId, handle.filtersApplied ? '1' : '0', handle.rowLimit ?? '', columns].join(
    '~',
  );
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Decodes a handle from a request path; anything malformed is a 400, never a crash. */
export function decodeQueryHandle(raw: string): QueryHandle {
  const invalid = () => new InvalidRequestError('Invalid query id.', { queryId: raw.slice(0, 200) });
  if (!/^[A-Za-z0-9_-]{1,4096}$/.test(raw)) throw invalid();
  const parts = Buffer.from(raw, 'base64url').toString('utf8').split('~');
  if (parts.length !== 5 || parts[0] !== 'v1' || !SAFE_ID.test(parts[1]) || !/^[01]$/.test(parts[2])) throw invalid();
  if (!/^(|[1-9]\d{0,8})$/.test(parts[3])) throw invalid();
  const columns =
    parts[4] === ''
      ? []
      : parts[4].split(',').map((entry) => {
          const [name, type, format, extra] = entry.split(':');
          const dataType = DATA_TYPES.get(type ?? '');
          if (extra !== undefined || !name || !dataType || !SAFE.test(name) || !isValueFormat(format)) throw invalid();
          return { name, dataType, format };
        });
  const rowLimit = parts[3] === '' ? {} : { rowLimit: Number(parts[3]) };
  return { engineQueryId: parts[1], filtersApplied: parts[2] === '1', ...rowLimit, columns };
}

function isValueFormat(format: string | undefined): format is ValueFormat {
  return (VALUE_FORMATS as readonly (string | undefined)[]).includes(format);
}

/** Page cursors are `offset.limit`; they only make sense together with their query id. */
export function encodeCursor(offset: number, limit: number): string {
  return `${offset}.${limit}`;
}

export function decodeCursor(raw: string, maxLimit: number): { offset: number; limit: number } {
  const match = /^(\d{1,9})\.(\d{1,9})$/.exec(raw);
  const offset = match ? Number(match[1]) : NaN;
  const limit = match ? Number(match[2]) : NaN;
  if (!match || limit < 1 || limit > maxLimit) {
    throw new InvalidRequestError('Invalid page cursor.', { cursor: raw.slice(0, 100) });
  }
  return { offset, limit };
}

export type QueryAnswer = { status: 200; body: QueryResultResponse } | { status: 202; body: QueryPendingResponse };
