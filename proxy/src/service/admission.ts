/**
 * Admission control for engine executions: at most `maxRunning` run at once, up to `maxQueued` more wait in FIFO
 * order, and anything beyond is refused at once with 429 + Retry-After (reference athena-proxy.md §1.10: a
 * concurrency limit is not helped by hot retries). Cache hits and coalesced requests never take a slot.
 */
import { TooManyQueriesError } from '../errors';

export class Admission {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxQueued: number,
    private readonly retryAfterSeconds = 2,
  ) {}

  /** Resolves when a slot is free; throws TooManyQueriesError when the queue is full. Call `release` after. */
  acquire(): Promise<void> {
    if (this.running < this.maxRunning) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(new TooManyQueriesError(this.retryAfterSeconds,
        `The proxy is running ${this.running} queries with ${this.waiting.length} waiting; retry in ${this.retryAfterSeconds} s.`));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running = Math.max(0, this.running - 1);
  }

  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }
}
