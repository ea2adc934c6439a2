import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingRunner } from '../../../src/host/command.js';
import { LocalVolumeDriver } from '../../../src/volumes/local-driver.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsctu-vol-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const driver = (runner = new RecordingRunner(), mountinfo = () => '') =>
  new LocalVolumeDriver(root, { runner, now: () => new Date('2024-05-06T07:08:09.123Z'), mountinfo });

describe('LocalVolumeDriver', () => {
  it('creates a volume as a data directory with a versioned record, as docker volume inspect shows it', async () => {
    const d = driver();
    const v = await d.create({ name: 'p_data', labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.volume': 'data' } });
    expect(v).toEqual({
      version: 1, name: 'p_data', driver: 'local', driverOpts: {}, labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.volume': 'data' },
      createdAt: '2024-05-06T07:08:09Z', anonymous: false, mountpoint: join(root, 'p_data', '_data'), scope: 'local', project: 'p',
    });
    expect(existsSync(v.mountpoint)).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'p_data', 'volume.json'), 'utf8')).version).toBe(1);
    expect((await d.list()).map((x) => x.name)).toEqual(['p_data']);
    await expect(d.create({ name: 'p_data' })).rejects.toThrow('volume p_data already exists');
    expect((await d.ensure({ name: 'p_data' })).createdAt).toBe('2024-05-06T07:08:09Z');
  });

  it('names anonymous volumes with 64 hex digits and labels them', async () => {
    const v = await driver().create({ name: '', anonymous: true });
    expect(v.name).toMatch(/^[0-9a-f]{64}$/);
    expect(v.labels).toEqual({ 'com.docker.volume.anonymous': '' });
  });

  it('checks names and options as the engine does', async () => {
    const d = driver();
    await expect(d.create({ name: 'a' })).rejects.toThrow('create a: volume name is too short, names should be at least two alphanumeric characters');
    await expect(d.create({ name: '../x' })).rejects.toThrow('includes invalid characters for a local volume name');
    await expect(d.create({ name: 'ok', driverOpts: { foo: 'x' } })).rejects.toThrow('invalid option: "foo"');
    await expect(d.create({ name: 'ok', driverOpts: { type: 'tmpfs' } })).rejects.toThrow('missing required option: "device"');
    await expect(d.create({ name: 'ok', driver: 'nfs-plugin' })).rejects.toThrow('plugin "nfs-plugin" not found');
    expect(await d.inspect('../etc')).toBeUndefined();
  });

  it('mounts driver_opts with mount(8) on first use and unmounts on removal', async () => {
    const runner = new RecordingRunner();
    let mounted = '';
    const d = driver(runner, () => mounted);
    const v = await d.create({ name: 'tmp', driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,uid=1000' } });
    await d.mount('tmp');
    mounted = `36 25 0:32 / ${v.mountpoint} rw,relatime shared:1 - tmpfs tmpfs rw\n`;
    await d.mount('tmp');
    expect(await d.remove('tmp')).toBe('removed');
    expect(runner.lines()).toEqual([`mount -t tmpfs -o size=1m,uid=1000 tmpfs ${v.mountpoint}`, `umount ${v.mountpoint}`]);
    expect(await d.remove('tmp')).toBe('missing');
    expect(existsSync(join(root, 'tmp'))).toBe(false);
  });

  it('a plain volume needs no mount', async () => {
    const runner = new RecordingRunner();
    const d = driver(runner);
    await d.create({ name: 'plain' });
    expect(await d.mount('plain')).toBe(join(root, 'plain', '_data'));
    await d.remove('plain');
    expect(runner.calls).toEqual([]);
    await expect(d.mount('plain')).rejects.toThrow('get plain: no such volume');
  });

  it('copies up only into an empty volume, from the path inside the root filesystem', async () => {
    const runner = new RecordingRunner();
    const d = driver(runner);
    const rootfs = join(root, 'rootfs');
    mkdirSync(join(rootfs, 'var', 'lib', 'db'), { recursive: true });
    const v = await d.create({ name: 'db' });
    expect(await d.copyUp('db', rootfs, '/var/lib/db')).toBe('copied');
    expect(runner.lines()).toEqual([`cp -a -- ${rootfs}/var/lib/db/. ${v.mountpoint}/`]);
    expect(await d.copyUp('db', rootfs, '/nowhere')).toBe('no-source');
    writeFileSync(join(v.mountpoint, 'PG_VERSION'), '16');
    expect(await d.copyUp('db', rootfs, '/var/lib/db')).toBe('not-empty');
  });
});
