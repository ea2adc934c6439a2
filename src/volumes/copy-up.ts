/**
 * The first mount of an empty volume copies what the image has at the mount
 * path, with owners, modes, symlinks, devices and timestamps (GNU `cp -a`,
 * which also gives the volume's root the source directory's owner and mode,
 * as the engine's copyOwnership does).
 *
 * The path is resolved inside the container's root filesystem: a symlink in
 * the image (`/data -> /etc`) resolves against that root, never against the
 * host's, and `..` cannot climb out of it.
 */
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRunner } from '../host/command.js';
import type { CopyUpResult } from './types.js';

const MAX_LINKS = 255;

/** The host path of `path` inside `root`, following symlinks within `root`; undefined when it does not exist. */
export function resolveInRoot(root: string, path: string): string | undefined {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const resolved: string[] = [];
  let links = 0;
  while (parts.length > 0) {
    const part = parts.shift() as string;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const host = join(root, ...resolved, part);
    let st;
    try {
      st = lstatSync(host);
    } catch {
      return undefined;
    }
    if (!st.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++links > MAX_LINKS) return undefined;
    const target = readlinkSync(host);
    if (target.startsWith('/')) resolved.length = 0;
    parts.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return join(root, ...resolved);
}

export function isEmptyDir(dir: string): boolean {
  return readdirSync(dir).length === 0;
}

export async function copyUp(runner: CommandRunner, dataDir: string, rootfs: string, path: string): Promise<CopyUpResult> {
  if (!isEmptyDir(dataDir)) return 'not-empty';
  const source = resolveInRoot(rootfs, path);
  if (source === undefined || !lstatSync(source).isDirectory()) return 'no-source';
  await runner.run('cp', ['-a', '--', `${source}/.`, `${dataDir}/`]);
  return 'copied';
}
