/**
 * A context held in memory: for tests, and for sources that are not a host
 * directory (heredoc files, downloaded files). Paths are slash paths; parent
 * directories are implied.
 */
import { S_IFDIR, S_IFLNK, S_IFREG, type ContextFs, type ContextStat } from './source.js';

export interface MemoryFile {
  content?: string | Uint8Array;
  /** Permission bits; default 0644 for files, 0755 for directories. */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Makes the entry a symlink to this target. */
  symlink?: string;
  /** Makes the entry an (empty) directory. */
  dir?: boolean;
}

export function memoryContextFs(files: Readonly<Record<string, string | Uint8Array | MemoryFile>>): ContextFs {
  const nodes = new Map<string, { stat: ContextStat; data: Uint8Array; link?: string }>();
  const ensureDir = (path: string): void => {
    if (path === '' || nodes.has(path)) return;
    ensureDir(parentOf(path));
    nodes.set(path, { stat: { type: 'dir', mode: S_IFDIR | 0o755, size: 0, uid: 0, gid: 0 }, data: new Uint8Array() });
  };
  for (const [path, spec] of Object.entries(files)) {
    const f: MemoryFile = typeof spec === 'string' || spec instanceof Uint8Array ? { content: spec } : spec;
    ensureDir(parentOf(path));
    const data = typeof f.content === 'string' ? new TextEncoder().encode(f.content) : (f.content ?? new Uint8Array());
    const owner = { uid: f.uid ?? 0, gid: f.gid ?? 0 };
    if (f.dir === true) nodes.set(path, { stat: { type: 'dir', mode: S_IFDIR | (f.mode ?? 0o755), size: 0, ...owner }, data });
    else if (f.symlink !== undefined) nodes.set(path, { stat: { type: 'symlink', mode: S_IFLNK | 0o777, size: 0, ...owner }, data, link: f.symlink });
    else nodes.set(path, { stat: { type: 'file', mode: S_IFREG | (f.mode ?? 0o644), size: data.length, ...owner }, data });
  }
  return {
    lstat: (path) => nodes.get(path)?.stat,
    readdir: (dir) => [...nodes.keys()].filter((p) => p !== dir && parentOf(p) === dir).map((p) => p.slice(dir === '' ? 0 : dir.length + 1)),
    readlink: (path) => nodes.get(path)?.link ?? '',
    readFile: (path) => {
      const n = nodes.get(path);
      if (n === undefined) throw new Error(`${path}: no such file`);
      return n.data;
    },
  };
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}
