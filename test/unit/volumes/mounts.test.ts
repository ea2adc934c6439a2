import { chownSync, chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostRunner } from '../../../src/host/command.js';
import { copyUp, resolveInRoot } from '../../../src/volumes/copy-up.js';
import { bindMount, tmpfsMount, volumeMount } from '../../../src/volumes/mounts.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsctu-mnt-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('bindMount', () => {
  const ctx = { service: 'web', key: 'services.web.volumes.1' };

  it('creates a missing source directory when create_host_path allows', () => {
    const source = join(root, 'a', 'b');
    expect(bindMount({ ...ctx, source, target: '/srv', createHostPath: true, readOnly: true })).toEqual({
      type: 'bind', source, target: '/srv', options: ['rbind', 'ro', 'rprivate'], sourceKind: 'dir',
    });
    expect(statSync(source).isDirectory()).toBe(true);
  });

  it('names the service and the key when the source is missing and may not be created', () => {
    expect(() => bindMount({ ...ctx, source: join(root, 'nope'), target: '/x', createHostPath: false })).toThrow(
      `service "web": services.web.volumes.1: bind source path does not exist: ${join(root, 'nope')}`,
    );
  });

  it('binds a file onto a file, with the propagation asked for', () => {
    const f = join(root, 'nginx.conf');
    writeFileSync(f, 'x');
    expect(bindMount({ ...ctx, source: f, target: '/etc/nginx/nginx.conf', createHostPath: true, propagation: 'rshared' })).toMatchObject({
      options: ['rbind', 'rw', 'rshared'], sourceKind: 'file',
    });
    expect(() => bindMount({ ...ctx, source: f, target: '/x', createHostPath: true, propagation: 'sideways' })).toThrow('invalid propagation mode: sideways');
  });
});

describe('tmpfsMount', () => {
  it('turns size and mode into mount options as the engine does, after its default flags', () => {
    expect(tmpfsMount({ target: '/t', sizeBytes: 10 * 1024 * 1024, mode: 0o755 }).options).toEqual(['noexec', 'nosuid', 'nodev', 'rprivate', 'mode=755', 'size=10m']);
    expect(tmpfsMount({ target: '/t', sizeBytes: 1500 }).options.at(-1)).toBe('size=1500');
    expect(tmpfsMount({ target: '/t', sizeBytes: 3 * 2 ** 30 }).options.at(-1)).toBe('size=3g');
  });

  it('lets later options win (exec over noexec, one size)', () => {
    expect(tmpfsMount({ target: '/tmp', sizeBytes: 1024, raw: 'size=64m,mode=1777,exec' }).options).toEqual(['nosuid', 'nodev', 'rprivate', 'size=64m', 'mode=1777', 'exec']);
    expect(tmpfsMount({ target: '/r', readOnly: true }).options).toContain('ro');
  });
});

describe('resolveInRoot', () => {
  it('follows symlinks inside the root and never above it', () => {
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(root, 'real', 'data'), { recursive: true });
    symlinkSync('/real/data', join(root, 'abs'));
    symlinkSync('../../../../etc', join(root, 'real', 'up'));
    expect(resolveInRoot(root, '/abs')).toBe(join(root, 'real', 'data'));
    expect(resolveInRoot(root, '/real/up')).toBe(join(root, 'etc'));
    expect(resolveInRoot(root, '/../../etc')).toBe(join(root, 'etc'));
    expect(resolveInRoot(root, '/missing/x')).toBeUndefined();
    symlinkSync('loop', join(root, 'loop'));
    expect(resolveInRoot(root, '/loop')).toBeUndefined();
  });

  it('a subpath of a volume must exist', () => {
    expect(() => volumeMount({ service: 's', key: 'services.s.volumes.0', mountpoint: root, target: '/d', subpath: 'sub' })).toThrow('subpath sub does not exist in the volume');
  });
});

describe('copyUp with the real cp', () => {
  it('copies content, modes, symlinks and (as root) owners, and the root directory`s own owner and mode', async () => {
    const rootfs = join(root, 'rootfs');
    const src = join(rootfs, 'data');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'sub', 'f'), 'hello');
    chmodSync(join(src, 'sub', 'f'), 0o600);
    chmodSync(src, 0o701);
    symlinkSync('/etc/passwd', join(src, 'link'));
    const isRoot = process.getuid?.() === 0;
    if (isRoot) chownSync(src, 123, 456);
    const vol = join(root, 'vol');
    mkdirSync(vol);
    expect(await copyUp(hostRunner, vol, rootfs, '/data')).toBe('copied');
    expect(readFileSync(join(vol, 'sub', 'f'), 'utf8')).toBe('hello');
    expect(statSync(join(vol, 'sub', 'f')).mode & 0o777).toBe(0o600);
    expect(statSync(vol).mode & 0o777).toBe(0o701);
    expect(lstatSync(join(vol, 'link')).isSymbolicLink()).toBe(true);
    if (isRoot) expect([statSync(vol).uid, statSync(vol).gid]).toEqual([123, 456]);
  });
});
