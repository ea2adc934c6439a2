/**
 * The JSON reader (json-common.ts) must give exactly what the yaml package
 * gives for a compose file written as JSON (tree, key order, -0 against 0,
 * numbers against strings, positions) or give up; and where the yaml
 * package reports an error, it must give up. Checked on the fixture
 * corpus written out as JSON, on hand-picked cases, and on random JSON.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseComposeYaml, parseWithYamlPackage, type ParsedDocument } from '../../../src/compose/parse.js';
import { parseJsonCompose } from '../../../src/compose/json-common.js';
import { compareReaders, yamlFiles, type Outcome } from '../../support/compose/reader-parity.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const FILE = '/p/compose.json';

function compare(text: string): Outcome {
  const fast = parseJsonCompose(text, () => new Map(parseWithYamlPackage(FILE, text)[0]?.positions.entries()));
  return compareReaders(FILE, text, fast, 'JSON reader');
}

describe('the JSON reader', () => {
  it('reads a 50-service JSON project as the yaml package does', () => {
    const services = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`s${i}`, { image: 'busybox:1', command: ['sh', '-c', "trap 'exit 0' TERM; sleep 1"], ports: [8000 + i], x: 1.5, y: -2, z: true, n: null }]));
    for (const indent of [0, 2, '\t'.length]) expect(compare(JSON.stringify({ services }, null, indent))).toBe('fast');
  });

  it.each([
    ['a duplicate key', '{"services": {}, "services": {"a": {}}}'],
    ['-0', '{"x-a": -0}'],
    ['an integer past 2^53', '{"x-a": 12345678901234567890}'],
    ['a merge key', '{"x-a": {"<<": {"b": 1}}}'],
    ['__proto__', '{"__proto__": {"b": 1}}'],
    ['a key on another line than its colon', '{"x-a"\n: 1}'],
    ['an escaped lone surrogate', '{"x-a": "\\ud800"}'],
    ['a tab', '{\t"x-a": 1}'],
    ['a top-level list', '[1]'],
    ['a comment', '{"x-a": 1} # c'],
  ])('gives up on %s', (_, text) => {
    expect(parseJsonCompose(text, () => new Map())).toBeUndefined();
    expect(compare(text)).not.toBe('fast');
  });

  it('reads floats, escapes and unicode as the yaml package does', () => {
    expect(compare('{"x-a": [1.0, -0.0, 1e5, 2.5E-3, 0, 10, "\\n\\t\\"\\\\\\/\\u00e9", "é€😀", "", "  "]}')).toBe('fast');
  });

  it('agrees on every fixture project written out as JSON', () => {
    let fast = 0;
    for (const file of yamlFiles(join(ROOT, 'test', 'fixtures'))) {
      let docs: ParsedDocument[];
      try {
        docs = parseComposeYaml(file, readFileSync(file, 'utf8'));
      } catch {
        continue;
      }
      for (const doc of docs) for (const indent of [0, 2]) if (compare(JSON.stringify(doc.tree, null, indent)) === 'fast') fast++;
    }
    expect(fast).toBeGreaterThan(100);
  });

  it('agrees with the yaml package on random JSON documents', () => {
    let fast = 0;
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.constantFrom(0, 1, 2), (doc, indent) => {
      if (compare(JSON.stringify(doc, null, indent)) === 'fast') fast++;
    }), { numRuns: 400 });
    // Most random documents are read fast, so the comparison above is of something.
    expect(fast).toBeGreaterThan(200);
  });

  it('agrees with the yaml package on damaged JSON', () => {
    const base = JSON.stringify({ services: { a: { image: 'x', ports: [1, 2], environment: { A: '1' } } } }, null, 2);
    fc.assert(fc.property(fc.nat(base.length - 1), fc.constantFrom('', '"', ':', ',', '{', '}', '[', ']', '\n', ' ', '-0', '#', '&a', '*a', '!!str '), (at, insert) => {
      compare(base.slice(0, at) + insert + base.slice(at + 1));
    }), { numRuns: 400 });
  });
});
