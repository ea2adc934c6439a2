/**
 * The loader works on plain YAML/JSON trees, as compose-go does on map[string]any:
 * each phase takes a tree and returns a tree. Paths are arrays of keys and
 * indexes, printed dotted (`services.web.ports.0`) in messages.
 */
export type Mapping = { [key: string]: unknown };
export type PathSegment = string | number;
export type TreePath = readonly PathSegment[];

export function isMapping(v: unknown): v is Mapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function pathString(path: TreePath): string {
  return path.join('.');
}

/** Where a node came from. Line and column are 1-based. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/**
 * Positions of the nodes of one or several parsed documents, keyed by dotted
 * path. Later documents and files overwrite earlier entries, so after a merge
 * the index points at the definition that won.
 *
 * Absorbing into an empty index shares the other's entries until either side
 * writes (copy on write): the loader starts each document's index from the
 * parse's, which is most of the time all there is, and tens of thousands of
 * entries for a large file.
 */
export class PositionIndex {
  private byPath = new Map<string, Position>();
  /** Whether byPath may be shared with another index, so must be copied before a write. */
  private shared = false;

  set(path: TreePath | string, pos: Position): void {
    this.own().set(typeof path === 'string' ? path : pathString(path), pos);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /** The position of `path`, or of its nearest ancestor that has one. */
  lookup(path: TreePath | string): Position | undefined {
    let key = typeof path === 'string' ? path : pathString(path);
    for (;;) {
      const pos = this.byPath.get(key);
      if (pos !== undefined) return pos;
      const dot = key.lastIndexOf('.');
      if (dot < 0) return this.byPath.get('');
      key = key.slice(0, dot);
    }
  }

  /** Every recorded path and position, for phases that move subtrees (reset, extends, include). */
  entries(): IterableIterator<[string, Position]> {
    return this.byPath.entries();
  }

  absorb(other: PositionIndex): void {
    if (other.byPath.size === 0) return;
    if (this.byPath.size === 0) {
      this.byPath = other.byPath;
      this.shared = true;
      other.shared = true;
      return;
    }
    const own = this.own();
    for (const [k, v] of other.byPath) own.set(k, v);
  }

  /** Copies positions under `from` to the same relative paths under `to` (used by extends/include). */
  alias(from: string, to: string): void {
    const own = this.own();
    for (const [k, v] of [...own]) {
      if (k === from || k.startsWith(`${from}.`)) own.set(to + k.slice(from.length), v);
    }
  }

  private own(): Map<string, Position> {
    if (this.shared) {
      this.byPath = new Map(this.byPath);
      this.shared = false;
    }
    return this.byPath;
  }
}
