/**
 * When and how long to wait before retrying a proxy call (docs/reference-looker-studio.md#error-handling: retry
 * recoverable failures, bounded). Pure: the caller owns the clock and the sleep.
 */

/** Attempts per call, the first included. */
export const MAX_ATTEMPTS = 4;

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;
const MAX_RETRY_AFTER_MS = 30_000;
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/** Load shedding and gateway/engine hiccups are worth another try; other answers are final. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/** Exponential backoff for attempt n (1-based), or the server's Retry-After (delta-seconds form) when it gave one. */
export function retryDelayMs(attempt: number, retryAfterHeader?: string): number {
  const seconds =
    retryAfterHeader !== undefined && /^\s*\d+\s*$/.test(retryAfterHeader) ? Number(retryAfterHeader) : NaN;
  if (!Number.isNaN(seconds)) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  return Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
}

/** A header value by case-insensitive name (servers and UrlFetchApp differ in case). */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : headers[key];
}
