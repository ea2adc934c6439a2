/**
 * Gives the kernel back the pages of the node binary that the supervisor's
 * start-up (and each reload) touched and its steady loop does not use.
 * Measured on a chain of 10: RSS 53 MiB after start-up, 30 MiB once the
 * pages its polls use have faulted back in; Node's own files are most of
 * the difference. The kernel keeps pages another process maps too (another
 * node running), so the gain is smaller while one runs. It runs once things are quiet (`quietMs` after the last
 * load), so an `up` that reloads the supervisor ten times pays for it once.
 */
import { readFileSync } from 'node:fs';
import type { Clock } from './clock.js';

export interface PageOut {
  /** A load happened: release again once `quietMs` pass without another. */
  touch(): void;
  /** No release after this. */
  cancel(): void;
}

/** `release` returns the KiB it advised; `log` gets one line per release, or why it failed. */
export function pageOutWhenQuiet(clock: Clock, release: () => Promise<number>, log: (line: string) => void, quietMs = 2000): PageOut {
  let timer: unknown;
  let cancelled = false;
  const run = async (): Promise<void> => {
    timer = undefined;
    const before = residentKiB();
    try {
      const kib = await release();
      log(`memory: ${mib(kib)} MiB of file mappings paged out, RSS ${mib(before)} -> ${mib(residentKiB())} MiB`);
    } catch (e) {
      log(`memory: file mappings not paged out: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return {
    touch() {
      if (cancelled) return;
      clock.clearTimeout(timer);
      timer = clock.setTimeout(() => void run(), quietMs);
    },
    cancel() {
      cancelled = true;
      clock.clearTimeout(timer);
    },
  };
}

function residentKiB(): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

const mib = (kib: number): string => (kib / 1024).toFixed(1);
