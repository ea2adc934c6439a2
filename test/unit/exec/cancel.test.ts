/**
 * Every running operation of a plan listens to the cancellation signals;
 * 50 of them at once must not make Node warn of a listener leak (it did:
 * `down` of 50 containers printed MaxListenersExceededWarning).
 */
import { describe, expect, it } from 'vitest';
import { Cancellation, sharedSignal } from '../../../src/exec/cancel.js';

async function leakWarnings(signal: AbortSignal, listeners: number): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (w: Error): void => void seen.push(w.name);
  process.on('warning', onWarning);
  try {
    for (let i = 0; i < listeners; i++) signal.addEventListener('abort', () => undefined);
    // Node emits its warnings on a later tick.
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off('warning', onWarning);
  }
  return seen.filter((n) => n === 'MaxListenersExceededWarning');
}

describe('the signals a plan shares', () => {
  it('would warn past ten listeners on a plain signal (the check sees the warning)', async () => {
    expect(await leakWarnings(new AbortController().signal, 11)).toEqual(['MaxListenersExceededWarning']);
  });

  it('take fifty listeners without a warning', async () => {
    const c = new Cancellation();
    expect(await leakWarnings(c.force, 50)).toEqual([]);
    expect(await leakWarnings(c.graceful, 50)).toEqual([]);
    expect(await leakWarnings(sharedSignal(), 50)).toEqual([]);
  });

  it('still cancel in two steps', () => {
    const c = new Cancellation();
    expect(c.request()).toBe('graceful');
    expect([c.graceful.aborted, c.force.aborted]).toEqual([true, false]);
    expect(c.request()).toBe('force');
    expect(c.force.aborted).toBe(true);
  });
});
