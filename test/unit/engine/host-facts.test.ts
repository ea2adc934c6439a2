import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { containerResolvConf } from '../../../src/engine/etc-files.js';
import { hostBoundingCaps, readInRoot, rlimitCeiling } from '../../../src/engine/host-facts.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('host facts', () => {
  it('reads the bounding set (this host lacks CAP_SYS_RESOURCE)', () => {
    const caps = hostBoundingCaps('Name:\tx\nCapBnd:\t000001fffeffffff\n');
    expect(caps).toHaveLength(40);
    expect(caps).not.toContain('CAP_SYS_RESOURCE');
  });

  it('reads hard limits from /proc/self/limits', () => {
    const limits = [
      'Limit                     Soft Limit           Hard Limit           Units',
      'Max open files            1024                 20000                files',
      'Max locked memory         8388608              8388608              bytes',
      'Max core file size        0                    unlimited            bytes',
    ].join('\n');
    expect(rlimitCeiling(limits)).toEqual({ RLIMIT_NOFILE: 20000, RLIMIT_MEMLOCK: 8388608 });
  });

  it('reads a rootfs file through symlinks without leaving the rootfs', () => {
    dir = mkdtempSync(join(tmpdir(), 'tscte-root-'));
    mkdirSync(join(dir, 'usr', 'etc'), { recursive: true });
    writeFileSync(join(dir, 'usr', 'etc', 'passwd'), 'inside\n');
    symlinkSync('/usr/etc', join(dir, 'etc'));
    expect(readInRoot(dir, '/etc/passwd')).toBe('inside\n');
    rmSync(join(dir, 'etc'));
    // An absolute link to the host's /etc must resolve inside the rootfs, where there is none.
    symlinkSync('/etc/hostname', join(dir, 'hostname'));
    expect(readInRoot(dir, '/hostname')).toBeUndefined();
    symlinkSync('../../../../usr/etc/passwd', join(dir, 'up'));
    expect(readInRoot(dir, '/up')).toBe('inside\n');
  });
});

describe('resolv.conf', () => {
  it('drops loopback name servers a container cannot reach, falling back to Docker’s public ones', () => {
    expect(containerResolvConf('nameserver 127.0.0.53\noptions edns0\n', false)).toBe('options edns0\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n');
    expect(containerResolvConf('search lan\nnameserver 10.0.0.1\nnameserver ::1\n', false)).toBe('search lan\nnameserver 10.0.0.1\n');
    expect(containerResolvConf('nameserver 127.0.0.53\n', true)).toBe('nameserver 127.0.0.53\n');
  });
});
