/** A FIFO of background jobs with at most `limit` running at once; the rest wait (state QUEUED). */
export interface JobQueue {
  /** Queues `run`; it starts as soon as a slot is free. `run` must not reject. */
  submit(id: string, run: () => Promise<void>): void;
  /** Removes a job that has not started; false when it already started or is unknown. */
  withdraw(id: string): boolean;
  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void>;
}

/** A queue running at most `limit` jobs at once; throws RangeError unless `limit` is a positive integer. */
export function createJobQueue(limit: number): JobQueue {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`maxConcurrentQueries must be a positive integer, got ${limit}`);
  const waiting: { id: string; run: () => Promise<void> }[] = [];
  const running = new Set<Promise<void>>();

  const pump = (): void => {
    while (running.size < limit && waiting.length > 0) {
      const job = waiting.shift()!;
      const done = job.run().finally(() => {
        running.delete(done);
        pump();
      });
      running.add(done);
    }
  };

  return {
    submit(id, run) {
      waiting.push({ id, run });
      pump();
    },
    withdraw(id) {
      const index = waiting.findIndex((job) => job.id === id);
      if (index >= 0) waiting.splice(index, 1);
      return index >= 0;
    },
    async idle() {
      while (running.size > 0 || waiting.length > 0) await Promise.all(running);
    },
  };
}
