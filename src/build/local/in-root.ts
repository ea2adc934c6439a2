/**
 * Paths inside a root filesystem seen from the host (a mounted overlay, a
 * layer directory). A symlink in the tree points somewhere in the
 * container's view, so following it with the host's path resolution could
 * reach the host's own files (`/etc -> /host/etc` style, or an absolute
 * link). Every path is therefore resolved component by component, each
 * symlink read and re-rooted, as `chroot` would; what comes back is a host
 * path with no symlink in it below the root (except, when asked, the last
 * component itself).
 */
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { BuildError } from '../errors.js';

const MAX_LINKS = 255;

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * The container path `path` (absolute or not, it is taken from the root)
 * resolved inside `root`. With `followLast` false a symlink in the last
 * component is not followed (for lstat, unlink, replacing it). Components
 * that do not exist are kept as they are, so the result is also where a
 * new file would go.
 */
export function resolveInRoot(root: string, path: string, followLast = true): string {
  const done: string[] = [];
  let todo = split(path);
  let links = 0;
  while (todo.length > 0) {
    const name = todo.shift() as string;
    if (name === '..') {
      done.pop();
      continue;
    }
    const here = `${root}/${[...done, name].join('/')}`;
    const st = todo.length === 0 && !followLast ? undefined : lstatOrUndefined(here);
    if (st?.isSymbolicLink() === true) {
      if (++links > MAX_LINKS) throw new BuildError(`too many levels of symbolic links resolving ${path}`);
      const target = readlinkSync(here);
      if (target.startsWith('/')) done.length = 0;
      todo = [...split(target), ...todo];
      continue;
    }
    done.push(name);
  }
  return done.length === 0 ? root : `${root}/${done.join('/')}`;
}

/** lstat of a container path (the last component not followed); undefined when absent. */
export function lstatInRoot(root: string, path: string): Stats | undefined {
  return lstatOrUndefined(resolveInRoot(root, path, false));
}

/** stat of a container path, symlinks followed inside the root. */
export function statInRoot(root: string, path: string): Stats | undefined {
  return lstatOrUndefined(resolveInRoot(root, path, true));
}
