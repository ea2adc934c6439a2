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
 * Two economies, invisible to callers: an index made with `deferred` finds
 * its entries only when first asked (a valid file is never asked: positions
 * are for error messages), and absorbing into an empty index shares the
 * other's entries until either side writes (copy on write). A large file has
 * tens of thousands of entries.
 */
export class PositionIndex {
  private store: EntryStore;
  /** Whether the store may be shared with another index, so must be copied before a write. */
  private shared = false;

  constructor() {
    this.store = new EntryStore();
  }

  /** An index whose entries `find` works out, the first time any are needed. */
  static deferred(find: () => Map<string, Position>): PositionIndex {
    const index = new PositionIndex();
    index.store = new EntryStore(find);
    return index;
  }

  set(path: TreePath | string, pos: Position): void {
    this.own().set(typeof path === 'string' ? path : pathString(path), pos);
  }

  has(path: string): boolean {
    return this.store.map().has(path);
  }

  /** The position of `path`, or of its nearest ancestor that has one. */
  lookup(path: TreePath | string): Position | undefined {
    const byPath = this.store.map();
    let key = typeof path === 'string' ? path : pathString(path);
    for (;;) {
      const pos = byPath.get(key);
      if (pos !== undefined) return pos;
      const dot = key.lastIndexOf('.');
      if (dot < 0) return byPath.get('');
      key = key.slice(0, dot);
    }
  }

  /** Every recorded path and position, for phases that move subtrees (reset, extends, include). */
  entries(): IterableIterator<[string, Position]> {
    return this.store.map().entries();
  }

  absorb(other: PositionIndex): void {
    if (other.store.isEmpty()) return;
    if (this.store.isEmpty()) {
      this.store = other.store;
      this.shared = true;
      other.shared = true;
      return;
    }
    const own = this.own();
    for (const [k, v] of other.store.map()) own.set(k, v);
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
      this.store = new EntryStore(undefined, new Map(this.store.map()));
      this.shared = false;
    }
    return this.store.map();
  }
}

/** The entries behind one or more indexes, found on first use when deferred. */
class EntryStore {
  constructor(
    private find?: () => Map<string, Position>,
    private found?: Map<string, Position>,
  ) {}

  map(): Map<string, Position> {
    if (this.found === undefined) {
      this.found = this.find?.() ?? new Map();
      this.find = undefined;
    }
    return this.found;
  }

  /** Known empty without finding anything: a deferred store counts as full. */
  isEmpty(): boolean {
    return this.find === undefined && (this.found === undefined || this.found.size === 0);
  }
}
