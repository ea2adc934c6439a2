/**
 * Mutual exclusion on a key, within this process (a promise chain) and
 * between tscompose processes (an O_EXCL lock file holding the owner's pid;
 * a lock whose owner died is taken over). Used so that concurrent pulls of
 * one layer do the work once and tag updates do not lose each other.
 */
import { openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isErrno, processAlive } from './fs-util.js';

const inProcess = new Map<string, Promise<unknown>>();

export async function withLock<T>(dir: string, key: string, fn: () => Promise<T>): Promise<T> {
  const path = join(dir, `${key}.lock`);
  const previous = inProcess.get(path) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    await acquire(path);
    try {
      return await fn();
    } finally {
      try {
        unlinkSync(path);
      } catch {
        // already taken over as stale: nothing to release
      }
    }
  });
  inProcess.set(path, run);
  try {
    return await run;
  } finally {
    if (inProcess.get(path) === run) inProcess.delete(path);
  }
}

async function acquire(path: string): Promise<void> {
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e;
    }
    if (stale(path)) {
      try {
        unlinkSync(path);
      } catch {
        // someone else removed it first
      }
      continue;
    }
    // Another tscompose holds it: a pull of the same layer, which ends.
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function stale(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
  } catch {
    return false;
  }
}
