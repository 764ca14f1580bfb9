/** Waiting, as a port: the service and admission wait through it, so tests can pass a clock of their own. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real Sleep: a timer that an AbortSignal cancels (so a finished race leaves no pending timer behind). */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      },
      { once: true },
    );
  });
