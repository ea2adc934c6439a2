/**
 * Tables of rules keyed by path patterns, the way compose-go drives its
 * canonical, defaults, validation and path phases: `services.*.ports` names
 * the node a rule owns; `*` matches any key or list index. A rule owns its
 * whole subtree: it calls `descend` when the table should go on below it.
 */
import { ComposeError } from '../errors.js';
import { goSprint } from './go-format.js';
import { isMapping, type Mapping, type PathSegment } from './tree.js';

export interface RuleContext {
  /** Real path of the node: keys and list indexes. */
  readonly path: readonly PathSegment[];
  /** Applies the table to the children of `value` (a new container; others pass through). */
  descend(value: unknown): unknown;
}

export type Rule = (value: unknown, ctx: RuleContext) => unknown;

/** A compiled table: patterns split once, tried in order, the first match wins. */
export interface RuleTable {
  readonly rules: ReadonlyArray<{ readonly parts: readonly string[]; readonly rule: Rule }>;
}

export function ruleTable(entries: ReadonlyArray<readonly [pattern: string, rule: Rule]>): RuleTable {
  return { rules: entries.map(([pattern, rule]) => ({ parts: pattern.split('.'), rule })) };
}

export function pathMatches(path: readonly PathSegment[], parts: readonly string[]): boolean {
  if (path.length !== parts.length) return false;
  return parts.every((p, i) => p === '*' || p === String(path[i]));
}

/** Runs `table` over `tree` and returns the new tree; containers no rule touched are copied, never mutated. */
export function applyRules(tree: unknown, table: RuleTable, path: readonly PathSegment[] = []): unknown {
  const ctx: RuleContext = { path, descend: (value) => descendInto(value, table, path) };
  for (const { parts, rule } of table.rules) {
    if (pathMatches(path, parts)) return rule(tree, ctx);
  }
  return descendInto(tree, table, path);
}

function descendInto(value: unknown, table: RuleTable, path: readonly PathSegment[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => applyRules(item, table, [...path, i]));
  if (!isMapping(value)) return value;
  const out: Mapping = {};
  for (const [key, child] of Object.entries(value)) out[key] = applyRules(child, table, [...path, key]);
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
