/**
 * Tables of rules keyed by path patterns, the way compose-go drives its
 * canonical, defaults, validation and path phases: `services.*.ports` names
 * the node a rule owns; `*` matches any key or list index. A rule owns its
 * whole subtree: it calls `descend` when the table should go on below it.
 */
import { ComposeError } from '../errors.js';
import { goSprint } from './go-format.js';
import { matchAt, patternTrie, reachesBelow, stepTrie, type PatternTrie, type TrieStates } from './path-trie.js';
import { isMapping, type Mapping, type PathSegment } from './tree.js';

export interface RuleContext {
  /** Real path of the node: keys and list indexes. */
  readonly path: readonly PathSegment[];
  /** Applies the table to the children of `value`: a new container, or `value` itself where no pattern reaches below. */
  descend(value: unknown): unknown;
}

export type Rule = (value: unknown, ctx: RuleContext) => unknown;

/** A compiled table: the patterns as a trie (path-trie.ts). */
export interface RuleTable {
  readonly root: PatternTrie<Rule>;
}

export function ruleTable(entries: ReadonlyArray<readonly [pattern: string, rule: Rule]>): RuleTable {
  return { root: patternTrie(entries) };
}

/**
 * Runs `table` over `tree` and returns the new tree; containers a rule may
 * change are copied, never mutated, and subtrees no pattern reaches are
 * returned as they are. Where several patterns match, the first in the
 * table wins.
 */
export function applyRules(tree: unknown, table: RuleTable, path: readonly PathSegment[] = []): unknown {
  return visit(tree, [table.root], path);
}

function visit(value: unknown, states: TrieStates<Rule>, path: readonly PathSegment[]): unknown {
  const rule = matchAt(states);
  if (rule === undefined) return descendInto(value, states, path);
  return rule(value, { path, descend: (v) => descendInto(v, states, path) });
}

function descendInto(value: unknown, states: TrieStates<Rule>, path: readonly PathSegment[]): unknown {
  if (!reachesBelow(states)) return value;
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const next = stepTrie(states, i);
      return next.length === 0 ? item : visit(item, next, [...path, i]);
    });
  }
  if (!isMapping(value)) return value;
  const out: Mapping = {};
  for (const [key, child] of Object.entries(value)) {
    const next = stepTrie(states, key);
    out[key] = next.length === 0 ? child : visit(child, next, [...path, key]);
  }
  return out;
}

/**
 * A path as compose-go prints it in messages: list items are `[]`, not
 * their index (`services.web.gpus.[]`).
 */
export function goPath(path: readonly PathSegment[]): string {
  return path.map((p) => (typeof p === 'number' ? '[]' : p)).join('.');
}

/** The dotted path our errors carry, with real list indexes. */
export function dotted(path: readonly PathSegment[]): string {
  return path.join('.');
}

/** Go's `%T` for a decoded YAML value, as compose-go names types in its messages. */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** A model error found by one of the pure phases: compose's wording, our path. */
export function modelError(code: string, message: string, path: readonly PathSegment[], hint?: string): ComposeError {
  return new ComposeError(code, message, { path: dotted(path) }, hint === undefined ? {} : { hint });
}

/** Go's `%s` of a decoded YAML value (maps print sorted, `map[k:v]`). */
export function goFormatS(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(goFormatS).join(' ')}]`;
  if (isMapping(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((k) => `${k}:${goFormatS(value[k])}`).join(' ')}]`;
  }
  return `%!s(${goTypeName(value)}=${goSprint(value)})`;
}

/** A scalar as text (fmt.Sprint); anything else as Go's `%s` would print it. */
export function goText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return goSprint(value);
  return goFormatS(value);
}
