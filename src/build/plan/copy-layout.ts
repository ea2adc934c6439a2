/**
 * Where each file of a COPY/ADD lands, decided the same way for every
 * executor: a file becomes the destination, or goes into it under its name
 * when the destination ends with `/` or already is a directory; a
 * directory's contents go into the destination; --parents keeps the path
 * below the pivot; --exclude drops matches inside a copied directory. A
 * symlink named as a source is followed; symlinks inside a copied
 * directory are copied as links.
 */
import type { ContextEntry, ContextSource } from '../context/source.js';
import { goClean } from '../ignore/go-path.js';
import type { PatternMatcher } from '../ignore/pattern-matcher.js';
import { applyChmod, type Chmod } from './chmod.js';
import type { Owner } from './chown.js';
import { followSymlinks } from './copy-sources.js';
import type { CopyItem } from './types.js';

export interface PlacedEntry {
  /** Absolute path in the destination filesystem. */
  dest: string;
  /** The source entry (type, mode, owner, link target). */
  entry: ContextEntry;
}

export interface Layout {
  /** Directories the copy lands in; made (with parents) when missing. */
  roots: string[];
  entries: PlacedEntry[];
}

function join(a: string, b: string): string {
  return b === '' ? goClean(a) : goClean(`${a}/${b}`);
}

/**
 * Lays out one item read from `tree` (the source as a tree: a context, a
 * stage's filesystem). `destIsDir` tells whether a path already is a
 * directory in the destination. Throws a plain message when a stage source is missing.
 */
export function layoutItem(item: CopyItem, tree: ContextSource, dest: string, destIsDir: (path: string) => boolean, excludes?: PatternMatcher): Layout {
  const src = followSymlinks(tree, item.path.replace(/^\/+/, ''));
  const entry = src === '' ? undefined : tree.get(src);
  if (src !== '' && entry === undefined) throw new CopySourceMissing(item.path);
  const intoDir = dest.endsWith('/') || destIsDir(goClean(dest));
  const base = item.target !== undefined ? join(dest, item.target) : goClean(dest);
  if (entry === undefined || entry.type === 'dir') {
    const root = item.target !== undefined ? base : goClean(dest);
    const inside = tree.entries().filter((e) => src === '' || e.path.startsWith(`${src}/`));
    const kept = inside.filter((e) => excludes === undefined || !excludes.matches(src === '' ? e.path : e.path.slice(src.length + 1)));
    return { roots: [root], entries: kept.map((e) => ({ dest: join(root, src === '' ? e.path : e.path.slice(src.length + 1)), entry: e })) };
  }
  const target = item.target !== undefined ? base : intoDir ? join(dest, item.name) : goClean(dest);
  return { roots: [parentOf(target)], entries: [{ dest: target, entry: { ...entry, ...(item.mode === undefined ? {} : { mode: (entry.mode & ~0o7777) | item.mode }) } }] };
}

function parentOf(p: string): string {
  const at = p.lastIndexOf('/');
  return at <= 0 ? '/' : p.slice(0, at);
}

export class CopySourceMissing extends Error {
  constructor(readonly path: string) {
    super(`"${path.startsWith('/') ? path : `/${path}`}": not found`);
  }
}

/** The mode and owner a copied entry gets: --chmod and --chown when given, else its own. */
export function copiedAttributes(entry: ContextEntry, owner: Owner | undefined, chmod: Chmod | undefined): { mode: number; uid: number; gid: number } {
  const perm = entry.type === 'symlink' || chmod === undefined ? entry.mode & 0o7777 : applyChmod(chmod, entry.mode & 0o7777, entry.type === 'dir');
  return { mode: perm, uid: owner?.uid ?? entry.uid, gid: owner?.gid ?? entry.gid };
}
