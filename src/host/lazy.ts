/**
 * Small shared helpers for asynchronous work: a value opened on first use
 * and shared afterwards, and a pause that a signal cuts short.
 */

/** `open` runs on the first call only; every call gets the same promise. */
export function once<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => (opened ??= open());
}

/** Resolves after `ms`, or at once when the signal fires (never rejects); leaves no listener behind. */
export function pauseUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
