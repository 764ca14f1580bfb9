/**
 * Admission by memory: the process has a byte budget (docs/performance.md#memory-budget), every running query and
 * every result page being built is charged against it first, and what does not fit waits in FIFO order — up to
 * its wait budget, then 429 with Retry-After. So a burst of large answers queues instead of exhausting the heap.
 */
import { getHeapStatistics } from 'node:v8';
import { TooManyQueriesError } from '../errors';
import type { Sleep } from '../sleep';
import { WeightedSemaphore, type Release } from './weightedSemaphore';

export type { Release } from './weightedSemaphore';

export class MemoryBudget {
  private readonly bytes: WeightedSemaphore;

  constructor(
    readonly totalBytes: number,
    private readonly retryAfterSeconds = 2,
  ) {
    if (!Number.isSafeInteger(totalBytes) || totalBytes < 1)
      throw new RangeError(`memory budget must be a positive integer, got ${totalBytes}`);
    this.bytes = new WeightedSemaphore({ capacity: totalBytes, refusal: (charge) => this.refusal(charge) });
  }

  /**
   * Charges `bytes` (a charge above the whole budget is capped to it, so it runs alone rather than never) once they
   * fit and nobody waits before it; rejects with TooManyQueriesError after `maxWaitMs`.
   */
  acquire(bytes: number, maxWaitMs: number, sleep: Sleep): Promise<Release> {
    const charge = Math.min(Math.max(0, Math.ceil(bytes)), this.totalBytes);
    return this.bytes.acquire(charge, maxWaitMs, sleep);
  }

  /** Runs `work` holding `bytes`; the charge is given back one macrotask after `work` settles (see below). */
  async charged<T>(bytes: number, maxWaitMs: number, sleep: Sleep, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(bytes, maxWaitMs, sleep);
    try {
      return await work();
    } finally {
      // The answer is serialized and written by the HTTP layer in the same turn of the event loop; releasing on
      // the next macrotask keeps that serialization charged too.
      setImmediate(release);
    }
  }

  get load(): { usedBytes: number; waiting: number } {
    return { usedBytes: this.bytes.heldWeight, waiting: this.bytes.waitingCount };
  }

  private refusal(bytes: number): TooManyQueriesError {
    const mb = (n: number) => (n / 1048576).toFixed(1);
    return new TooManyQueriesError(
      this.retryAfterSeconds,
      `The proxy's memory budget is in use (${mb(this.load.usedBytes)} of ${mb(this.totalBytes)} MB, ${mb(bytes)} MB needed); retry in ${this.retryAfterSeconds} s.`,
    );
  }
}

/** What the default budget is carved from: the V8 heap limit minus what the process keeps for itself. */
export interface BudgetInputs {
  heapLimitBytes: number;
  /** Result cache, inline results and the like: memory already bounded elsewhere. */
  reservedBytes: number;
}

/** Fixed headroom for code, the catalog, sockets and garbage not yet collected. */
export const BASELINE_HEAP_BYTES = 48 * 1024 * 1024;

/** The default budget: half of what the heap limit leaves after reservations, never under 16 MB. */
export function defaultMemoryBudget(inputs: BudgetInputs): number {
  const free = inputs.heapLimitBytes - inputs.reservedBytes - BASELINE_HEAP_BYTES;
  return Math.max(16 * 1024 * 1024, Math.floor(free / 2));
}

/** This process's V8 heap limit (`--max-old-space-size` plus the young generation). */
export function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}
