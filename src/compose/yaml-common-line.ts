/**
 * The one-line pieces of the common-YAML reader (yaml-common.ts): plain and
 * quoted scalars, flow collections written on one line, comments. Whatever
 * it does not know for sure throws LEAVE, and the whole file goes to the
 * yaml package instead; so nothing here ever words an error.
 */
import type { Mapping, Position } from './tree.js';
import { isPlainStringKey, resolvePlain, UnresolvableScalar } from './yaml-scalars.js';

/** "Not the common subset": caught by parseCommonYaml, which then returns undefined. */
export const LEAVE = Symbol('leave the common YAML subset');

const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;

/** Implicit keys longer than this go to the yaml package, which limits them (1024). */
const MAX_KEY = 1000;

/**
 * Where the reader is. Every construct read here sits on the current line, so
 * a column is its offset minus the line's start.
 */
export class Cursor {
  pos = 0;
  line = 1;
  lineStart = 0;
  /** Indent of the content line the cursor waits at (`pos` at its first character), -1 at the end. */
  indent = -1;
  readonly positions = new Map<string, Position>();

  /** `record`: note each node's position (a second reading, made only when one is needed). */
  constructor(readonly src: string, readonly file: string, readonly record: boolean) {}

  /** Notes the node at `offset` (on the current line) as `prefix` + `key`, when recording. */
  mark(prefix: string, key: string | number, offset: number): void {
    if (this.record) this.positions.set(prefix + key, this.at(offset));
  }

  /** The dotted prefix of the children of `prefix` + `key` (nothing to build when not recording). */
  below(prefix: string, key: string | number): string {
    return this.record ? `${prefix}${key}.` : '';
  }

  code(at = this.pos): number {
    return at < this.src.length ? this.src.charCodeAt(at) : NL;
  }

  at(offset: number): Position {
    return { file: this.file, line: this.line, col: offset - this.lineStart + 1 };
  }

  skipSpaces(): void {
    while (this.code() === SPACE) this.pos++;
  }

  /** After a value: spaces, maybe a comment (after a space), then the end of the line, which is passed. */
  endLine(): void {
    this.skipSpaces();
    if (this.code() === HASH) {
      if (this.code(this.pos - 1) !== SPACE) throw LEAVE;
      const nl = this.src.indexOf('\n', this.pos);
      this.pos = nl < 0 ? this.src.length : nl;
    }
    if (this.code() !== NL) throw LEAVE;
    if (this.pos < this.src.length) this.newLine(this.pos + 1);
  }

  newLine(start: number): void {
    this.pos = start;
    this.line++;
    this.lineStart = start;
  }
}

/** `-` followed by a space or the end of the line: a block sequence entry. */
export function isDash(c: Cursor): boolean {
  const next = c.code(c.pos + 1);
  return c.code() === 45 && (next === SPACE || next === NL);
}

/**
 * The value written at the cursor on this line: a scalar or a one-line flow
 * collection. `prefix` is the dotted path of its children (`a.b.`).
 */
export function inlineValue(c: Cursor, prefix: string, flow = false): unknown {
  const ch = c.code();
  if (ch === 34) return doubleQuoted(c);
  if (ch === 39) return singleQuoted(c);
  if (ch === 91) return flowSequence(c, prefix);
  if (ch === 123) return flowMapping(c, prefix);
  const start = c.pos;
  const end = plainEnd(c, flow);
  if (end < 0 || c.code(c.pos) === COLON) throw LEAVE;
  return resolved(c.src.slice(start, end));
}

function resolved(text: string): unknown {
  try {
    return resolvePlain(text);
  } catch (e) {
    if (e instanceof UnresolvableScalar) throw LEAVE;
    throw e;
  }
}

/**
 * Scans a plain scalar from the cursor; returns its end (trailing spaces
 * dropped) and leaves the cursor where it stopped: at a `: ` indicator, a
 * ` #` comment, the end of the line, or (in flow) `,` `]` `}`.
 */
function plainEnd(c: Cursor, flow: boolean): number {
  const first = c.code();
  const next = c.code(c.pos + 1);
  // Indicators a plain scalar cannot start with, or starts with only in cases left to the yaml package.
  // `-` starts a plain scalar only before a safe character (in flow, not an indicator).
  if (INDICATOR_START.has(first) || (first === 45 && (next === SPACE || next === NL || (flow && FLOW_INDICATOR.has(next))))) throw LEAVE;
  let i = c.pos;
  for (;;) {
    const ch = c.code(i);
    if (ch === NL) break;
    if (ch === COLON) {
      const after = c.code(i + 1);
      if (after === SPACE || after === NL) break;
      // In flow, `a:b` is one scalar but `a:,` or `"a":1`-like forms are the yaml package's.
      if (flow && FLOW_INDICATOR.has(after)) throw LEAVE;
    } else if (ch === HASH) {
      if (c.code(i - 1) === SPACE) break;
      if (flow) throw LEAVE;
    } else if (flow && (ch === 44 || ch === 93 || ch === 125)) break;
    else if (flow && (ch === 91 || ch === 123)) throw LEAVE;
    i++;
  }
  c.pos = i;
  while (i > 0 && c.code(i - 1) === SPACE) i--;
  return i;
}

const FLOW_INDICATOR = new Set([44, 91, 93, 123, 125]);

/** `?` `:` `,` `[` `]` `{` `}` `#` `&` `*` `!` `|` `>` `'` `"` `%` `@` and backquote. */
const INDICATOR_START = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((ch) => ch.charCodeAt(0)));

/**
 * A mapping key at the cursor, up to its `:` indicator; undefined (cursor
 * unmoved) when the line does not start with one. The cursor ends after the colon.
 */
export function readKey(c: Cursor, flow = false): string | undefined {
  const start = c.pos;
  let key: string;
  const ch = c.code();
  // A flow collection is a value here (a flow key is the yaml package's).
  if (ch === 91 || ch === 123) return undefined;
  if (ch === 34 || ch === 39) {
    key = ch === 34 ? doubleQuoted(c) : singleQuoted(c);
    c.skipSpaces();
    const after = c.code(c.pos + 1);
    if (c.code() !== COLON || (after !== SPACE && after !== NL)) {
      c.pos = start;
      return undefined;
    }
  } else {
    const end = plainEnd(c, flow);
    if (c.code() !== COLON) {
      c.pos = start;
      return undefined;
    }
    key = c.src.slice(start, end);
    if (!isPlainStringKey(key)) throw LEAVE;
  }
  if (c.pos - start > MAX_KEY || key === '__proto__' || key === '<<') throw LEAVE;
  c.pos++;
  return key;
}

function doubleQuoted(c: Cursor): string {
  const { src } = c;
  let out = '';
  let from = c.pos + 1;
  for (let i = from; ; i++) {
    const ch = c.code(i);
    if (ch === NL) throw LEAVE;
    if (ch === 34) {
      c.pos = i + 1;
      return out + src.slice(from, i);
    }
    if (ch !== 92) continue;
    out += src.slice(from, i);
    const e = src[i + 1] ?? '';
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else {
      const length = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const hex = src.substr(i + 2, length);
      if (length === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw LEAVE;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw LEAVE;
      out += String.fromCodePoint(code);
      i += 1 + length;
    }
    from = i + 1;
  }
}

/** The escapes of a double-quoted YAML scalar (the yaml package's table). */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

function singleQuoted(c: Cursor): string {
  let out = '';
  let from = c.pos + 1;
  for (let i = from; ; i++) {
    const ch = c.code(i);
    if (ch === NL) throw LEAVE;
    if (ch !== 39) continue;
    out += c.src.slice(from, i);
    if (c.code(i + 1) !== 39) {
      c.pos = i + 1;
      return out;
    }
    out += "'";
    from = i + 2;
    i++;
  }
}

/** Inside a flow collection: spaces, then one of `closers`, which is passed and returned. */
function flowSeparator(c: Cursor, closer: number): boolean {
  c.skipSpaces();
  const ch = c.code();
  c.pos++;
  if (ch === closer) return true;
  if (ch !== 44) throw LEAVE;
  c.skipSpaces();
  // A trailing comma is valid YAML; rare enough to leave to the yaml package.
  if (c.code() === closer) throw LEAVE;
  return false;
}

function flowSequence(c: Cursor, prefix: string): unknown[] {
  const out: unknown[] = [];
  c.pos++;
  c.skipSpaces();
  if (c.code() === 93) {
    c.pos++;
    return out;
  }
  for (let i = 0; ; i++) {
    c.mark(prefix, i, c.pos);
    out.push(flowNode(c, c.below(prefix, i)));
    if (flowSeparator(c, 93)) return out;
  }
}

function flowMapping(c: Cursor, prefix: string): Mapping {
  const out: Mapping = {};
  c.pos++;
  c.skipSpaces();
  if (c.code() === 125) {
    c.pos++;
    return out;
  }
  for (;;) {
    const keyAt = c.pos;
    const key = readKey(c, true);
    if (key === undefined || Object.hasOwn(out, key)) throw LEAVE;
    c.skipSpaces();
    c.mark(prefix, key, keyAt);
    out[key] = flowNode(c, c.below(prefix, key));
    if (flowSeparator(c, 125)) return out;
  }
}

function flowNode(c: Cursor, prefix: string): unknown {
  const ch = c.code();
  // An empty entry (`[a, , b]`, `{a: }`) or a multi-line collection: the yaml package's.
  if (ch === 44 || ch === 93 || ch === 125 || ch === NL) throw LEAVE;
  return inlineValue(c, prefix, true);
}
