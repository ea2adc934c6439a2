/**
 * Writing one entry into a root filesystem from the host, as COPY does:
 * missing parent directories are made (0755, owned by --chown's owner or
 * root), a file or symlink replaces what was at its path unless that is a
 * directory, a directory merges into an existing one and takes the
 * source's mode and owner. Owners are set before modes, since chown clears
 * setuid and setgid bits.
 */
import { chmodSync, copyFileSync, constants, lchownSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync, type Stats } from 'node:fs';
import type { ContextEntry } from '../context/source.js';
import { BuildError } from '../errors.js';
import type { Owner } from '../plan/chown.js';
import { resolveInRoot } from './in-root.js';

export interface Attributes {
  mode: number;
  uid: number;
  gid: number;
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function parentOf(p: string): string {
  const at = p.replace(/\/+$/, '').lastIndexOf('/');
  return at <= 0 ? '/' : p.slice(0, at);
}

function baseOf(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1);
}

/** mkdir -p inside the root; directories it makes get `owner` and 0755. Returns the host path. */
export function ensureDir(root: string, path: string, owner: Owner): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  let at = '/';
  for (const part of parts) {
    at = at === '/' ? `/${part}` : `${at}/${part}`;
    const host = resolveInRoot(root, at, true);
    const st = lstatOrUndefined(host);
    if (st === undefined) {
      mkdirSync(host, { mode: 0o755 });
      lchownSync(host, owner.uid, owner.gid);
      chmodSync(host, 0o755);
    } else if (!st.isDirectory()) {
      throw new BuildError(`failed to copy files: ${at} is not a directory`);
    }
  }
  return resolveInRoot(root, path, true);
}

/**
 * Puts `entry` at container path `dest`; `contents` is where a file's bytes
 * come from: a host path (copied, with a reflink where the file system has
 * them) or the bytes.
 */
export function placeEntry(root: string, dest: string, entry: ContextEntry, attrs: Attributes, contents: () => string | Uint8Array): void {
  const host = `${resolveInRoot(root, parentOf(dest), true)}/${baseOf(dest)}`;
  const existing = lstatOrUndefined(host);
  if (entry.type === 'dir') {
    if (existing !== undefined && !existing.isDirectory()) rmSync(host, { force: true });
    if (existing === undefined || !existing.isDirectory()) mkdirSync(host);
  } else {
    if (existing?.isDirectory() === true) throw new BuildError(`failed to copy files: cannot overwrite directory ${dest} with non-directory`);
    if (existing !== undefined) rmSync(host, { force: true });
    if (entry.type === 'symlink') symlinkSync(entry.linkTarget ?? '', host);
    else if (entry.type === 'file') writeContents(host, contents());
    else return; // devices, fifos and sockets are not copied
  }
  lchownSync(host, attrs.uid, attrs.gid);
  if (entry.type !== 'symlink') chmodSync(host, attrs.mode & 0o7777);
}

function writeContents(host: string, source: string | Uint8Array): void {
  if (typeof source === 'string') copyFileSync(source, host, constants.COPYFILE_FICLONE);
  else writeFileSync(host, source);
}
