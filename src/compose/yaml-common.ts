/**
 * A fast reader for the YAML most compose files are written in: one document
 * of block mappings and sequences, plain and one-line quoted scalars,
 * one-line flow collections and comments. It builds the plain tree and the
 * positions parse.ts builds from the yaml package's nodes, the same ones,
 * in about a tenth of the time, since it makes no node objects.
 *
 * Anything else (anchors, tags, block scalars, several documents, multi-line
 * scalars, tabs, CR line ends, duplicate keys, anything the yaml package
 * would report as an error...) makes it give up: it returns undefined and
 * the caller reads the file with the yaml package, which does it all. It
 * never reports a problem itself. yaml-common.test.ts holds both readers
 * to the same result on the corpus and on random documents.
 */
import type { ParsedDocument } from './parse.js';
import { PositionIndex, type Mapping } from './tree.js';
import { Cursor, inlineValue, isDash, LEAVE, readKey } from './yaml-common-line.js';

/**
 * Characters this reader leaves to the yaml package wherever they are:
 * tabs, CR, other C0 and C1 controls, DEL, U+2028/2029, the BOM, U+FFFE/FFFF
 * and unpaired surrogates.
 */
export const UNUSUAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The document, or undefined when `content` is not in the common subset.
 * Positions are worked out by reading the text again, if and when an error
 * message or a move of subtrees (extends, include) asks for them.
 */
export function parseCommonYaml(file: string, content: string): ParsedDocument | undefined {
  if (UNUSUAL.test(content)) return undefined;
  const tree = read(new Cursor(content, file, false));
  if (tree === undefined) return undefined;
  const positions = PositionIndex.deferred(() => {
    const c = new Cursor(content, file, true);
    read(c);
    return c.positions;
  });
  return { tree, positions, tags: [] };
}

function read(c: Cursor): Mapping | undefined {
  try {
    if (nextContentLine(c) !== 0 || isDash(c)) return undefined;
    c.mark('', '', c.pos);
    const tree = blockMapping(c, 0, '');
    return c.indent === -1 ? tree : undefined;
  } catch (e) {
    if (e === LEAVE) return undefined;
    throw e;
  }
}

/**
 * From a line start, past blank and comment lines, to the first character of
 * the next content line; records and returns its indent (-1 at the end).
 */
function nextContentLine(c: Cursor): number {
  const { src } = c;
  for (;;) {
    let i = c.pos;
    while (src.charCodeAt(i) === 32) i++;
    if (i >= src.length) {
      c.pos = src.length;
      return (c.indent = -1);
    }
    const ch = src.charCodeAt(i);
    if (ch !== 10 && ch !== 35) {
      const indent = i - c.lineStart;
      // Document markers and directives: several documents, or an explicit one.
      if (indent === 0 && (src.startsWith('---', i) || src.startsWith('...', i) || ch === 37)) throw LEAVE;
      c.pos = i;
      return (c.indent = indent);
    }
    const nl = src.indexOf('\n', i);
    if (nl < 0) {
      c.pos = src.length;
      return (c.indent = -1);
    }
    c.newLine(nl + 1);
  }
}

/** Entries at column `indent` from the cursor on; returns at the first line indented less. */
function blockMapping(c: Cursor, indent: number, prefix: string): Mapping {
  const out: Mapping = {};
  for (;;) {
    const keyAt = c.pos;
    const key = readKey(c);
    if (key === undefined || Object.hasOwn(out, key)) throw LEAVE;
    c.mark(prefix, key, keyAt);
    out[key] = blockValue(c, indent, c.below(prefix, key));
    if (c.indent < indent) return out;
    if (c.indent > indent || isDash(c)) throw LEAVE;
  }
}

/**
 * The value after `key:` in a mapping at `indent`: on the same line, or a
 * nested collection on the next lines, or nothing (null). `prefix` is the
 * dotted path of its children. Positions of a value's own node are not
 * recorded: the key's position stands for it.
 */
function blockValue(c: Cursor, indent: number, prefix: string): unknown {
  c.skipSpaces();
  const ch = c.code();
  if (ch === 10 || ch === 35) {
    c.endLine();
    const next = nextContentLine(c);
    if (next > indent) return isDash(c) ? blockSequence(c, next, prefix) : blockMapping(c, next, prefix);
    if (next === indent && isDash(c)) return blockSequence(c, indent, prefix);
    return null;
  }
  const value = inlineValue(c, prefix);
  c.endLine();
  // A more indented line would continue a plain scalar, or be an error.
  if (nextContentLine(c) > indent) throw LEAVE;
  return value;
}

/** Entries `- ...` at column `indent`; returns at the first line that is not one. */
function blockSequence(c: Cursor, indent: number, prefix: string): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; ; i++) {
    c.pos++;
    c.skipSpaces();
    const ch = c.code();
    // An entry on the next lines, an empty one, or a sequence in a sequence.
    if (ch === 10 || ch === 35 || isDash(c)) throw LEAVE;
    c.mark(prefix, i, c.pos);
    const keyAt = c.pos;
    if (readKey(c) !== undefined) {
      // `- key: value`: a mapping whose entries line up with its first key.
      c.pos = keyAt;
      out.push(blockMapping(c, keyAt - c.lineStart, c.below(prefix, i)));
    } else {
      out.push(inlineValue(c, c.below(prefix, i)));
      c.endLine();
      if (nextContentLine(c) > indent) throw LEAVE;
    }
    if (c.indent > indent) throw LEAVE;
    if (c.indent < indent || !isDash(c)) return out;
  }
}
