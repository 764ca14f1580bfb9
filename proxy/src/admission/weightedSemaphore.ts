/**
 * A weighted semaphore with a FIFO waiting queue: the one queue behind both admission by count (every query weighs
 * 1) and admission by memory (every charge weighs its bytes). A request is granted at once only when it fits and
 * nobody waits before it, so a heavy waiter is never starved by light ones behind it; a waiter that is not granted
 * within its wait budget leaves the queue with the refusal its owner builds.
 */
import type { Sleep } from '../sleep';

/** Gives the weight back; calling it more than once is harmless. */
export type Release = () => void;

export interface WeightedSemaphoreOptions {
  /** The total weight that may be held at once. */
  capacity: number;
  /** How many may wait at most; one more is refused at once. Unbounded when absent. */
  maxQueued?: number;
  /** The error a refused request rejects with, built when it is refused (so it can describe the load then). */
  refusal: (weight: number) => Error;
}

interface Waiter {
  weight: number;
  grant(): void;
}

export class WeightedSemaphore {
  private held = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: WeightedSemaphoreOptions) {}

  /** The weight held now. */
  get heldWeight(): number {
    return this.held;
  }

  /** How many requests wait now. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with a Release once `weight` fits and nobody waits before it; rejects with the refusal when the queue
   * is full or `maxWaitMs` passes first.
   */
  acquire(weight: number, maxWaitMs: number, sleep: Sleep): Promise<Release> {
    if (this.waiting.length === 0 && this.held + weight <= this.options.capacity) {
      this.held += weight;
      return Promise.resolve(this.releaser(weight));
    }
    if (this.waiting.length >= (this.options.maxQueued ?? Infinity))
      return Promise.reject(this.options.refusal(weight));
    return new Promise((resolve, reject) => {
      const timer = new AbortController();
      const waiter: Waiter = {
        weight,
        grant: () => {
          timer.abort();
          resolve(this.releaser(weight));
        },
      };
      this.waiting.push(waiter);
      sleep(maxWaitMs, timer.signal).then(
        () => this.refuseWaiter(waiter, reject),
        () => undefined,
      );
    });
  }

  private refuseWaiter(waiter: Waiter, reject: (err: Error) => void): void {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    reject(this.options.refusal(waiter.weight));
    this.grantWaiting(); // a heavy waiter leaving may let lighter ones behind it in
  }

  private releaser(weight: number): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= weight;
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.held + this.waiting[0].weight <= this.options.capacity) {
      const next = this.waiting.shift()!;
      this.held += next.weight;
      next.grant();
    }
  }
}
