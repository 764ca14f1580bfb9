/** The weighted FIFO semaphore (proxy/src/admission/weightedSemaphore.ts) behind admission by count and by memory. */
import { WeightedSemaphore } from '../../../proxy/src/admission/weightedSemaphore';
import { Admission, admitQuery } from '../../../proxy/src/admission/admission';
import { MemoryBudget } from '../../../proxy/src/admission/memoryBudget';
import { TooManyQueriesError } from '../../../proxy/src/errors';
import { realSleep } from '../../../proxy/src/sleep';

/** A sleep that only ends when the test says so (or its signal aborts it). */
function manualSleep() {
  const timers: (() => void)[] = [];
  const sleep = (_ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      timers.push(resolve);
      signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });
  return { sleep, expireAll: () => timers.splice(0).forEach((fire) => fire()), pending: () => timers.length };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

class Refused extends Error {
  constructor(readonly weight: number) {
    super(`refused ${weight}`);
  }
}

const semaphore = (capacity: number, maxQueued?: number) =>
  new WeightedSemaphore({ capacity, maxQueued, refusal: (weight) => new Refused(weight) });

describe('WeightedSemaphore', () => {
  it('grants what fits at once and queues the rest in FIFO order, a light waiter behind a heavy one included', async () => {
    const slots = semaphore(10);
    const { sleep } = manualSleep();
    const first = await slots.acquire(6, 1000, sleep);
    const order: string[] = [];
    const heavy = slots.acquire(5, 1000, sleep).then((release) => (order.push('heavy'), release));
    const light = slots.acquire(1, 1000, sleep).then((release) => (order.push('light'), release));
    await tick();
    expect([order, slots.heldWeight, slots.waitingCount]).toEqual([[], 6, 2]);
    first();
    await tick();
    expect([order, slots.heldWeight, slots.waitingCount]).toEqual([['heavy', 'light'], 6, 0]);
    (await heavy)();
    (await light)();
    expect(slots.heldWeight).toBe(0);
  });

  it('gives the weight back once however often a Release is called', async () => {
    const slots = semaphore(3);
    const release = await slots.acquire(2, 10, realSleep);
    release();
    release();
    expect(slots.heldWeight).toBe(0);
    const again = await slots.acquire(3, 10, realSleep);
    expect(slots.heldWeight).toBe(3);
    again();
  });

  it('refuses at once when the queue is full, with the refusal built for that weight', async () => {
    const slots = semaphore(1, 1);
    const { sleep, expireAll } = manualSleep();
    const held = await slots.acquire(1, 1000, sleep);
    const queued = slots.acquire(1, 1000, sleep);
    await expect(slots.acquire(1, 1000, sleep)).rejects.toMatchObject({ weight: 1 });
    expect(slots.waitingCount).toBe(1);
    held();
    (await queued)();
    expireAll();
    expect([slots.heldWeight, slots.waitingCount]).toEqual([0, 0]);
  });

  it('a waiter whose wait runs out is refused and leaves, letting lighter ones behind it in', async () => {
    const slots = semaphore(10);
    const timers = manualSleep();
    const held = await slots.acquire(9, 1000, timers.sleep);
    const heavy = slots.acquire(5, 1000, timers.sleep);
    const light = slots.acquire(1, 1000, realSleep);
    timers.expireAll();
    await expect(heavy).rejects.toBeInstanceOf(Refused);
    await expect(heavy).rejects.toMatchObject({ weight: 5 });
    (await light)();
    held();
    expect([slots.heldWeight, slots.waitingCount]).toEqual([0, 0]);
  });

  it('a granted waiter cancels its timer, so a late expiry refuses nobody', async () => {
    const slots = semaphore(1);
    const timers = manualSleep();
    const held = await slots.acquire(1, 1000, timers.sleep);
    const waiter = slots.acquire(1, 1000, timers.sleep);
    held();
    const release = await waiter;
    timers.expireAll();
    await tick();
    expect(slots.heldWeight).toBe(1);
    release();
  });
});

describe('Admission and MemoryBudget on the semaphore', () => {
  it('Admission refuses a full queue with 429 and describes the load', async () => {
    const admission = new Admission(1, 1, 5);
    const { sleep } = manualSleep();
    const running = await admission.acquire(1000, sleep);
    const queued = admission.acquire(1000, sleep);
    const refused = admission.acquire(1000, sleep);
    await expect(refused).rejects.toBeInstanceOf(TooManyQueriesError);
    await expect(refused).rejects.toMatchObject({ status: 429, retryAfterSeconds: 5 });
    await expect(refused).rejects.toThrow('running 1 queries with 1 waiting');
    running();
    expect(admission.load).toEqual({ running: 1, queued: 0 });
    (await queued)();
    expect(admission.load).toEqual({ running: 0, queued: 0 });
  });

  it('admitQuery gives the slot back when the memory charge is refused', async () => {
    const admission = new Admission(1, 0);
    const memory = new MemoryBudget(100);
    const timers = manualSleep();
    const hog = await memory.acquire(100, 1000, timers.sleep);
    const admitted = admitQuery(admission, memory, { bytes: 10, maxWaitMs: 1000, sleep: timers.sleep });
    await tick();
    expect(admission.load.running).toBe(1);
    timers.expireAll();
    await expect(admitted).rejects.toThrow('memory budget is in use');
    expect(admission.load.running).toBe(0);
    hog();
    const release = await admitQuery(admission, memory, { bytes: 10, maxWaitMs: 10, sleep: realSleep });
    expect([admission.load.running, memory.load.usedBytes]).toEqual([1, 10]);
    release();
    expect([admission.load.running, memory.load.usedBytes]).toEqual([0, 0]);
  });
});
