/**
 * Docker's "init layer" for RUN containers: a directory put just above the
 * image's layers that holds the mount points the runtime needs (/proc,
 * /sys, /dev, /etc/hosts, /etc/hostname, /etc/resolv.conf, and RUN
 * --mount targets). Without it the runtime would create them in the
 * container's upper dir and every RUN layer would carry them; with it the
 * upper dir holds only what the command changed. Directories copy the mode
 * and owner of the same directory in the layers below, so a copy-up through
 * them keeps the image's attributes.
 */
import { chmodSync, lchownSync, lstatSync, mkdirSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const STANDARD: ReadonlyArray<{ path: string; file: boolean }> = [
  { path: 'proc', file: false },
  { path: 'sys', file: false },
  { path: 'dev', file: false },
  { path: 'etc/hosts', file: true },
  { path: 'etc/hostname', file: true },
  { path: 'etc/resolv.conf', file: true },
];

type Found = { kind: 'absent' } | { kind: 'dir' | 'file' | 'other'; st: Stats };

/** lstat of `rel` in one layer without following a symlink on the way; 'blocked' when a parent is not a directory. */
function lstatIn(layer: string, rel: string): Stats | 'missing' | 'blocked' {
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    let st: Stats;
    try {
      st = lstatSync(join(layer, ...parts.slice(0, i + 1)));
    } catch {
      return 'missing';
    }
    if (i === parts.length - 1) return st;
    if (!st.isDirectory()) return 'blocked';
  }
  return 'missing';
}

/** What the topmost layer that has `rel` says it is; a whiteout (char 0/0) or a non-directory parent hides it. */
function lookup(layerDirs: readonly string[], rel: string): Found {
  for (let i = layerDirs.length - 1; i >= 0; i--) {
    const st = lstatIn(layerDirs[i] as string, rel);
    if (st === 'missing') continue;
    if (st === 'blocked' || (st.isCharacterDevice() && st.rdev === 0)) return { kind: 'absent' };
    return { kind: st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other', st };
  }
  return { kind: 'absent' };
}

/**
 * Makes `rel` (a directory or, with `file`, an empty file) in `init`. A
 * component that is a symlink or a non-directory below stops it: the path
 * is the image's business then, and the runtime resolves it.
 */
function place(init: string, layerDirs: readonly string[], rel: string, file: boolean): void {
  const parts = rel.split('/').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    const sub = parts.slice(0, i + 1).join('/');
    const last = i === parts.length - 1;
    const found = lookup(layerDirs, sub);
    const wantFile = last && file;
    if (found.kind === 'other' || (found.kind === 'file' && !wantFile) || (found.kind === 'dir' && wantFile)) return;
    const host = join(init, sub);
    try {
      lstatSync(host);
      continue;
    } catch {
      // not made yet
    }
    if (wantFile) writeFileSync(host, '', { mode: 0o644 });
    else mkdirSync(host, { mode: 0o755 });
    if (found.kind !== 'absent') {
      lchownSync(host, found.st.uid, found.st.gid);
      chmodSync(host, found.st.mode & 0o7777);
    }
  }
}

export interface MountPoint {
  path: string;
  file: boolean;
}

export function makeInitLayer(init: string, layerDirs: readonly string[], extra: readonly MountPoint[]): string {
  mkdirSync(init, { recursive: true });
  for (const m of [...STANDARD, ...extra]) place(init, layerDirs, m.path.replace(/^\/+/, ''), m.file);
  return init;
}
