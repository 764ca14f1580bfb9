/**
 * The connector's error types. Every failure that reaches Looker Studio becomes one user error with an actionable
 * `text` (shown to everyone) and a `debugText` (shown to admins only) — see errorBoundary.ts. Neither ever contains
 * a secret: messages are built from status codes, error codes, query ids and names, never from credentials.
 */
import type { ErrorCode } from '../../protocol/contract';

/** A failure with advice for the person looking at the report. */
export class ConnectorError extends Error {
  constructor(
    readonly userText: string,
    readonly debugText: string = userText,
  ) {
    super(userText);
    this.name = 'ConnectorError';
  }
}

/**
 * Failures seen by the connector rather than reported by the proxy: a 4xx that is not the proxy API (wrong URL),
 * a 5xx/429 without the proxy's error body (API Gateway or Lambda failing in front of it), and a 2xx whose body
 * is not JSON (a cut-off answer).
 */
export type LocalErrorCode = 'BAD_RESPONSE' | 'PROXY_UNAVAILABLE' | 'MALFORMED_RESPONSE';

/** The proxy answered with an error (its `{error:{code,message,details}}` body, or something it could not parse). */
export class ProxyResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | LocalErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ProxyResponseError';
  }
}

const RECONNECT = 'Re-enter the proxy URL and access key (Edit connection → Reconnect).';
const RETRY_LATER = 'Please try again in a minute.';

/** What to tell the user for each proxy error code; `message` is the proxy's own user-safe text. */
const ADVICE: Record<ProxyResponseError['code'], (message: string) => string> = {
  INVALID_REQUEST: (m) => `The query proxy rejected the request: ${m}`,
  UNKNOWN_DATABASE: (m) => `${m} Edit the data source and pick an available database.`,
  UNKNOWN_TABLE: (m) => `${m} Edit the data source and pick an available table.`,
  UNKNOWN_FIELD: (m) => `${m} The table changed: edit the data source and click "Refresh fields".`,
  UNKNOWN_QUERY: () => `The query result expired before it could be read. Refresh the report.`,
  FORBIDDEN: () => `The query proxy refused the credentials. ${RECONNECT}`,
  ACCESS_DENIED: (m) => `${m} Ask the data owner to grant your Google account access to this table.`,
  NOT_FOUND: () =>
    `The proxy URL does not point at the query proxy API (it should end with the stage, e.g. /prod). ${RECONNECT}`,
  METHOD_NOT_ALLOWED: () => `The proxy URL does not point at the query proxy API. ${RECONNECT}`,
  PAYLOAD_TOO_LARGE: () => `The request is too large: remove some filter values or fields.`,
  QUERY_FAILED: (m) => `The query failed: ${m}`,
  DATA_UNREADABLE: (m) => `${m} Ask the data owner to fix or remove that file.`,
  QUERY_CANCELLED: () => `The query was cancelled. Refresh the report to run it again.`,
  SCAN_LIMIT_EXCEEDED: (m) => `${m} Narrow the date range or add filters so the query reads less data.`,
  BUDGET_EXCEEDED: (m) =>
    `${m} It resets at 00:00 UTC; until then narrow the date range, or ask the proxy's operator to raise the budget.`,
  TOO_MANY_QUERIES: () => `Too many queries are running at the moment. ${RETRY_LATER}`,
  ENGINE_UNAVAILABLE: () => `The query engine is unavailable. ${RETRY_LATER}`,
  TIMEOUT: () => `The query took too long. Narrow the date range or add filters, then retry.`,
  INTERNAL: () => `The query proxy had an internal error. ${RETRY_LATER}`,
  BAD_RESPONSE: () => `The proxy URL answered with something that is not the query proxy API. ${RECONNECT}`,
  PROXY_UNAVAILABLE: () => `The query proxy is temporarily unavailable. ${RETRY_LATER}`,
  MALFORMED_RESPONSE: () => `The query proxy sent an incomplete answer. ${RETRY_LATER}`,
};

/** Turns a proxy error into the text and debug text Looker Studio shows (codes from a newer proxy get a generic text). */
export function adviseOnProxyError(error: ProxyResponseError): ConnectorError {
  const debug = JSON.stringify({
    status: error.status,
    code: error.code,
    message: error.message,
    details: error.details,
  });
  const advise = Object.prototype.hasOwnProperty.call(ADVICE, error.code)
    ? ADVICE[error.code]
    : (message: string) => `The query proxy reported an error: ${message}`;
  // A query the engine failed on its side (5xx) may well succeed on a later try; a 4xx failure will not.
  const later = error.code === 'QUERY_FAILED' && error.status >= 500 ? ` ${RETRY_LATER}` : '';
  return new ConnectorError(`${advise(error.message)}${later}`, debug);
}
