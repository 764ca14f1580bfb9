/**
 * Admission control for engine executions: at most `maxRunning` run at once, up to `maxQueued` more wait in FIFO
 * order, and anything beyond is refused at once with 429 + Retry-After
 * (docs/reference-athena.md#api-rate-limits-and-concurrency: a concurrency limit is not helped by hot retries). A
 * waiter that gets no slot within its wait budget is refused the same way, so a queued request never outlives the HTTP
 * request it belongs to (API Gateway cuts at 29 s). Cache hits and coalesced requests never take a slot.
 */
import { TooManyQueriesError } from '../errors';
import type { Sleep } from '../sleep';
import type { MemoryBudget, Release } from './memoryBudget';

interface Waiter {
  grant(): void;
}

export class Admission {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxQueued: number,
    private readonly retryAfterSeconds = 2,
  ) {}

  /**
   * Resolves when a slot is free (call `release` after); rejects with TooManyQueriesError when the queue is full or
   * no slot frees up within `maxWaitMs`.
   */
  acquire(maxWaitMs: number, sleep: Sleep): Promise<void> {
    if (this.running < this.maxRunning) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) return Promise.reject(this.refusal());
    return new Promise((resolve, reject) => {
      const timer = new AbortController();
      const waiter: Waiter = {
        grant: () => {
          timer.abort();
          resolve();
        },
      };
      this.waiting.push(waiter);
      sleep(maxWaitMs, timer.signal).then(
        () => {
          const index = this.waiting.indexOf(waiter);
          if (index < 0) return;
          this.waiting.splice(index, 1);
          reject(this.refusal());
        },
        () => undefined,
      );
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.running = Math.max(0, this.running - 1);
  }

  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  private refusal(): TooManyQueriesError {
    return new TooManyQueriesError(
      this.retryAfterSeconds,
      `The proxy is running ${this.running} queries with ${this.waiting.length} waiting; retry in ${this.retryAfterSeconds} s.`,
    );
  }
}

/**
 * Admits one engine execution: a slot by count (the engine's concurrency), then its share of the process memory
 * budget. Giving up the second gives back the first; the returned function releases both.
 */
export async function admitQuery(
  admission: Admission,
  memory: MemoryBudget,
  bytes: number,
  maxWaitMs: number,
  sleep: Sleep,
): Promise<Release> {
  await admission.acquire(maxWaitMs, sleep);
  try {
    const releaseMemory = await memory.acquire(bytes, maxWaitMs, sleep);
    return () => {
      releaseMemory();
      admission.release();
    };
  } catch (err) {
    admission.release();
    throw err;
  }
}
