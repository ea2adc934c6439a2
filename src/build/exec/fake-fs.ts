/**
 * The in-memory filesystem of FakeExecutor: absolute paths to nodes, layers
 * as change sets where `null` is a whiteout (the path and everything under
 * it deleted), and a tree read back as a ContextSource so COPY --from can
 * lay it out like any other source.
 */
import { S_IFDIR, S_IFLNK, S_IFREG, type ContextEntry, type ContextSource } from '../context/source.js';
import { goClean } from '../ignore/go-path.js';

export interface FakeNode {
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits. */
  mode: number;
  uid: number;
  gid: number;
  data?: Uint8Array;
  target?: string;
}

export type Tree = Map<string, FakeNode>;
export type Changes = Map<string, FakeNode | null>;

export function applyChanges(tree: Tree, changes: Changes): void {
  for (const [path, node] of changes) {
    if (node === null) {
      for (const p of [...tree.keys()]) if (p === path || p.startsWith(`${path}/`)) tree.delete(p);
    } else tree.set(path, node);
  }
}

/** A writable view: a lower tree and the changes made on it. */
export class FakeRootfs {
  constructor(
    readonly lower: Tree,
    readonly upper: Changes = new Map(),
  ) {}

  get(path: string): FakeNode | undefined {
    const p = goClean(path);
    if (p === '/') return { type: 'dir', mode: 0o755, uid: 0, gid: 0 };
    for (let q = p; q !== '/'; q = q.slice(0, q.lastIndexOf('/')) || '/') {
      if (this.upper.get(q) === null) return undefined;
    }
    return this.upper.get(p) ?? this.lower.get(p);
  }

  isDir(path: string): boolean {
    return this.get(path)?.type === 'dir';
  }

  set(path: string, node: FakeNode): void {
    this.upper.set(goClean(path), node);
  }

  remove(path: string): void {
    const p = goClean(path);
    for (const k of [...this.upper.keys()]) if (k.startsWith(`${p}/`)) this.upper.delete(k);
    this.upper.set(p, null);
  }

  /** mkdir -p; new directories get `owner`. */
  mkdirAll(path: string, owner: { uid: number; gid: number }, mode = 0o755): void {
    const parts = goClean(path).split('/').filter((x) => x !== '');
    for (let i = 1; i <= parts.length; i++) {
      const p = `/${parts.slice(0, i).join('/')}`;
      if (this.get(p) === undefined) this.set(p, { type: 'dir', mode, ...owner });
    }
  }

  /** The merged tree. */
  merged(): Tree {
    const t: Tree = new Map(this.lower);
    applyChanges(t, this.upper);
    return t;
  }
}

/** A tree as a ContextSource rooted at `/` (paths without the leading slash). */
export function treeSource(tree: Tree): ContextSource {
  const entries: ContextEntry[] = [...tree.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([p, n]) => ({
      path: p.slice(1),
      type: n.type,
      mode: (n.type === 'dir' ? S_IFDIR : n.type === 'symlink' ? S_IFLNK : S_IFREG) | n.mode,
      size: n.data?.length ?? 0,
      uid: n.uid,
      gid: n.gid,
      ...(n.target === undefined ? {} : { linkTarget: n.target }),
    }));
  const byPath = new Map(entries.map((e) => [e.path, e]));
  return {
    entries: () => entries,
    get: (p) => byPath.get(p),
    readFile: (p) => tree.get(`/${p}`)?.data ?? new Uint8Array(),
  };
}
