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
 */
export class PositionIndex {
  private readonly byPath = new Map<string, Position>();

  set(path: TreePath | string, pos: Position): void {
    this.byPath.set(typeof path === 'string' ? path : pathString(path), pos);
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
    for (const [k, v] of other.byPath) this.byPath.set(k, v);
  }

  /** Copies positions under `from` to the same relative paths under `to` (used by extends/include). */
  alias(from: string, to: string): void {
    for (const [k, v] of [...this.byPath]) {
      if (k === from || k.startsWith(`${from}.`)) this.byPath.set(to + k.slice(from.length), v);
    }
  }
}
