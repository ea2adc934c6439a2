/**
 * A fast reader for compose files written as JSON (which YAML 1.2 reads as
 * one flow mapping): JSON.parse builds the same tree the yaml package does,
 * in a small fraction of the time, and the positions are left to the yaml
 * package, read if and when an error message or a move of subtrees asks for
 * them. Generated compose files are often JSON; the yaml package took most
 * of a `ps` of 50 services on one.
 *
 * It gives up (returns undefined, the caller reads the file with the yaml
 * package) wherever the two could differ: duplicate keys (JSON.parse keeps
 * the last, the yaml package reports them), integers compose's YAML reads
 * its own way (`-0` is 0, past 2^53 a string of digits: yaml-scalars.ts),
 * escaped lone surrogates, keys the yaml package treats specially (`<<`,
 * `__proto__`), a key not on its colon's line or over 1000 characters
 * (YAML's implicit keys), and every character yaml-common.ts leaves to the
 * yaml package. json-common.test.ts holds both readers to the same result.
 */
import type { ParsedDocument } from './parse.js';
import { PositionIndex, type Mapping, type Position } from './tree.js';
import { UNUSUAL } from './yaml-common.js';

/** Unsafe integers and -0 (not followed by a fraction or exponent), lone-surrogate escapes, special keys. */
const AWKWARD = /(?<![\d.])-?\d{16,}(?![\d.eE])|-0(?![\d.eE])|\\u[dD][89a-fA-F]|"(?:<<|__proto__)"/;

export function parseJsonCompose(content: string, positions: () => Map<string, Position>): ParsedDocument | undefined {
  if (content.trimStart()[0] !== '{' || UNUSUAL.test(content) || AWKWARD.test(stripStrings(content))) return undefined;
  const members = memberCount(content);
  if (members === undefined) return undefined;
  let tree: unknown;
  try {
    tree = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree) || keyCount(tree) !== members) return undefined;
  return { tree: tree as Mapping, positions: PositionIndex.deferred(positions), tags: [] };
}

/** The text with every string's contents blanked (quotes kept), so number and key checks see only tokens; escapes and special keys stay visible. */
function stripStrings(src: string): string {
  return src.replace(/"((?:[^"\\]|\\.)*)"/g, (s, body: string) => (/\\u[dD][89a-fA-F]|^(?:<<|__proto__)$/.test(body) ? s : '""'));
}

/**
 * How many object members the text has: one per colon outside strings, each
 * right after its key on the same line; undefined when a key is not.
 */
function memberCount(src: string): number | undefined {
  let count = 0;
  let keyEnd = -1;
  let keyLength = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src.charCodeAt(i);
    if (ch === 34) {
      const start = i;
      for (i++; i < src.length && src.charCodeAt(i) !== 34; i++) if (src.charCodeAt(i) === 92) i++;
      keyEnd = i;
      keyLength = i - start;
    } else if (ch === 58) {
      if (keyEnd < 0 || keyLength > 1000 || src.slice(keyEnd + 1, i).trim() !== '' || src.slice(keyEnd + 1, i).includes('\n')) return undefined;
      count++;
      keyEnd = -1;
    } else if (ch !== 32 && ch !== 10) {
      keyEnd = -1;
    }
  }
  return count;
}

function keyCount(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + keyCount(x), 0);
  if (typeof v !== 'object' || v === null) return 0;
  let n = 0;
  for (const x of Object.values(v)) n += 1 + keyCount(x);
  return n;
}
