/**
 * Tables keyed by path patterns (`services.*.ports`, `services.*.ports.[].target`)
 * compiled into a trie, so a walk over a model carries the trie nodes its path
 * reaches and leaves alone every subtree no pattern reaches, instead of trying
 * each pattern at each node. `*` matches any key or list index, `[]` only a
 * list index, anything else that exact key (or index, spelled in digits).
 * Where several patterns match one path, the first in the table wins.
 */
export interface PatternTrie<T> {
  readonly children: Map<string, PatternTrie<T>>;
  star?: PatternTrie<T>;
  item?: PatternTrie<T>;
  /** The first entry of the table whose pattern ends here, with its place in the table. */
  entry?: { readonly index: number; readonly value: T };
}

/** The trie nodes one path reaches; empty when no pattern can match it or anything below it. */
export type TrieStates<T> = readonly PatternTrie<T>[];

export function patternTrie<T>(entries: ReadonlyArray<readonly [pattern: string, value: T]>): PatternTrie<T> {
  const root: PatternTrie<T> = { children: new Map() };
  entries.forEach(([pattern, value], index) => {
    let n = root;
    for (const part of pattern.split('.')) {
      if (part === '*') n = n.star ??= { children: new Map() };
      else if (part === '[]') n = n.item ??= { children: new Map() };
      else n = n.children.get(part) ?? n.children.set(part, { children: new Map() }).get(part)!;
    }
    n.entry ??= { index, value };
  });
  return root;
}

const NOWHERE: TrieStates<never> = Object.freeze([]);

/** The states one key (or list index) further down. */
export function stepTrie<T>(states: TrieStates<T>, segment: string | number): TrieStates<T> {
  // Most of a model is below every pattern: no allocation there.
  if (states.length === 0) return NOWHERE;
  let next: PatternTrie<T>[] | undefined;
  const key = typeof segment === 'number' ? String(segment) : segment;
  for (const s of states) {
    const literal = s.children.get(key);
    if (literal !== undefined) (next ??= []).push(literal);
    if (s.star !== undefined) (next ??= []).push(s.star);
    if (s.item !== undefined && typeof segment === 'number') (next ??= []).push(s.item);
  }
  return next ?? NOWHERE;
}

/** Whether some pattern goes on below the path these states stand for. */
export function reachesBelow<T>(states: TrieStates<T>): boolean {
  return states.some((s) => s.children.size > 0 || s.star !== undefined || s.item !== undefined);
}

/** The value of the first pattern (in table order) that ends exactly at this path. */
export function matchAt<T>(states: TrieStates<T>): T | undefined {
  let found: PatternTrie<T>['entry'];
  for (const s of states) if (s.entry !== undefined && (found === undefined || s.entry.index < found.index)) found = s.entry;
  return found?.value;
}
