/**
 * Shape conversions compose-go v2.4.8 (override/merge.go) applies before it
 * merges the keys whose short and long forms differ, with Go's printing of the
 * values they turn into `KEY=VALUE` text.
 *
 * Go's `nil` slice or map is `null` here: compose returns one where it appends
 * nothing to a nil slice, and the model then holds a null.
 */
import { goSprint } from './go-format.js';
import { isMapping, type Mapping } from './tree.js';

/** Assigns an own key, also when the key is `__proto__` (a plain assignment would replace the prototype). */
export function setKey(target: Mapping, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * A deep copy that never shares a node, as go-yaml decodes every alias into a
 * fresh value: the merge then mutates its own copies, as compose mutates its
 * decoded trees, without touching the caller's.
 */
export function cloneTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneTree);
  if (!isMapping(value)) return value;
  const copy: Mapping = {};
  for (const [k, v] of Object.entries(value)) setKey(copy, k, cloneTree(v));
  return copy;
}

/** Go's `%v` of a decoded YAML value: maps print with sorted keys as `map[k:v]`, nested nils as `<nil>`. */
export function goFormatV(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goSprint(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goFormatV).join(' ')}]`;
  if (isMapping(value)) {
    const keys = Object.keys(value).sort(compareGoStrings);
    return `map[${keys.map((k) => `${k}:${goFormatV(value[k])}`).join(' ')}]`;
  }
  return String(value);
}

/** Go compares strings byte by byte, which is code point order, not JavaScript's UTF-16 unit order. */
export function compareGoStrings(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done === true || y.done === true) return (x.done === true ? 0 : 1) - (y.done === true ? 0 : 1);
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx - cy;
  }
}

/**
 * A mapping becomes sorted `KEY=VALUE` items (a null value leaves `KEY`, a
 * list value one item per element), a string a one-item list; a list stays
 * as it is and anything else is nil.
 */
export function convertIntoSequence(value: unknown): unknown[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value;
  if (!isMapping(value)) return null;
  const seq: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) seq.push(key);
    else if (Array.isArray(v)) for (const item of v) seq.push(`${key}=${goFormatV(item)}`);
    else seq.push(`${key}=${goFormatV(v)}`);
  }
  return seq.length === 0 ? null : seq.sort(compareGoStrings);
}

/** Go's `append(right, left...)`: appending nothing keeps `right`, nil included. */
export function appendSeq(right: unknown[] | null, left: readonly unknown[] | null): unknown[] | null {
  if (left === null || left.length === 0) return right;
  return [...(right ?? []), ...left];
}

/** Thrown where compose's own code would fail a type assertion; the caller words it. */
export class ShapeError extends Error {}

/**
 * A list of names becomes a mapping of name to a fresh copy of
 * `defaults` (or to null); a mapping stays as it is, anything else is nil.
 */
export function convertIntoMapping(value: unknown, defaults: Mapping | null): Mapping | null {
  if (isMapping(value)) return value;
  if (!Array.isArray(value)) return null;
  const converted: Mapping = {};
  for (const item of value) {
    if (typeof item !== 'string') throw new ShapeError(`unexpected ${typeof item} in a list of names`);
    setKey(converted, item, defaults === null ? null : { ...defaults });
  }
  return converted;
}
