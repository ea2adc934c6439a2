/**
 * The init layer of RUN containers: the mount points the runtime needs,
 * with the attributes of the same directories in the image, and nothing
 * where the image has a symlink or a file in the way.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeInitLayer } from '../../../../src/build/local/init-layer.js';

describe('makeInitLayer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync('/tmp/tsctb-init-');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes /proc, /sys, /dev and the /etc files, copying the image directory modes', () => {
    const l0 = join(dir, 'l0');
    mkdirSync(join(l0, 'etc'), { recursive: true });
    chmodSync(join(l0, 'etc'), 0o750);
    const init = makeInitLayer(join(dir, 'init'), [l0], [{ path: '/var/cache/apt', file: false }]);
    expect(readdirSync(init).sort()).toEqual(['dev', 'etc', 'proc', 'sys', 'var']);
    expect(readdirSync(join(init, 'etc')).sort()).toEqual(['hostname', 'hosts', 'resolv.conf']);
    expect(lstatSync(join(init, 'etc')).mode & 0o7777).toBe(0o750);
    expect(lstatSync(join(init, 'etc/hosts')).isFile()).toBe(true);
    expect(lstatSync(join(init, 'var/cache/apt')).isDirectory()).toBe(true);
  });

  it('leaves a path alone where the image has a symlink or a file on the way', () => {
    const l0 = join(dir, 'l0');
    mkdirSync(join(l0, 'run'), { recursive: true });
    mkdirSync(join(l0, 'var'));
    symlinkSync('/run', join(l0, 'var/run'));
    writeFileSync(join(l0, 'sys'), 'not a dir');
    const init = makeInitLayer(join(dir, 'init'), [l0], [{ path: '/var/run/x', file: false }]);
    expect(readdirSync(join(init, 'var'))).toEqual([]);
    expect(readdirSync(init)).not.toContain('sys');
  });

  it.skipIf(process.getuid?.() !== 0)('a whiteout in a higher layer hides what is below', () => {
    const l0 = join(dir, 'l0');
    const l1 = join(dir, 'l1');
    // A directory where a file is wanted is left alone, unless a whiteout above removed it.
    mkdirSync(join(l0, 'etc/hosts'), { recursive: true });
    expect(readdirSync(join(makeInitLayer(join(dir, 'init0'), [l0], []), 'etc'))).not.toContain('hosts');
    mkdirSync(join(l1, 'etc'), { recursive: true });
    execFileSync('mknod', [join(l1, 'etc/hosts'), 'c', '0', '0']);
    const init = makeInitLayer(join(dir, 'init'), [l0, l1], []);
    expect(lstatSync(join(init, 'etc/hosts')).isFile()).toBe(true);
  });
});
