/**
 * Removing a directory tree as `rm -rf --one-file-system` does: in one trip
 * to the thread pool through the hostcalls addon where it is built (fs.rm's
 * recursive walk is a trip per entry, each back through the main thread),
 * else with fs.rm. The addon's walk stays on the tree's file system, so a
 * mount left inside fails the removal instead of emptying what is mounted.
 */
import { fsPromises } from './fs.js';
import { hostCalls } from './syscalls.js';

export async function removeTree(path: string): Promise<void> {
  const calls = hostCalls();
  // An addon built before removeTreeAsync existed still serves its other calls.
  if (typeof calls?.removeTreeAsync === 'function') return calls.removeTreeAsync(path);
  await fsPromises().rm(path, { recursive: true, force: true });
}
