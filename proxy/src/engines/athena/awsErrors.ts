/**
 * How AWS SDK errors become the proxy's error taxonomy, and the one bounded retry for rate throttling.
 *
 * Athena has two different "too many" signals (docs/reference-athena.md#api-rate-limits-and-concurrency):
 * - `ThrottlingException: Rate exceeded` — the per-account API TPS budget. A short jittered backoff helps.
 * - `TooManyRequestsException` with `Reason: CONCURRENT_QUERY_LIMIT_EXCEEDED` from StartQueryExecution — the
 *   account's active-query quota is full. Retrying within a second does not help, so it becomes a 429 with
 *   Retry-After at once and the connector backs off.
 * Messages shown to users name the AWS error but never carry stacks, request ids, ARNs or credentials.
 */
import { EngineUnavailableError, ProxyError, TooManyQueriesError } from '../../errors';

/** Seconds a caller should wait after Athena's concurrency quota was hit (queries typically take seconds). */
export const CONCURRENCY_RETRY_AFTER_SECONDS = 5;
/** Seconds a caller should wait after our own throttling retries ran out. */
export const THROTTLE_RETRY_AFTER_SECONDS = 2;

export interface RetryPolicy {
  sleep: (ms: number) => Promise<void>;
  /** Retries after the first attempt (so at most maxRetries + 1 calls). */
  maxRetries: number;
  baseDelayMs: number;
  random: () => number;
}

interface AwsErrorShape {
  name?: string;
  message?: string;
  Reason?: string;
  $retryable?: { throttling?: boolean };
}

function shapeOf(err: unknown): AwsErrorShape {
  return typeof err === 'object' && err !== null ? err : {};
}

/** The AWS error code (`ThrottlingException`, `InvalidRequestException`, …), or '' for non-AWS errors. */
export function awsErrorName(err: unknown): string {
  return shapeOf(err).name ?? '';
}

/** The service's own message, on one line and bounded, for errors that are the query's fault. */
export function awsErrorMessage(err: unknown): string {
  const message = shapeOf(err).message ?? '';
  return message.replace(/\s+/g, ' ').trim().slice(0, 500);
}

export function isConcurrencyLimit(err: unknown): boolean {
  const e = shapeOf(err);
  return e.name === 'TooManyRequestsException' && e.Reason === 'CONCURRENT_QUERY_LIMIT_EXCEEDED';
}

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'SlowDown',
  'RequestLimitExceeded',
]);

/** Rate throttling (worth a short backoff), as opposed to the concurrency quota (not worth it). */
export function isRateThrottling(err: unknown): boolean {
  if (isConcurrencyLimit(err)) return false;
  const e = shapeOf(err);
  return THROTTLING_NAMES.has(e.name ?? '') || e.$retryable?.throttling === true;
}

/**
 * Calls `call`, retrying rate throttling up to `policy.maxRetries` times with "equal jitter" exponential backoff
 * (half the exponential step plus a random half, so concurrent Lambdas spread out). Everything else is rethrown
 * unchanged for the caller to map; exhausted retries become TooManyQueriesError.
 */
export async function retryThrottled<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (!isRateThrottling(err)) throw err;
      if (attempt >= policy.maxRetries) {
        throw new TooManyQueriesError(THROTTLE_RETRY_AFTER_SECONDS, 'Athena is throttling requests; retry later.');
      }
      const step = policy.baseDelayMs * 2 ** attempt;
      await policy.sleep(step / 2 + policy.random() * (step / 2));
    }
  }
}

/** Maps an error no call site handled specially: keeps ProxyErrors, turns everything else into a clean 429/503. */
export function toEngineError(err: unknown, action: string): ProxyError {
  if (err instanceof ProxyError) return err;
  if (isConcurrencyLimit(err)) {
    return new TooManyQueriesError(
      CONCURRENCY_RETRY_AFTER_SECONDS,
      'Too many Athena queries are running; retry later.',
    );
  }
  if (isRateThrottling(err)) {
    return new TooManyQueriesError(THROTTLE_RETRY_AFTER_SECONDS, 'Athena is throttling requests; retry later.');
  }
  const name = awsErrorName(err) || 'network error';
  return new EngineUnavailableError(`Athena could not ${action} (${name}).`);
}
