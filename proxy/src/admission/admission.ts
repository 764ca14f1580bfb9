/**
 * Admission control for engine executions: at most `maxRunning` run at once, up to `maxQueued` more wait in FIFO
 * order, and anything beyond is refused at once with 429 + Retry-After
 * (docs/reference-athena.md#api-rate-limits-and-concurrency: a concurrency limit is not helped by hot retries). A
 * waiter that gets no slot within its wait budget is refused the same way, so a queued request never outlives the HTTP
 * request it belongs to (API Gateway cuts at 29 s). Cache hits and coalesced requests never take a slot.
 */
import { TooManyQueriesError } from '../errors';
import type { Sleep } from '../sleep';
import type { MemoryBudget } from './memoryBudget';
import { WeightedSemaphore, type Release } from './weightedSemaphore';

export class Admission {
  private readonly slots: WeightedSemaphore;

  constructor(
    maxRunning: number,
    maxQueued: number,
    private readonly retryAfterSeconds = 2,
  ) {
    this.slots = new WeightedSemaphore({ capacity: maxRunning, maxQueued, refusal: () => this.refusal() });
  }

  /**
   * Resolves with the slot's Release once a slot is free; rejects with TooManyQueriesError when the queue is full
   * or no slot frees up within `maxWaitMs`.
   */
  acquire(maxWaitMs: number, sleep: Sleep): Promise<Release> {
    return this.slots.acquire(1, maxWaitMs, sleep);
  }

  get load(): { running: number; queued: number } {
    return { running: this.slots.heldWeight, queued: this.slots.waitingCount };
  }

  private refusal(): TooManyQueriesError {
    const { running, queued } = this.load;
    return new TooManyQueriesError(
      this.retryAfterSeconds,
      `The proxy is running ${running} queries with ${queued} waiting; retry in ${this.retryAfterSeconds} s.`,
    );
  }
}

/** What one engine execution asks of admission: its memory charge and how long it may wait for both. */
export interface QueryAdmissionRequest {
  bytes: number;
  maxWaitMs: number;
  sleep: Sleep;
}

/**
 * Admits one engine execution: a slot by count (the engine's concurrency), then its share of the process memory
 * budget. Giving up the second gives back the first; the returned function releases both.
 */
export async function admitQuery(
  admission: Admission,
  memory: MemoryBudget,
  request: QueryAdmissionRequest,
): Promise<Release> {
  const releaseSlot = await admission.acquire(request.maxWaitMs, request.sleep);
  try {
    const releaseMemory = await memory.acquire(request.bytes, request.maxWaitMs, request.sleep);
    return () => {
      releaseMemory();
      releaseSlot();
    };
  } catch (err) {
    releaseSlot();
    throw err;
  }
}
