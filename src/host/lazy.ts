/**
 * Small shared helpers for asynchronous work: a value opened on first use
 * and shared afterwards, a pause that a signal cuts short, and tasks that
 * all run with the first failure reported.
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

/** docker compose's errgroup: every task runs to its end, and the first error is the one thrown. */
export async function allOf(tasks: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
