import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expandUser, goClean, goJoin, isWindowsAbs } from '../../../src/compose/canonical-gopath.js';
import { isComposeRemoteResource, resolveRelativePaths } from '../../../src/compose/paths.js';
import type { Mapping } from '../../../src/compose/tree.js';

// Results as `docker compose config` (2.26.1) printed them with the project in /p and HOME=/home/u.
const WD = '/p';
const HOME = '/home/u';

function resolved(yaml: string): Mapping {
  return resolveRelativePaths(parse(yaml) as Mapping, WD, HOME);
}

function service(yaml: string): Mapping {
  return (resolved(`services:\n  a:\n${yaml.replace(/^/gm, '    ')}`).services as Mapping).a as Mapping;
}

describe('relative paths (compose-go paths.ResolveRelativePaths)', () => {
  it.each<[string, string, unknown]>([
    ['context relative, cleaned', 'build: {context: ../ctx/./}', { context: '/ctx' }],
    ['context dot', 'build: {context: .}', { context: '/p' }],
    ['dockerfile untouched', 'build: {context: ., dockerfile: ../Dockerfile}', { context: '/p', dockerfile: '../Dockerfile' }],
    ['git context', 'build: {context: "https://github.com/x/y.git#main"}', { context: 'https://github.com/x/y.git#main' }],
    ['git@ context', 'build: {context: "git@github.com:x/y.git"}', { context: 'git@github.com:x/y.git' }],
    ['github.com context', 'build: {context: github.com/x/y}', { context: 'github.com/x/y' }],
    ['git:// context', 'build: {context: "git://x/y"}', { context: 'git://x/y' }],
    ['additional contexts', 'build: {context: /abs, additional_contexts: {a: ~/x, b: /abs/../y, e: "http://foo/bar", f: ./rel/, g: "", h: "service:b", i: "docker-image://alpine"}}', {
      context: '/abs',
      additional_contexts: { a: '/home/u/x', b: '/abs/../y', e: 'http://foo/bar', f: '/p/rel', g: '', h: 'service:b', i: 'docker-image://alpine' },
    }],
    ['ssh keys', 'build: {context: /c, ssh: {k: rel/x, k2: ~/y, k3: /z/../w, default: null}}', {
      context: '/c', ssh: { k: '/p/rel/x', k2: '/home/u/y', k3: '/z/../w', default: null },
    }],
  ])('build: %s', (_name, yaml, expected) => {
    expect(service(yaml).build).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['{type: bind, source: /a/../b, target: /x}', '/a/../b'],
    ['{type: bind, source: ./a/../b, target: /y}', '/p/b'],
    ['{type: bind, source: rel, target: /z}', '/p/rel'],
    ['{type: bind, source: "~/cache", target: /c}', '/home/u/cache'],
    ['{type: bind, source: "~user/x", target: /c}', '/home/u/user/x'],
    ['{type: bind, source: "~", target: /h}', '/home/u'],
    ['{type: bind, source: "C:\\\\x", target: /w}', 'C:\\x'],
    ['{type: bind, source: "c:/a", target: /w}', 'c:/a'],
    ['{type: bind, source: "\\\\\\\\.\\\\pipe\\\\docker", target: /w}', '/p/\\\\.\\pipe\\docker'],
    ['{type: bind, source: "\\\\\\\\server\\\\share\\\\dir", target: /w}', '\\\\server\\share\\dir'],
    ['{type: bind, source: "", target: /e}', '/p'],
    ['{type: volume, source: vol, target: /v}', 'vol'],
  ])('volume %s', (volume, source) => {
    expect((service(`volumes: [${volume}]`).volumes as Mapping[])[0]?.source).toBe(source);
  });

  it('requires a source for a bind mount', () => {
    expect(() => service('volumes: [{type: bind, target: /x}]')).toThrow('invalid mount config for type "bind": field Source must not be empty');
  });

  it.each<[string, unknown]>([
    ['env_file: [{path: a.env, required: true}, {path: /abs.env, required: false}]', [{ path: '/p/a.env', required: true }, { path: '/abs.env', required: false }]],
    ['label_file: [l.txt, ~/l2]', ['/p/l.txt', '/home/u/l2']],
    ['extends: {service: b, file: ../base.yaml}', { service: 'b', file: '/base.yaml' }],
    ['extends: {service: b, file: "oci://registry/x:1"}', { service: 'b', file: 'oci://registry/x:1' }],
    ['develop: {watch: [{path: ./src, action: sync}]}', { watch: [{ path: '/p/src', action: 'sync' }] }],
  ])('%s', (yaml, expected) => {
    const svc = service(yaml);
    expect(svc[Object.keys(svc)[0] as string]).toEqual(expected);
  });

  it('resolves secret and config files', () => {
    const model = resolved('secrets:\n  s: {file: ./s.txt}\n  t: {file: ~/t.txt}\n  u: {file: /a/../b}\n  e: {external: true}\nconfigs:\n  c: {file: c.txt}');
    expect(model.secrets).toEqual({ s: { file: '/p/s.txt' }, t: { file: '/home/u/t.txt' }, u: { file: '/a/../b' }, e: { external: true } });
    expect(model.configs).toEqual({ c: { file: '/p/c.txt' } });
  });

  it('resolves the device of a local bind volume only', () => {
    const model = resolved([
      'volumes:',
      '  a: {driver: local, driver_opts: {o: bind, device: ./data, type: none}}',
      '  b: {driver: local, driver_opts: {o: addr=1, device: ./data}}',
      '  c: {driver: other, driver_opts: {o: bind, device: ./data}}',
      '  d:',
    ].join('\n'));
    expect(model.volumes).toEqual({
      a: { driver: 'local', driver_opts: { o: 'bind', device: '/p/data', type: 'none' } },
      b: { driver: 'local', driver_opts: { o: 'addr=1', device: './data' } },
      c: { driver: 'other', driver_opts: { o: 'bind', device: './data' } },
      d: null,
    });
  });

  it('leaves `~` alone without a home directory', () => {
    expect((resolveRelativePaths({ secrets: { s: { file: '~/x' } } }, WD, '').secrets as Mapping).s).toEqual({ file: '/p/~/x' });
  });

  it('does not modify its input', () => {
    const input = parse('services: {a: {build: {context: .}, volumes: [{type: bind, source: ., target: /x}]}}') as Mapping;
    const copy = structuredClone(input);
    resolveRelativePaths(input, WD, HOME);
    expect(input).toEqual(copy);
  });
});

describe('Go path helpers', () => {
  it.each([
    ['', '.'], ['.', '.'], ['/', '/'], ['//a//b/', '/a/b'], ['a/./b/..', 'a'], ['../../x', '../../x'],
    ['/../x', '/x'], ['a/../..', '..'], ['/b/./c/../', '/b'], ['C:\\b', 'C:\\b'],
  ])('goClean(%j) = %j', (input, expected) => {
    expect(goClean(input)).toBe(expected);
  });

  it('joins like filepath.Join', () => {
    expect(goJoin('/p', '')).toBe('/p');
    expect(goJoin('', '')).toBe('');
    expect(goJoin('/p', '../x/')).toBe('/x');
    expect(goJoin('/p', '/abs')).toBe('/p/abs');
  });

  it.each([
    ['C:\\x', true], ['c:/x', true], ['C:', false], ['C:x', false], ['\\\\server\\share', false],
    ['\\\\server\\share\\x', true], ['\\\\.\\pipe\\x', false], ['//server/share/x', true], ['/x', false], ['x', false],
  ])('isWindowsAbs(%j) = %s', (input, expected) => {
    expect(isWindowsAbs(input)).toBe(expected);
  });

  it('expands ~ with the home directory', () => {
    expect(expandUser('~/a', '/h')).toBe('/h/a');
    expect(expandUser('a~', '/h')).toBe('a~');
  });

  it.each([
    ['oci://reg/x', true], ['git@github.com:x/y.git', true], ['https://github.com/x/y.git', true],
    ['https://github.com/x/y.git#main:dir', true], ['https://example.com/x.yaml', false], ['github.com/x/y', true],
    ['../base.yaml', false], ['base.yaml', false], ['dir/base.git', true],
  ])('isComposeRemoteResource(%j) = %s', (input, expected) => {
    expect(isComposeRemoteResource(input)).toBe(expected);
  });
});
