/**
 * What one engine instance remembers about the executions it started, so that retries behave (see
 * docs/athena.md#retries):
 *
 * - which ClientRequestToken led to which execution, and which of those executions ended FAILED or CANCELLED: a
 *   retry of the same request then salts its token with the dead execution's id and starts a new execution instead
 *   of Athena handing back the dead one for the rest of the token's time bucket. Identical requests that arrive
 *   while nothing has died still compute the same token, so they still share one execution;
 * - when a retryable failure was first seen, so it is waited out for a bounded time instead of reported.
 *
 * Bounded maps (oldest entries dropped first): this is a per-instance optimisation of correctness, not a store.
 * Another instance that never saw the failure re-attaches once, sees it die, and salts its next attempt.
 */

const DEFAULT_CAPACITY = 2000;

class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
}

export class ExecutionMemory {
  private readonly tokenOf: BoundedMap<string, string>;
  private readonly deadByToken: BoundedMap<string, string>;
  private readonly failedSince: BoundedMap<string, number>;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.tokenOf = new BoundedMap(capacity);
    this.deadByToken = new BoundedMap(capacity);
    this.failedSince = new BoundedMap(capacity);
  }

  /** The dead execution the unsalted token `baseToken` last led to, if any. */
  deadExecutionFor(baseToken: string): string | undefined {
    return this.deadByToken.get(baseToken);
  }

  /** Records that `baseToken` (before salting) started or re-attached to `queryId`. */
  started(baseToken: string, queryId: string): void {
    this.tokenOf.set(queryId, baseToken);
  }

  /** Records that `queryId` ended FAILED or CANCELLED: the next start of its request must not re-attach to it. */
  died(queryId: string): void {
    const baseToken = this.tokenOf.get(queryId);
    if (baseToken !== undefined) this.deadByToken.set(baseToken, queryId);
  }

  /** When this instance first saw `queryId` in a retryable failure (recorded at `nowMs` if not yet). */
  retryableFailureSince(queryId: string, nowMs: number): number {
    const since = this.failedSince.get(queryId);
    if (since !== undefined) return since;
    this.failedSince.set(queryId, nowMs);
    return nowMs;
  }
}
