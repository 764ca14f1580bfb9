/**
 * The proxy's one error taxonomy. Core code throws these; only the HTTP layer turns them into responses
 * (see toErrorResponse in proxy/src/http/handler.ts). Messages are written for the person reading a Looker Studio
 * error box: they name the problem and never contain secrets, SQL internals or stack traces.
 */
import type { ErrorBody, ErrorCode } from '../../protocol/contract';

export class ProxyError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    more: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, 'cause' in more ? { cause: more.cause } : undefined);
    this.name = new.target.name;
    this.details = more.details;
  }

  /** Shown to the caller beside the message (names, limits); never secrets. */
  readonly details?: Record<string, unknown>;

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** 400: the request is malformed or names something that is not allowed. */
export class InvalidRequestError extends ProxyError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('INVALID_REQUEST', 400, message, { details });
  }
}

export class UnknownDatabaseError extends ProxyError {
  constructor(database: string) {
    super('UNKNOWN_DATABASE', 400, `Unknown database "${database}".`, { details: { database } });
  }
}

export class UnknownTableError extends ProxyError {
  constructor(database: string, table: string) {
    super('UNKNOWN_TABLE', 400, `Unknown table "${table}" in database "${database}".`, {
      details: { database, table },
    });
  }
}

/** A field id or column that is not in the table's allow-list. */
export class UnknownFieldError extends ProxyError {
  constructor(field: string, table: string) {
    super('UNKNOWN_FIELD', 400, `Unknown field "${field}" in table "${table}".`, { details: { field, table } });
  }
}

export class UnknownQueryError extends ProxyError {
  constructor(queryId: string) {
    super('UNKNOWN_QUERY', 404, `Unknown or expired query "${queryId}".`, { details: { queryId } });
  }
}

/** 403 with a deliberately generic message: signature failures never say which check failed. */
export class ForbiddenError extends ProxyError {
  constructor() {
    super('FORBIDDEN', 403, 'The request signature is missing or invalid.');
  }
}

/** 403: the caller is authenticated, but the access rules do not let this identity read the table. */
export class AccessDeniedError extends ProxyError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ACCESS_DENIED', 403, message, { details });
  }
}

export class NotFoundError extends ProxyError {
  constructor(path: string) {
    super('NOT_FOUND', 404, `No such route: ${path}`);
  }
}

export class MethodNotAllowedError extends ProxyError {
  constructor(method: string, path: string) {
    super('METHOD_NOT_ALLOWED', 405, `Method ${method} is not allowed on ${path}.`);
  }
}

export class PayloadTooLargeError extends ProxyError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', 413, `The request body is larger than ${limitBytes} bytes.`, {
      details: { limitBytes },
    });
  }
}

/** The engine rejected or failed the query. `category` USER → 400 (the query is at fault), SYSTEM → 502. */
export class QueryFailedError extends ProxyError {
  constructor(
    message: string,
    readonly category: 'USER' | 'SYSTEM',
    details?: Record<string, unknown>,
  ) {
    super('QUERY_FAILED', category === 'USER' ? 400 : 502, message, { details });
  }
}

/** Where a data error was found: the table, and the file relative to the table's folder (or S3 location). */
export interface UnreadableData {
  table?: string;
  file?: string;
  /** The engine's reason, scrubbed of paths and buckets (e.g. `No magic bytes found at end of file`). */
  reason?: string;
}

/**
 * 502: a file of the table cannot be read (corrupt, truncated, not what its name says). The data is at fault, not
 * the request, so never a 400; the message names the table and the file relative to it, never a path or bucket.
 */
export class DataUnreadableError extends ProxyError {
  constructor(data: UnreadableData, details: Record<string, unknown> = {}) {
    const table = data.table ? `table "${data.table}"` : 'the table';
    const file = data.file ? `File "${data.file}" of ${table}` : `A file of ${table}`;
    // Readers quote the bytes they found (a magic number, a type tag): control characters would garble the text.
    const reason = data.reason ? ` (${data.reason.replace(/\p{Cc}/gu, '?')})` : '';
    super('DATA_UNREADABLE', 502, `${file} cannot be read${reason}.`, {
      details: { ...details, ...(data.table ? { table: data.table } : {}), ...(data.file ? { file: data.file } : {}) },
    });
  }
}

export class QueryCancelledError extends ProxyError {
  constructor(queryId: string) {
    super('QUERY_CANCELLED', 409, `Query "${queryId}" was cancelled.`, { details: { queryId } });
  }
}

/** The workgroup's per-query scan cutoff stopped the query. */
export class ScanLimitExceededError extends ProxyError {
  constructor(message: string) {
    super('SCAN_LIMIT_EXCEEDED', 400, message);
  }
}

/** What a refused query would have cost against which budget (docs/budgets.md). */
export interface BudgetRefusal {
  kind: 'caller' | 'table';
  /** The caller's identity or `database.table`. */
  name: string;
  limit: number;
  day: string;
  spentBytes: number;
  /** The query's bound; undefined when the proxy could not list what it reads. */
  estimatedBytes: number | undefined;
}

/** Bytes as a person reads them (decimal units, as Athena bills them). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

/**
 * 403: a daily scan budget would be exceeded. Not 429: retrying does not help before the budget resets at 00:00 UTC,
 * and the connector retries 429s. The message names the budget, what was spent today and the query's bound.
 */
export class BudgetExceededError extends ProxyError {
  constructor(refusal: BudgetRefusal) {
    const { kind, name, limit, day, spentBytes, estimatedBytes } = refusal;
    const whose = kind === 'table' ? `Table budget exceeded: ${name} has` : 'Caller budget exceeded: you have';
    const cost =
      estimatedBytes === undefined
        ? 'the budget is used up.'
        : `this query would read up to ${formatBytes(estimatedBytes)}.`;
    const message = `${whose} spent ${formatBytes(spentBytes)} of ${kind === 'table' ? 'its' : 'your'} ${formatBytes(limit)} budget for ${day} (UTC); ${cost}`;
    super('BUDGET_EXCEEDED', 403, message, {
      details: {
        budget: kind === 'table' ? 'PROXY_BUDGET_BYTES_PER_TABLE_DAY' : 'PROXY_BUDGET_BYTES_PER_CALLER_DAY',
        limitBytes: limit,
        spentBytes,
        ...(estimatedBytes === undefined ? {} : { estimatedBytes }),
        day,
        ...(kind === 'table' ? { table: name } : {}),
      },
    });
  }
}

/** 429: too many concurrent queries; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyQueriesError extends ProxyError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many concurrent queries; retry later.',
  ) {
    super('TOO_MANY_QUERIES', 429, message, { details: { retryAfterSeconds } });
  }
}

export class EngineUnavailableError extends ProxyError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ENGINE_UNAVAILABLE', 503, message, { details });
  }
}

export class TimeoutError extends ProxyError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('TIMEOUT', 504, message, { details });
  }
}

/** Wraps anything unexpected; the original is kept as `cause` for logs, never shown to the caller. */
export class InternalError extends ProxyError {
  constructor(cause?: unknown) {
    super('INTERNAL', 500, 'Internal error in the query proxy.', { cause });
  }
}

/** Any thrown value as a ProxyError (unknown errors become InternalError). */
export function asProxyError(err: unknown): ProxyError {
  return err instanceof ProxyError ? err : new InternalError(err);
}

/** `s3://bucket/key` URIs, and absolute local paths (POSIX or Windows) of at least two segments. */
const LOCATION = /s3a?:\/\/[^\s"'`,)\]]+|(?<![\w.:/-])(?:[A-Za-z]:\\|\/)[^\s"'`,)\]/\\]+(?:[/\\][^\s"'`,)\]/\\]*)+/g;

/**
 * Engine text without the machine: a location under one of `roots` (a table's folder or S3 location, a lake
 * folder; longest match wins) becomes relative to it, any other path or S3 URI keeps only its last segment. Bucket
 * names and local folders say nothing to a report viewer and may say too much to anyone else.
 */
export function scrubLocations(text: string, roots: readonly string[] = []): string {
  const ordered = roots.map((r) => r.replace(/[/\\]+$/, '')).sort((a, b) => b.length - a.length);
  return text.replace(LOCATION, (location) => {
    const root = ordered.find((r) => r !== '' && location.startsWith(r) && /^[/\\]/.test(location.slice(r.length)));
    if (root !== undefined) return location.slice(root.length + 1).replace(/\\/g, '/');
    const segments = location.split(/[/\\]/).filter((s) => s !== '');
    return segments[segments.length - 1] ?? '';
  });
}
