import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normalizeModel } from '../../../src/compose/normalize.js';
import type { Mapping } from '../../../src/compose/tree.js';

// Expectations from `docker compose -p x config --format json` (2.26.1).
const ENV = { FOO: 'foo', BAR: '', HOME: '/root' };

function normalized(yaml: string, env: Record<string, string> = ENV): Mapping {
  return normalizeModel({ name: 'x', ...(parse(yaml) as Mapping) }, env);
}

const started = (restart?: boolean): Mapping => ({ condition: 'service_started', ...(restart === undefined ? {} : { restart }), required: true });

describe('default network', () => {
  it.each<[string, string, unknown, unknown]>([
    ['joins default when no networks', 'services: {a: {image: x}}', { default: null }, { default: { name: 'x_default' } }],
    ['empty networks mean default', 'services: {a: {networks: {}}}', { default: null }, { default: { name: 'x_default' } }],
    ['explicit networks only', 'services: {a: {networks: {front: null}}}\nnetworks: {front: null}', { front: null }, { front: { name: 'x_front' } }],
    ['network_mode keeps networks away', 'services: {a: {network_mode: host}}', undefined, undefined],
    ['explicit default', 'services: {a: {networks: {default: {aliases: [y]}}}}', { default: { aliases: ['y'] } }, { default: { name: 'x_default' } }],
    ['declared default kept', 'services: {a: {}}\nnetworks: {default: {name: mine}}', { default: null }, { default: { name: 'mine' } }],
  ])('%s', (_name, yaml, serviceNetworks, networks) => {
    const model = normalized(yaml);
    expect(((model.services as Mapping).a as Mapping).networks).toEqual(serviceNetworks);
    expect(model.networks).toEqual(networks);
  });

  it('adds no default network when no service uses it', () => {
    const model = normalized('services: {a: {network_mode: host}, b: {networks: {n: null}}}\nnetworks: {n: null}');
    expect(model.networks).toEqual({ n: { name: 'x_n' } });
  });
});

describe('implicit dependencies', () => {
  it('adds links, service: namespaces and volumes_from to depends_on', () => {
    const model = normalized([
      'services:',
      '  a:',
      '    links: [b, "c:alias"]',
      '    network_mode: "service:b"',
      '    volumes_from: [c, "d:ro", "container:zz", f]',
      '    ipc: service:d',
      '    pid: service:d',
      '    uts: service:e',
      '    cgroup: host',
      '    depends_on: {e: {condition: service_healthy, required: true}}',
    ].join('\n'));
    expect(((model.services as Mapping).a as Mapping).depends_on).toEqual({
      e: { condition: 'service_healthy', required: true },
      b: started(true),
      c: started(true),
      d: started(true),
      f: started(false),
    });
  });

  it('keeps a link with two colons whole', () => {
    const model = normalized('services: {a: {links: ["b:c:d"]}}');
    expect(((model.services as Mapping).a as Mapping).depends_on).toEqual({ 'b:c:d': started(true) });
  });

  it('adds no depends_on when there is nothing to depend on', () => {
    expect('depends_on' in ((normalized('services: {a: {image: x}}').services as Mapping).a as Mapping)).toBe(false);
  });
});

describe('service fields', () => {
  it.each<[string, string, unknown]>([
    ['pull_policy', 'pull_policy: if_not_present', { pull_policy: 'missing' }],
    ['other pull_policy', 'pull_policy: always', { pull_policy: 'always' }],
    ['build defaults', 'build: {context: null}', { build: { context: '.', dockerfile: 'Dockerfile' } }],
    ['inline dockerfile', 'build: {context: ., dockerfile_inline: FROM x}', { build: { context: '.', dockerfile_inline: 'FROM x' } }],
    ['build args list', 'build: {context: ., dockerfile: D, args: [FOO, NOPE, BAR, Q=1, 3]}', { build: { context: '.', dockerfile: 'D', args: ['FOO=foo', 'BAR=', 'Q=1'] } }],
    ['build args map', 'build: {context: ., dockerfile: D, args: {FOO: null, NOPE: null, Q: "1"}}', { build: { context: '.', dockerfile: 'D', args: { FOO: 'foo', Q: '1' } } }],
    ['environment list', 'environment: [FOO, BAR, NOPE, Q=1]', { environment: ['FOO=foo', 'BAR=', 'NOPE', 'Q=1'] }],
    ['environment map', 'environment: {FOO: null, NOPE: null, X: ""}', { environment: { FOO: 'foo', NOPE: null, X: '' } }],
    ['volume targets', 'volumes: [{type: volume, target: /a/b/../c/}, {type: tmpfs, target: ""}]', { volumes: [{ type: 'volume', target: '/a/c' }, { type: 'tmpfs', target: '.' }] }],
  ])('%s', (_name, yaml, expected) => {
    const svc = ((normalized(`services:\n  a:\n    network_mode: none\n    ${yaml}`).services as Mapping).a as Mapping);
    const { network_mode: _mode, ...rest } = svc;
    expect(rest).toEqual(expected);
  });
});

describe('resource names', () => {
  it('names resources after the project unless named or external', () => {
    const model = normalized([
      'volumes: {v1: null, v2: {external: true}, v3: {name: custom}, v4: {external: "true"}, v5: {external: false}}',
      'secrets: {s: {file: ./x}}',
      'configs: {c: {external: true, name: real}}',
    ].join('\n'));
    expect(model.volumes).toEqual({
      v1: { name: 'x_v1' }, v2: { external: true, name: 'v2' }, v3: { name: 'custom' }, v4: { external: 'true', name: 'v4' }, v5: { external: false, name: 'x_v5' },
    });
    expect(model.secrets).toEqual({ s: { file: './x', name: 'x_s' } });
    expect(model.configs).toEqual({ c: { external: true, name: 'real' } });
  });

  it('does not modify its input', () => {
    const input = parse('name: x\nservices: {a: {links: [b], volumes: [{target: /a/}]}}\nvolumes: {v: null}') as Mapping;
    const copy = structuredClone(input);
    normalizeModel(input, ENV);
    expect(input).toEqual(copy);
  });
});
