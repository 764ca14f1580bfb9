/**
 * Polls an engine query until it reaches a final state, with capped exponential backoff. Athena status calls are
 * rate limited (docs/reference-athena.md#api-rate-limits-and-concurrency), so polling starts fast for the common short
 * query and slows down for long ones. QUEUED after RUNNING is tolerated: only the final states end the wait.
 */
import type { Engine, EngineQueryStatus } from '../port';
import { TimeoutError } from '../errors';
import type { Sleep } from '../sleep';

export { realSleep, type Sleep } from '../sleep';

export interface WaitOptions {
  now: () => number;
  sleep: Sleep;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Give up after this long (the query keeps running; a later status call can still pick it up). */
  maxWaitMs?: number;
}

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export async function waitForFinalState(
  engine: Engine,
  queryId: string,
  options: WaitOptions,
): Promise<EngineQueryStatus> {
  const { now, sleep, firstDelayMs = 10, maxDelayMs = 1000, maxWaitMs = 30 * 60_000 } = options;
  const deadline = now() + maxWaitMs;
  let delay = firstDelayMs;
  for (;;) {
    const status = await engine.getQueryStatus(queryId);
    if (FINAL.has(status.state)) return status;
    if (now() + delay > deadline) throw new TimeoutError('The query did not finish in time.', { queryId });
    // An engine that can say when a query ends (DuckDB) wakes the waiter at once; the sleep stays the fallback.
    if (engine.whenSettled) {
      const abort = new AbortController();
      await Promise.race([engine.whenSettled(queryId), sleep(delay, abort.signal).catch(() => undefined)]);
      abort.abort();
    } else {
      await sleep(delay);
    }
    delay = Math.min(maxDelayMs, delay * 2);
  }
}

/** Resolves with the promise's value, or `null` once `ms` have passed; the timer is cancelled either way. */
export async function raceWithBudget<T>(promise: Promise<T>, ms: number, sleep: Sleep): Promise<T | null> {
  const abort = new AbortController();
  try {
    return await Promise.race([
      promise,
      sleep(ms, abort.signal).then(
        () => null,
        () => null,
      ),
    ]);
  } finally {
    abort.abort();
  }
}
