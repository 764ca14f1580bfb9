/** The process memory budget (proxy/src/admission/memoryBudget.ts): charges, FIFO waiting, refusal with 429. */
import { TooManyQueriesError } from '../../../proxy/src/errors';
import { BASELINE_HEAP_BYTES, defaultMemoryBudget, MemoryBudget } from '../../../proxy/src/admission/memoryBudget';
import { assertSucceeded } from '../../../proxy/src/service/queryOutcome';
import { realSleep } from '../../../proxy/src/service/waitForQuery';

/** A sleep that only ends when the test says so (or its signal aborts it). */
function manualSleep() {
  const timers: (() => void)[] = [];
  const sleep = (_ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      timers.push(resolve);
      signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });
  return { sleep, expireAll: () => timers.splice(0).forEach((fire) => fire()) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('MemoryBudget', () => {
  it('grants what fits at once and makes the rest wait in order', async () => {
    const budget = new MemoryBudget(100);
    const { sleep } = manualSleep();
    const first = await budget.acquire(60, 1000, sleep);
    const order: string[] = [];
    const second = budget.acquire(50, 1000, sleep).then((release) => {
      order.push('second');
      return release;
    });
    const third = budget.acquire(10, 1000, sleep).then((release) => {
      order.push('third');
      return release;
    });
    await tick();
    // The small third charge would fit, but it waits behind the second: FIFO, so a large page is never starved.
    expect(order).toEqual([]);
    expect(budget.load).toEqual({ usedBytes: 60, waiting: 2 });
    first();
    first(); // releasing twice gives back once
    await tick();
    expect(order).toEqual(['second', 'third']);
    expect(budget.load).toEqual({ usedBytes: 60, waiting: 0 });
    (await second)();
    (await third)();
    expect(budget.load.usedBytes).toBe(0);
  });

  it('refuses with TooManyQueriesError (429, Retry-After) when the wait budget runs out, and lets others in', async () => {
    const budget = new MemoryBudget(100, 3);
    const timers = manualSleep();
    const held = await budget.acquire(90, 1000, timers.sleep);
    const big = budget.acquire(50, 1000, timers.sleep);
    const small = budget.acquire(5, 1000, realSleep);
    timers.expireAll();
    await expect(big).rejects.toBeInstanceOf(TooManyQueriesError);
    await expect(big).rejects.toMatchObject({ status: 429, retryAfterSeconds: 3 });
    // With the large waiter gone, the small one behind it fits and is granted.
    (await small)();
    held();
    expect(budget.load).toEqual({ usedBytes: 0, waiting: 0 });
  });

  it('caps a charge above the whole budget so it can still run alone', async () => {
    const budget = new MemoryBudget(100);
    const release = await budget.acquire(10_000, 10, realSleep);
    expect(budget.load.usedBytes).toBe(100);
    release();
  });

  it('charged() holds the bytes while the work runs and one macrotask after it settles', async () => {
    const budget = new MemoryBudget(100);
    let during = -1;
    const result = await budget.charged(40, 10, realSleep, async () => {
      during = budget.load.usedBytes;
      return 'page';
    });
    expect([result, during, budget.load.usedBytes]).toEqual(['page', 40, 40]);
    await tick();
    expect(budget.load.usedBytes).toBe(0);
    await expect(
      budget.charged(40, 10, realSleep, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await tick();
    expect(budget.load.usedBytes).toBe(0);
  });

  it('derives the default from the heap limit minus reservations, with a floor', () => {
    const mb = 1024 * 1024;
    expect(defaultMemoryBudget({ heapLimitBytes: 300 * mb, reservedBytes: 96 * mb })).toBe(
      (300 * mb - 96 * mb - BASELINE_HEAP_BYTES) / 2,
    );
    expect(defaultMemoryBudget({ heapLimitBytes: 64 * mb, reservedBytes: 64 * mb })).toBe(16 * mb);
    expect(() => new MemoryBudget(0)).toThrow(RangeError);
  });
});

describe('an engine out of memory is load, not a failure', () => {
  it('maps a RESOURCES failure to 429 with Retry-After instead of 502', () => {
    const status = {
      queryId: 'q',
      state: 'FAILED' as const,
      bytesScanned: 0,
      engineMs: 1,
      queueMs: 0,
      reusedPreviousResult: false,
      error: {
        category: 'SYSTEM' as const,
        kind: 'RESOURCES' as const,
        message: 'Out of Memory Error: could not allocate block',
      },
    };
    expect(() => assertSucceeded(status)).toThrow(TooManyQueriesError);
    expect(() => assertSucceeded({ ...status, error: { ...status.error, kind: 'OTHER' } })).toThrow(
      expect.objectContaining({ status: 502 }),
    );
  });
});
