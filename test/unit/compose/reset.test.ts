import { describe, expect, it } from 'vitest';
import { parseComposeYaml } from '../../../src/compose/parse.js';
import { applyResets } from '../../../src/compose/reset.js';
import type { Mapping } from '../../../src/compose/tree.js';

function strip(yaml: string) {
  const [doc] = parseComposeYaml('/p/compose.yaml', yaml);
  if (doc === undefined) throw new Error('no document');
  return { tree: doc.tree, positions: doc.positions, resets: doc.tags.map((t) => t.path) };
}

describe('parsing cuts !reset nodes out and records the tags', () => {
  const cases: Array<{ name: string; yaml: string; tree: Mapping; resets: string[] }> = [
    {
      name: '!reset drops a mapping entry and records its path',
      yaml: 'services:\n  web:\n    image: a\n    ports: !reset []\n',
      tree: { services: { web: { image: 'a' } } },
      resets: ['services.web.ports'],
    },
    {
      name: '!override keeps the node and records its path',
      yaml: 'services:\n  web:\n    ports: !override ["80:80"]\n',
      tree: { services: { web: { ports: ['80:80'] } } },
      resets: ['services.web.ports'],
    },
    {
      name: '!reset on a sequence item drops only that item',
      yaml: 'services:\n  web:\n    dns: [a, !reset b, c]\n',
      tree: { services: { web: { dns: ['a', 'c'] } } },
      resets: ['services.web.dns.1'],
    },
    {
      name: 'a tag below a tagged node is not looked at',
      yaml: 'services:\n  web:\n    environment: !override\n      A: !reset x\n      B: y\n',
      tree: { services: { web: { environment: { A: 'x', B: 'y' } } } },
      resets: ['services.web.environment'],
    },
    {
      name: 'a null !reset value is dropped too',
      yaml: 'services:\n  web:\n    image: !reset\n    build: .\n',
      tree: { services: { web: { build: '.' } } },
      resets: ['services.web.image'],
    },
    {
      name: 'a !reset key next to a `<<` merge lets the merged value show through',
      yaml: 'x-base: &base\n  image: a\n  dns: [x]\nservices:\n  web:\n    <<: *base\n    dns: !reset []\n',
      tree: { 'x-base': { image: 'a', dns: ['x'] }, services: { web: { image: 'a', dns: ['x'] } } },
      resets: ['services.web.dns'],
    },
    {
      name: 'a !reset inside an anchor removes the value wherever the anchor is merged',
      yaml: 'x-base: &base\n  image: a\n  dns: !reset [x]\nservices:\n  web:\n    <<: *base\n',
      tree: { 'x-base': { image: 'a' }, services: { web: { image: 'a' } } },
      resets: ['x-base.dns'],
    },
    {
      name: 'an !override inside an anchor is recorded where the anchor is merged',
      yaml: 'x-base: &base\n  dns: !override [x]\nservices:\n  web:\n    <<: *base\n    image: a\n',
      tree: { 'x-base': { dns: ['x'] }, services: { web: { dns: ['x'], image: 'a' } } },
      resets: ['x-base.dns', 'services.web.dns'],
    },
    {
      name: 'a tagged anchor is recorded at every alias',
      yaml: 'x-dns: &dns !override [x]\nservices:\n  web:\n    dns: *dns\n',
      tree: { 'x-dns': ['x'], services: { web: { dns: ['x'] } } },
      resets: ['x-dns', 'services.web.dns'],
    },
    {
      name: 'no tags: the document as parsed',
      yaml: 'services:\n  web:\n    image: a\n',
      tree: { services: { web: { image: 'a' } } },
      resets: [],
    },
  ];
  it.each(cases)('$name', ({ yaml, tree, resets }) => {
    const out = strip(yaml);
    expect(out.tree).toEqual(tree);
    expect(out.resets.map((p) => p.join('.'))).toEqual(resets);
  });

  it('moves the positions of the sequence items after a dropped one', () => {
    const out = strip('services:\n  web:\n    dns:\n      - a\n      - !reset b\n      - c\n');
    expect(out.positions.lookup('services.web.dns.1')).toMatchObject({ line: 6, col: 9 });
    expect(out.positions.lookup('services.web.dns.0')).toMatchObject({ line: 4, col: 9 });
  });
});

describe('applyResets', () => {
  const model: Mapping = {
    services: { web: { image: 'a', ports: ['80'], dns: ['x', 'y'] }, db: { image: 'pg' } },
  };
  const cases: Array<{ name: string; paths: Array<Array<string | number>>; expected: Mapping }> = [
    {
      name: 'deletes the key at a recorded path',
      paths: [['services', 'web', 'ports']],
      expected: { services: { web: { image: 'a', dns: ['x', 'y'] }, db: { image: 'pg' } } },
    },
    {
      name: 'a path through a sequence never matches, as in compose',
      paths: [['services', 'web', 'dns', 1]],
      expected: model,
    },
    {
      name: 'a path the model does not have changes nothing',
      paths: [['services', 'api', 'image']],
      expected: model,
    },
    {
      name: 'a whole service can be cleared',
      paths: [['services', 'db']],
      expected: { services: { web: { image: 'a', ports: ['80'], dns: ['x', 'y'] } } },
    },
  ];
  it.each(cases)('$name', ({ paths, expected }) => {
    expect(applyResets(model, paths)).toEqual(expected);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(model);
    applyResets(model, [['services', 'web', 'image']]);
    expect(model).toEqual(copy);
  });
});
