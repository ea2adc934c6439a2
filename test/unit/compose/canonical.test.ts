import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { canonicalize } from '../../../src/compose/canonical.js';
import { ComposeError } from '../../../src/errors.js';
import type { Mapping } from '../../../src/compose/tree.js';

// Short syntax (YAML) -> long syntax, as compose-go v2.4.8 transform.Canonical
// leaves it; checked against `docker compose config` where it prints it.

function svc(yaml: string): unknown {
  const model = canonicalize({ services: { a: parse(yaml) as Mapping } });
  return (model.services as Mapping).a;
}

function top(yaml: string, warn: (m: string) => void = () => {}): Mapping {
  return canonicalize(parse(yaml) as Mapping, { warn });
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof ComposeError) return e.detail;
    throw e;
  }
  return 'no error';
}

describe('service keys', () => {
  it.each<[string, string, unknown]>([
    ['build string', 'build: ./db', { build: { context: './db' } }],
    ['build mapping', 'build: {dockerfile: D}', { build: { dockerfile: 'D' } }],
    ['build secrets', 'build: {secrets: [s1, {source: s2, target: t}]}', { build: { secrets: [{ source: 's1' }, { source: 's2', target: 't' }] } }],
    ['additional_contexts list', 'build: {additional_contexts: ["foo=../bar", "a=b=c", "d="]}', { build: { additional_contexts: { foo: '../bar', a: 'b=c', d: '' } } }],
    ['ssh list', 'build: {ssh: [default, "key=~/.ssh/id"]}', { build: { ssh: { default: null, key: '~/.ssh/id' } } }],
    ['build ulimits', 'build: {ulimits: {nofile: 10}}', { build: { ulimits: { nofile: 10 } } }],
    ['ulimits', 'ulimits: {nproc: 65535, nofile: {soft: 1, hard: 2}}', { ulimits: { nproc: 65535, nofile: { soft: 1, hard: 2 } } }],
    ['env_file string', 'env_file: .env.x', { env_file: [{ path: '.env.x', required: true }] }],
    ['env_file list', 'env_file: [a.env, {path: b.env, required: false}, {path: c.env, format: raw}]', {
      env_file: [{ path: 'a.env', required: true }, { path: 'b.env', required: false }, { path: 'c.env', format: 'raw', required: true }],
    }],
    ['label_file string', 'label_file: l.txt', { label_file: ['l.txt'] }],
    ['dns string', 'dns: 8.8.8.8', { dns: ['8.8.8.8'] }],
    ['dns empties dropped', 'dns: ["", "1.1.1.1", null]', { dns: ['1.1.1.1'] }],
    ['dns_search untouched', 'dns_search: ""', { dns_search: '' }],
    ['depends_on list', 'depends_on: [db, cache]', {
      depends_on: { db: { condition: 'service_started', required: true }, cache: { condition: 'service_started', required: true } },
    }],
    ['depends_on mapping', 'depends_on: {db: {condition: service_healthy}, c: {required: false, restart: true}}', {
      depends_on: { db: { condition: 'service_healthy', required: true }, c: { condition: 'service_started', required: false, restart: true } },
    }],
    ['networks list', 'networks: [front, back]', { networks: { front: null, back: null } }],
    ['networks mapping', 'networks: {front: {aliases: [x]}, back: null}', { networks: { front: { aliases: ['x'] }, back: null } }],
    ['gpus all', 'gpus: all', { gpus: [{ count: 'all' }] }],
    ['gpus list', 'gpus: [{driver: nvidia}, {count: 2}]', { gpus: [{ driver: 'nvidia' }, { count: 2 }] }],
    ['extends string', 'extends: web', { extends: { service: 'web' } }],
    ['extends mapping', 'extends: {service: web, file: b.yaml}', { extends: { service: 'web', file: 'b.yaml' } }],
    ['secrets', 'secrets: [s1, {source: s2, target: custom}]', { secrets: [{ source: 's1' }, { source: 's2', target: 'custom' }] }],
    ['configs', 'configs: [c1]', { configs: [{ source: 'c1' }] }],
    ['devices', 'devices: [/dev/sda, "/dev/sdb:/dev/xvdb", "/dev/sdc:/dev/xvdc:r", "/a::", {source: /a, target: /b}]', {
      devices: [
        { source: '/dev/sda', target: '/dev/sda', permissions: 'rwm' },
        { source: '/dev/sdb', target: '/dev/xvdb', permissions: 'rwm' },
        { source: '/dev/sdc', target: '/dev/xvdc', permissions: 'r' },
        { source: '/a', target: '/a', permissions: '' },
        { source: '/a', target: '/b' },
      ],
    }],
    ['untouched keys', 'image: x\ncommand: []\nx-foo: {ports: "80"}', { image: 'x', command: [], 'x-foo': { ports: '80' } }],
  ])('%s', (_name, yaml, expected) => {
    expect(svc(yaml)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['devices: ["/a:/b:rw:x"]', 'confusing device mapping, please use long syntax: /a:/b:rw:x'],
    ['build: {additional_contexts: [foo]}', 'services.a.build.additional_contexts: invalid value foo, expected key=value'],
    ['build: {ssh: [bad]}', 'invalid ssh key "bad"'],
    ['build: {ssh: [1]}', 'invalid ssh key type int'],
    ['build: 3', 'services.a.build: invalid type int for build'],
    ['depends_on: {b: null}', 'services.a.depends_on.b: unsupported value map[b:<nil>]'],
    ['depends_on: db', 'services.a.depends_on: invalid type string for depend_on'],
    ['env_file: {path: a}', 'services.a.env_file: invalid type map[string]interface {} for env_file'],
    ['ulimits: {nofile: "10"}', 'services.a.ulimits.nofile: invalid type string for external'],
    ['gpus: 1', 'services.a.gpus: invalid type int for gpus'],
    ['extends: [a]', 'services.a.extends: invalid type []interface {} for extends'],
    ['secrets: [1]', 'services.a.secrets.[]: unsupported type int'],
    ['volumes: [true]', 'services.a.volumes.[]: invalid type bool for service volume mount'],
  ])('%s is rejected', (yaml, message) => {
    expect(errorOf(() => svc(yaml))).toBe(message);
  });

  it('does not modify its input', () => {
    const input = { services: { a: { ports: ['80'], depends_on: { b: {} } } } };
    const copy = structuredClone(input);
    canonicalize(input);
    expect(input).toEqual(copy);
  });

  it('accepts its own output', () => {
    const once = top('services:\n  a:\n    build: .\n    ports: ["80-81"]\n    volumes: ["./a:/b"]\n    depends_on: [b]\n    env_file: x');
    expect(canonicalize(once)).toEqual(once);
  });
});

describe('top-level resources', () => {
  it('turns legacy external.name into name and warns', () => {
    const warnings: string[] = [];
    const model = top('networks:\n  front:\n    external:\n      name: realfront\nvolumes:\n  v: {external: true}\n  w:', (m) => warnings.push(m));
    expect(model.networks).toEqual({ front: { external: true, name: 'realfront' } });
    expect(model.volumes).toEqual({ v: { external: true }, w: null });
    expect(warnings).toEqual(['networks.front: external.name is deprecated. Please set name and external: true']);
  });

  it('accepts external.name equal to name', () => {
    expect(top('volumes:\n  v: {external: {name: a}, name: a}').volumes).toEqual({ v: { external: true, name: 'a' } });
  });

  it('makes external: {} plain true', () => {
    expect(top('secrets:\n  s: {external: {}}').secrets).toEqual({ s: { external: true } });
  });

  it('rejects external.name different from name', () => {
    expect(errorOf(() => top('volumes:\n  v: {external: {name: a}, name: b}'))).toBe('volumes.v: name and external.name conflict; only use name');
  });

  it('turns include strings into mappings', () => {
    expect(top('include: [a.yaml, {path: b.yaml}]').include).toEqual([{ path: 'a.yaml' }, { path: 'b.yaml' }]);
    expect(errorOf(() => top('include: [1]'))).toBe('include.[]: invalid type int for external');
  });
});
