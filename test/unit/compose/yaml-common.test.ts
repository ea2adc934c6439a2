/**
 * The common-YAML reader (yaml-common.ts) must give exactly what the yaml
 * package path gives (tree with its key order, every position in the same
 * order, no tags) or give up; and where the yaml package reports an error,
 * it must give up. Checked on the whole fixture corpus, on hand-picked
 * cases, and on random documents and random damage to them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseComposeYaml } from '../../../src/compose/parse.js';
import { parseCommonYaml } from '../../../src/compose/yaml-common.js';
import { compareReaders, described, yamlFiles, type Outcome } from '../../support/compose/reader-parity.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Compares both readers on `text`; what happened, or throws a readable mismatch. */
function compare(text: string): Outcome {
  return compareReaders('/p/compose.yaml', text, parseCommonYaml('/p/compose.yaml', text), 'fast reader');
}

describe('the common-YAML reader', () => {
  // Reads every fixture twice; the machine is shared, and this is not about speed.
  it('reads the corpus as the yaml package does, and most of it by itself', { timeout: 60_000 }, () => {
    const counts: Record<Outcome, number> = { fast: 0, left: 0, error: 0 };
    for (const file of [...yamlFiles(join(ROOT, 'test', 'fixtures')), ...yamlFiles(join(ROOT, 'examples'))]) {
      counts[compare(readFileSync(file, 'utf8'))]++;
    }
    // Anchors, tags, block scalars and several documents are the yaml package's: a few dozen files.
    expect(counts.fast).toBeGreaterThan(300);
    expect(counts.fast / (counts.fast + counts.left)).toBeGreaterThan(0.85);
  });

  const taken = [
    'services:\n  web:\n    image: nginx\n',
    '# leading comment\n\nservices:   # trailing\n  web:\n    image: "ngi\\u00e9nx"\n\n    ports:\n    - "80:80"\n    -  8080\n',
    'a:\n  b: 1\n    # a deeper comment\n  c: 2\n',
    "a: 'it''s'\nb: \"tab\\there\"\nc: ''\nd: \"\"\ne: x:y\nf: http://h/#x\ng: a#b\n",
    'a: [1, "2", \'3\', [x, y], {k: v, "q": 1}, {}, []]\nb: {}\nc: []\n',
    'a: [./data:/data, no-new-privileges:true]\n',
    'n: ~\nm: null\nb: True\nf: FALSE\ni: 0440\nj: 1_000\nk: 0x1F\nl: -0\nfl: 1.50\ne: 1e3\ninf: -.inf\nnan: .NaN\nbig: 123456789012345678901\ns: 09\ny: yes\n',
    'a:\n- x: 1\n  y: 2\n-   z: 3\n    w: [4]\n- plain\n',
    'a:\nb:\n  c:\nd: 1\n',
    'a  : 1\n"b" : 2\n\'c\': 3\n"": 4\n',
    'x:\n  "1": one\n  "10": ten\n  "2": two\n  b: b\n',
    'a: é ü 中文 😀\n',
    'a: 1',
  ];
  it.each(taken)('takes %j itself, with the same result', (text) => {
    expect(compare(text)).toBe('fast');
  });

  const left = [
    'a: &x 1\nb: *x\n', 'a: !reset []\n', 'a: |\n  text\n', 'a: >-\n  text\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n',
    'a: x\n  continued\n', 'a: "multi\n  line"\n', 'a:\n\tb: 1\n', 'a: 1\r\nb: 2\r\n', 'a: 1\nb: 2\na: 3\n', '<<: {a: 1}\n',
    '1: x\n', 'true: x\n', '? complex\n: key\n', '- a\n', 'scalar\n', '', '# only a comment\n', '  a: 1\n', 'a: [1,\n  2]\n',
    'a: [1, 2, ]\n', 'a: b: c\n', 'a: "x"#c\n', 'a:\n  - b\n  c: d\n', 'a:\n  b: 1\n c: 2\n', '__proto__: x\n', 'a:\n  -\n    b: 1\n',
    'a: "\\q"\n', 'a: [-]\n', 'a: [-, b]\n', 'a: @x\n', 'a: %x\n', '\ufeffa: 1\n', 'a: {b}\n', '%YAML 1.2\n---\na: 1\n', 'a: 0b_\n', '[a]: 1\n',
  ];
  it.each(left)('leaves %j to the yaml package', (text) => {
    expect(compare(text)).not.toBe('fast');
  });

  it('is what parseComposeYaml uses when it can', () => {
    const text = 'services:\n  web:\n    image: nginx\n';
    expect(described(parseComposeYaml('/p/compose.yaml', text)[0]!)).toBe(described(parseCommonYaml('/p/compose.yaml', text)!));
  });
});

// Random documents: the yaml package's own output for random trees, and hand-made layouts.
const scalarText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[-+.0-9a-fxoA-FeEnulTrsi_~:#'" ]{1,8}$/),
  fc.constantFrom('~', 'null', 'True', 'no', '0o17', '0x_1', '.5', '1.', '-', ':', 'a: b', 'a #b', "'", '"', '[x]', '{y}', '* z', '&w', '!t', '| p', '> q', '%', '@', '`'),
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalarText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(scalarText, tie('node'), { maxKeys: 4 }),
})).node;
const topLevel = fc.dictionary(scalarText, tree, { minKeys: 1, maxKeys: 4 });

const plainish = fc.stringMatching(/^[a-z0-9./$][a-z0-9._:/@$-]{0,9}$/).filter((s) => !s.endsWith(':'));
const keyText = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,8}$/);
const quoted = plainish.map((s) => `"${s}"`);
const atom = fc.oneof(plainish, quoted, plainish.map((s) => `'${s}'`), fc.constantFrom('[a, "b", 1]', '{x: 1, y: [z]}', '[]', '{}', '~', '# c'));
/** Hand-made layouts: indentation widths, compact and indented lists, comments, blank lines. */
const layout = fc.letrec((tie) => ({
  map: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.uniqueArray(fc.tuple(keyText, fc.oneof(atom, tie('map'), tie('seq'))), { minLength: 1, maxLength: 4, selector: ([k]) => k })),
  seq: fc.tuple(fc.boolean(), fc.array(fc.oneof(atom, tie('map')), { minLength: 1, maxLength: 3 })),
})).map;

type Layout = [number, Array<[string, unknown]>];
function render(node: Layout, indent: number): string {
  const [width, entries] = node;
  const pad = ' '.repeat(indent);
  return entries.map(([key, value]) => {
    if (typeof value === 'string') return `${pad}${key}: ${value}\n`;
    if (Array.isArray(value) && typeof value[0] === 'boolean') {
      const [compact, items] = value as [boolean, unknown[]];
      const at = compact ? indent : indent + width;
      const lines = items.map((item) => (typeof item === 'string' ? `${' '.repeat(at)}- ${item}\n` : `${' '.repeat(at)}- ${render(item as Layout, at + 2).trimStart()}`));
      return `${pad}${key}:\n${lines.join('')}`;
    }
    return `${pad}${key}:  # note\n\n${render(value as Layout, indent + width)}`;
  }).join('');
}

// Generous timeouts: the runs are many and the machine is shared; none of this is about speed.
describe('the common-YAML reader on random input', { timeout: 60_000 }, () => {
  it('agrees with the yaml package on random trees it printed', () => {
    let fast = 0;
    fc.assert(fc.property(topLevel, (t) => void (compare(stringify(t)) === 'fast' && fast++)), { numRuns: 400 });
    expect(fast).toBeGreaterThan(100);
  });

  it('agrees on random layouts, and takes most of them', () => {
    let fast = 0;
    fc.assert(fc.property(layout, (l) => void (compare(render(l as Layout, 0)) === 'fast' && fast++)), { numRuns: 400 });
    expect(fast).toBeGreaterThan(250);
  });

  it('gives up wherever random damage makes the yaml package object', () => {
    const damage = fc.tuple(fc.nat(), fc.constantFrom('\n', ' ', '  ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '!x ', '|', '>', '?', '\\', 'é', '\t'));
    fc.assert(fc.property(layout, fc.array(damage, { minLength: 1, maxLength: 3 }), (l, cuts) => {
      let text = render(l as Layout, 0);
      for (const [at, piece] of cuts) {
        const i = at % (text.length + 1);
        text = at % 3 === 0 ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + piece + text.slice(i);
      }
      compare(text);
    }), { numRuns: 1000 });
  });
});
