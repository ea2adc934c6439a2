/**
 * The build context as the planner sees it: a read-only tree of files
 * addressed by slash paths relative to its root. The host implementation
 * (fs-source.ts) reads a directory; tests and stage outputs use others.
 */

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

export interface ContextStat {
  type: EntryType;
  /** st_mode: file type bits and permission bits (setuid, setgid, sticky included). */
  mode: number;
  size: number;
  uid: number;
  gid: number;
  devMajor?: number;
  devMinor?: number;
}

export interface ContextEntry extends ContextStat {
  /** Relative slash path without a leading `./`, e.g. `src/app.js`. */
  path: string;
  /** Where a symlink points, as written. */
  linkTarget?: string;
  /**
   * An excluded directory that holds re-included entries: it is not sent,
   * but exists where the context is unpacked (as 0755), so COPY creates it.
   */
  implied?: boolean;
}

/** What a walk needs from a tree; `` is the root. */
export interface ContextFs {
  lstat(path: string): ContextStat | undefined;
  readdir(path: string): string[];
  readlink(path: string): string;
  readFile(path: string): Uint8Array;
  /** Where the entry is on the host, when the tree is a host directory (for copying without reading it into memory). */
  hostPath?(path: string): string;
}

/** A walked context: the entries `.dockerignore` keeps, and their contents. */
export interface ContextSource {
  /** Every kept entry in walk order (parents before children, names in byte order). */
  entries(): readonly ContextEntry[];
  get(path: string): ContextEntry | undefined;
  readFile(path: string): Uint8Array;
  /** As ContextFs.hostPath: present for host directories. */
  hostPath?(path: string): string;
}

export const S_IFMT = 0o170000;
export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFLNK = 0o120000;

export function typeOfMode(mode: number): EntryType {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return 'file';
    case S_IFDIR:
      return 'dir';
    case S_IFLNK:
      return 'symlink';
    default:
      return 'other';
  }
}

/** Byte order of UTF-8, as Go sorts directory entries. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
