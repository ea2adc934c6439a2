/**
 * What the fast compose readers' parity tests share: a tree written out so
 * that key order, -0, NaN and numbers against strings all show, and one
 * comparison of a fast reader's answer with the yaml package's.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseWithYamlPackage, type ParsedDocument } from '../../../src/compose/parse.js';

/** A tree as text that tells apart key order, -0, NaN, numbers from strings. */
function encode(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? 'n:-0' : `n:${String(v)}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${encode(x)}`).join(',')}}`;
  return `?${typeof v}`;
}

export function described(doc: ParsedDocument): string {
  const positions = [...doc.positions.entries()].map(([k, p]) => `${k}@${p.line}:${p.col}`).join(' ');
  return `${encode(doc.tree)}\n${positions}\n${JSON.stringify(doc.tags)}`;
}

export type Outcome = 'fast' | 'left' | 'error';

/** Compares a fast reader's answer on `text` with the yaml package's; what happened, or throws a readable mismatch. */
export function compareReaders(file: string, text: string, fast: ParsedDocument | undefined, reader: string): Outcome {
  let slow: ParsedDocument[];
  try {
    slow = parseWithYamlPackage(file, text);
  } catch (e) {
    if (fast !== undefined) throw new Error(`the yaml package rejects (${String(e)}) but the ${reader} accepted:\n${text}`);
    return 'error';
  }
  if (fast === undefined) return 'left';
  expect(slow).toHaveLength(1);
  expect(described(fast), text).toBe(described(slow[0]!));
  return 'fast';
}

/** Regular YAML files below `dir` (fixtures hold symlinks, some dangling, on purpose). */
export function* yamlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* yamlFiles(p);
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) yield p;
  }
}
