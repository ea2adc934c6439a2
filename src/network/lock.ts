/**
 * A lock file for the short critical sections several tscompose processes
 * may enter at once (choosing a default subnet, then recording it): created
 * with O_EXCL holding the owner's pid; a lock whose pid is gone is stale and
 * taken over, so a crashed CLI never blocks the next one.
 */
import { fsPromises } from '../host/fs.js';
import { dirname } from 'node:path';
import { NetworkHostError } from './errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryTake(path: string): Promise<boolean> {
  try {
    const fh = await fsPromises().open(path, 'wx');
    await fh.writeFile(String(process.pid));
    await fh.close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const pid = Number((await fsPromises().readFile(path, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) return false;
  // Stale (or half-written by a process that died): remove and let the next round race for it.
  await fsPromises().unlink(path).catch(() => undefined);
  return false;
}

export async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  await fsPromises().mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (let wait = 2; !(await tryTake(path)); wait = Math.min(wait * 2, 100)) {
    if (Date.now() > deadline) throw new NetworkHostError(`timed out waiting for the lock ${path}`, undefined, { hint: 'another tscompose is changing networks; if none is running, remove the file' });
    await new Promise((r) => setTimeout(r, wait));
  }
  try {
    return await fn();
  } finally {
    await fsPromises().unlink(path).catch(() => undefined);
  }
}
