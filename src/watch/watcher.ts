/**
 * The file system side: chokidar (inotify on Linux) on the rules' paths,
 * reporting every added, changed or removed path. What a path means is the
 * planner's business; only `.git` directories, which every rule ignores,
 * are left unwatched here so a large history costs no inotify watches.
 */
import type { FileWatcher, WatchFactory } from './session.js';

const GIT = /(^|\/)\.git(\/|$)/;

export const chokidarWatch: WatchFactory = async (paths, onChange, onError) => {
  const { watch } = await import('chokidar');
  const w = watch([...paths], { ignoreInitial: true, ignored: (p: string) => GIT.test(p), persistent: true });
  w.on('all', (_event: string, path: string) => onChange(path));
  w.on('error', (e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
  await new Promise<void>((resolve) => w.once('ready', () => resolve()));
  const handle: FileWatcher = { close: () => w.close() };
  return handle;
};
