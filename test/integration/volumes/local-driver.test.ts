import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostRunner } from '../../../src/host/command.js';
import { isMountPoint } from '../../../src/volumes/local-opts.js';
import { createVolumeDriver } from '../../../src/volumes/index.js';

const isRoot = process.getuid?.() === 0;
const root = mkdtempSync(join(tmpdir(), 'tsctu-voli-'));
const driver = createVolumeDriver(root, hostRunner);

afterAll(async () => {
  // Whatever a failed test left mounted goes first, so the leak check stays clean.
  for (const v of await driver.list()) await driver.remove(v.name);
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('local driver_opts with mount(8) (root)', () => {
  it('mounts a tmpfs volume on first use, keeps it mounted, unmounts it on removal', async () => {
    const v = await driver.create({ name: `tsctu-tmp-${process.pid}`, driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,mode=0700' } });
    expect(isMountPoint(v.mountpoint)).toBe(false);
    await driver.mount(v.name);
    await driver.mount(v.name);
    expect(isMountPoint(v.mountpoint)).toBe(true);
    const line = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' ')[4] === v.mountpoint) ?? '';
    expect(line).toMatch(/ - tmpfs tmpfs rw,.*size=1024k,mode=700/);
    expect(await driver.remove(v.name)).toBe('removed');
    expect(isMountPoint(v.mountpoint)).toBe(false);
  });

  it('binds a host directory given as device with o=bind', async () => {
    const host = join(root, 'host-dir');
    mkdirSync(host);
    writeFileSync(join(host, 'seen'), 'yes');
    const v = await driver.create({ name: `tsctu-bind-${process.pid}`, driverOpts: { type: 'none', o: 'bind', device: host } });
    const dir = await driver.mount(v.name);
    expect(readFileSync(join(dir, 'seen'), 'utf8')).toBe('yes');
    await driver.remove(v.name);
    expect(readFileSync(join(host, 'seen'), 'utf8')).toBe('yes');
  });

  it('reports mount(8) failing, naming the command', async () => {
    const v = await driver.create({ name: `tsctu-bad-${process.pid}`, driverOpts: { type: 'none', o: 'bind', device: join(root, 'absent') } });
    await expect(driver.mount(v.name)).rejects.toThrow(/Command failed with exit code \d+: mount -t none -o bind .*absent/);
    expect(await driver.remove(v.name)).toBe('removed');
  });
});
