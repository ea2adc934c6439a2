/**
 * Applies synced files to a container's root filesystem from the host side:
 * the engine keeps each container's overlay mounted from create to remove
 * (`paths.rootfs`), so writing into it is what the container sees, with no
 * tool needed in the image (compose pipes a tar into the container's `tar`
 * instead). Container paths are resolved inside the root as chroot would
 * (src/build/local/in-root.ts), so a symlink in the image cannot send a
 * write to the host's files. As compose's tar syncer does: a host path that
 * exists is copied with its mode, owner and times (directories with their
 * contents), one that is gone is removed from the container. Each file is
 * written beside its target and renamed over it, so the container never
 * reads half a file.
 */
import { chmodSync, copyFileSync, lchownSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, utimesSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { resolveInRoot } from '../build/local/in-root.js';
import { WatchSyncError } from './errors.js';
import type { FileMapping } from './types.js';

/** Whether a path found inside a synced directory stays out. */
export type SkipTest = (hostPath: string, isDir: boolean) => boolean;

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

let counter = 0;
const tmpBeside = (target: string): string => `${posix.dirname(target)}/.tsc-sync-${process.pid}-${counter++}`;

function own(target: string, st: Stats): void {
  lchownSync(target, st.uid, st.gid);
  if (!st.isSymbolicLink()) {
    chmodSync(target, st.mode & 0o7777);
    utimesSync(target, st.atime, st.mtime);
  }
}

function placeFile(hostPath: string, st: Stats, target: string): void {
  const existing = lstatOrUndefined(target);
  if (existing?.isDirectory() === true) rmSync(target, { recursive: true, force: true });
  const tmp = tmpBeside(target);
  try {
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(hostPath), tmp);
    else copyFileSync(hostPath, tmp);
    own(tmp, st);
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
  }
}

function placeDir(rootfs: string, hostPath: string, st: Stats, containerPath: string, skip: SkipTest): void {
  const target = resolveInRoot(rootfs, containerPath, false);
  const existing = lstatOrUndefined(target);
  if (existing !== undefined && !existing.isDirectory()) rmSync(target, { force: true });
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(hostPath, { withFileTypes: true })) {
    const child = `${hostPath}/${entry.name}`;
    if (!skip(child, entry.isDirectory())) copyPath(rootfs, child, posix.join(containerPath, entry.name), skip);
  }
  own(target, st);
}

function copyPath(rootfs: string, hostPath: string, containerPath: string, skip: SkipTest): void {
  const st = lstatOrUndefined(hostPath);
  if (st === undefined) {
    const target = resolveInRoot(rootfs, containerPath, false);
    if (target !== rootfs) rmSync(target, { recursive: true, force: true });
    return;
  }
  if (st.isDirectory()) return placeDir(rootfs, hostPath, st, containerPath, skip);
  if (!st.isFile() && !st.isSymbolicLink()) return;
  const target = resolveInRoot(rootfs, containerPath, false);
  mkdirSync(posix.dirname(target), { recursive: true });
  placeFile(hostPath, st, target);
}

/**
 * Copies (or removes) each mapping into the root filesystem `rootfs`;
 * `skip` leaves out what the rule ignores inside a synced directory.
 */
export function syncInto(rootfs: string, files: readonly FileMapping[], skip: SkipTest = () => false): void {
  for (const f of files) {
    if (f.containerPath === '') continue;
    try {
      copyPath(rootfs, f.hostPath, f.containerPath, skip);
    } catch (e) {
      throw new WatchSyncError(`syncing ${f.hostPath} to ${f.containerPath}: ${(e as Error).message}`, { cause: e });
    }
  }
}
