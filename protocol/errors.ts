/**
 * The wire shape of every error answer, shared by the proxy (which throws its taxonomy in proxy/src/errors.ts and
 * maps it to HTTP in one place) and the connector (which turns it into Looker Studio user errors).
 */

/** Error codes: one taxonomy, mapped to HTTP status in one place (the proxy's classes are in proxy/src/errors.ts). */
export type ErrorCode =
  | 'INVALID_REQUEST'
  | 'UNKNOWN_DATABASE'
  | 'UNKNOWN_TABLE'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_QUERY'
  | 'FORBIDDEN'
  | 'ACCESS_DENIED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'QUERY_FAILED'
  | 'DATA_UNREADABLE'
  | 'QUERY_CANCELLED'
  | 'SCAN_LIMIT_EXCEEDED'
  | 'BUDGET_EXCEEDED'
  | 'TOO_MANY_QUERIES'
  | 'ENGINE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'INTERNAL';

/** Body of every error answer. `message` is safe to show a user; `details` never contains secrets or stacks. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}
