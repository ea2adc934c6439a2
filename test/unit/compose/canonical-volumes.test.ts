import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/compose/canonical.js';
import { parseVolumeSpec } from '../../../src/compose/canonical-volumes.js';
import { ComposeError } from '../../../src/errors.js';
import type { Mapping } from '../../../src/compose/tree.js';

// Expected results: `docker compose config --format json` (2.26.1) before path
// resolution, and compose-go v2.4.8 format/volume_test.go.

function volumes(items: unknown[], ignoreParseErrors = false): unknown {
  const model = canonicalize({ services: { web: { image: 'x', volumes: items } } }, { ignoreParseErrors });
  return ((model.services as Mapping).web as Mapping).volumes;
}

function one(spec: string): unknown {
  return (volumes([spec]) as unknown[])[0];
}

const anon = (target: string): Mapping => ({ type: 'volume', target, volume: {} });
const bind = (source: string, target: string, extra: Mapping = {}, bindOpts: Mapping = {}): Mapping => ({
  type: 'bind', source, target, ...extra, bind: { ...bindOpts, create_host_path: true },
});
const named = (source: string, target: string, extra: Mapping = {}, volume: Mapping = {}): Mapping => ({
  type: 'volume', source, target, ...extra, volume,
});

describe('short volume syntax', () => {
  it.each<[string, Mapping]>([
    // Anonymous volumes.
    ['/data', anon('/data')],
    ['/path/foo', anon('/path/foo')],
    ['C:\\path', anon('C:\\path')],
    ['Z:\\path\\foo', anon('Z:\\path\\foo')],
    // A single letter before `:` is a drive, so `v:/x` is one anonymous target.
    ['a:b', anon('a:b')],
    ['é:/x', anon('é:/x')],
    ['/a/b/', anon('/a/b')],
    // One or two bytes: a target alone, without a volume block.
    ['/a', { type: 'volume', target: '/a' }],
    ['.', { type: 'volume', target: '.' }],
    ['ab', { type: 'volume', target: 'ab' }],
    ['D:', { type: 'volume', target: 'D:' }],
    ['é', { type: 'volume', target: 'é' }],
    ['éa', anon('éa')],
    // Binds.
    ['./src:/app:ro', bind('./src', '/app', { read_only: true })],
    ['.:/x', bind('.', '/x')],
    ['..:/x', bind('..', '/x')],
    ['~/thing:/target', bind('~/thing', '/target')],
    ['~:/h', bind('~', '/h')],
    ['/home/user:/target', bind('/home/user', '/target')],
    ['./a:/b:ro,z', bind('./a', '/b', { read_only: true }, { selinux: 'z' })],
    ['/source:/target:ro,Z', bind('/source', '/target', { read_only: true }, { selinux: 'Z' })],
    ['/source:/target:slave', bind('/source', '/target', {}, { propagation: 'slave' })],
    ['./a:/b:slave,rprivate', bind('./a', '/b', {}, { propagation: 'rprivate' })],
    ['/host:/ctr:rw,rshared,Z', bind('/host', '/ctr', {}, { selinux: 'Z', propagation: 'rshared' })],
    ['./a:/b:delegated', bind('./a', '/b')],
    ['./a:/b:nocopy', { ...bind('./a', '/b'), volume: { nocopy: true } }],
    ['./x:/y/../z/', bind('./x', '/z')],
    ['/a:/b/./c/../', bind('/a', '/b')],
    ['./a//b/:/c//d/', bind('./a//b/', '/c/d')],
    ['./a:b', bind('./a', 'b')],
    ['C:\\data:/win', bind('C:\\data', '/win')],
    ['c:/a:/b:ro', bind('c:/a', '/b', { read_only: true })],
    ['C:\\source\\foo:D:\\target:ro,rprivate', bind('C:\\source\\foo', 'D:\\target', { read_only: true }, { propagation: 'rprivate' })],
    ['D:\\path:d:\\target', bind('D:\\path', 'd:\\target')],
    ['\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\inside', bind('\\\\.\\pipe\\docker_engine', '\\\\.\\pipe\\inside')],
    ['a::b', bind('a:', 'b')],
    // Options after a drive-like `c:` are swallowed.
    ['/a:/b:c:d', bind('/a', '/b')],
    // Named volumes.
    ['myvol:/var/lib:nocopy', named('myvol', '/var/lib', {}, { nocopy: true })],
    ['vol:/b:rw,nocopy', named('vol', '/b', {}, { nocopy: true })],
    ['vol:/data:ro,nocopy', named('vol', '/data', { read_only: true }, { nocopy: true })],
    ['vol:/b:private', { type: 'volume', source: 'vol', target: '/b', bind: { propagation: 'private' }, volume: {} }],
    ['vol:/b:z,ro', { type: 'volume', source: 'vol', target: '/b', read_only: true, bind: { selinux: 'z' }, volume: {} }],
    ['vol:/x:rw,ro', named('vol', '/x', { read_only: true })],
    ['vol:/x:ro,rw', named('vol', '/x')],
    ['vol:/x:/y', named('vol', '/x')],
    ['vol:relative', named('vol', 'relative')],
    ['name:/target:bogus', named('name', '/target')],
    ['name:D:', named('name', 'D:')],
    ['vol:/', named('vol', '/')],
  ])('%s', (spec, expected) => {
    expect(one(spec)).toEqual(expected);
  });

  it.each([
    ['', 'invalid empty volume spec'],
    [':/b', 'invalid spec: :/b: empty section between colons'],
    [':foo', 'invalid spec: :foo: empty section between colons'],
    ['/a:', 'invalid spec: /a:: empty section between colons'],
    ['/foo::ro', 'invalid spec: /foo::ro: empty section between colons'],
    ['vol:/data:', 'invalid spec: vol:/data:: empty section between colons'],
    ['/foo:/foo:ro:foo', 'invalid spec: /foo:/foo:ro:foo: too many colons'],
    ['vol:/x:ro:z', 'invalid spec: vol:/x:ro:z: too many colons'],
  ])('%j is rejected', (spec, message) => {
    let error: unknown;
    try {
      volumes(['/ok', spec]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComposeError);
    expect((error as ComposeError).detail).toBe(message);
    expect((error as ComposeError).location.path).toBe('services.web.volumes.1');
  });

  it('keeps long syntax as written', () => {
    const long = { type: 'bind', source: './rel', target: '/x/../y' };
    expect(volumes([long])).toEqual([long]);
  });

  it('rejects other types', () => {
    expect(() => volumes([42])).toThrow('services.web.volumes.[]: invalid type int for service volume mount');
  });

  it('keeps an unparsable spec when interpolation is off', () => {
    expect(volumes(['${A}::${B}'], true)).toEqual(['${A}::${B}']);
  });
});

describe('which side of the colon is the source (compose-go TestParseVolumeSplitCases)', () => {
  it.each<[string, boolean]>([
    ['C:\\foo:d:', true], [':C:\\foo:d:', false], ['/foo:/bar:ro', true], ['C:\\foo\\:/foo', true],
    ['d:\\', false], ['d:', false], ['d:\\path', false], ['d:\\path with space', false],
    ['d:\\pathandmode:rw', true], ['c:\\:d:\\', true], ['c:\\windows\\:d:', true],
    ['c:\\windows:d:\\s p a c e', true], ['c:\\windows:d:\\s p a c e:RW', true],
    ['c:\\program files:d:\\s p a c e i n h o s t d i r', true], ['0123456789name:d:', true],
    ['MiXeDcAsEnAmE:d:', true], ['name:D:', true], ['name:D::rW', true], ['name:D::RW', true],
    ['c:/:d:/forward/slashes/are/good/too', true], ['c:\\Windows', false], ['c:\\Program Files (x86)', false],
    ['.', false], ['..\\', false], ['c:\\:..\\', true], ['c:\\:d:\\:xyzzy', true], ['/tmp/x/y:/foo/x/y', true],
  ])('%s has a source: %s', (spec, hasSource) => {
    let parsed: Mapping = {};
    try {
      parsed = parseVolumeSpec(spec);
    } catch {
      // compose-go looks at the partial result; an error means no source here.
    }
    expect(typeof parsed.source === 'string' && parsed.source !== '').toBe(hasSource);
  });
});
