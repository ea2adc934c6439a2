import { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OverlayRootfs, mountPoints } from '../../../../src/engine/rootfs/overlay.js';
import { RecordingRunner } from '../../../../src/host/command.js';
import type { MountCalls } from '../../../../src/engine/rootfs/overlay.js';

let dir = '';
let mountinfo = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tscte-ov-'));
  mountinfo = join(dir, 'mountinfo');
  writeFileSync(mountinfo, '22 1 0:21 / / rw - ext4 /dev/vda rw\n');
  for (const l of ['l0', 'l1', 'l2']) mkdirSync(join(dir, l));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('OverlayRootfs', () => {
  it('links the layers and mounts them top first with short relative options', async () => {
    const rec = new RecordingRunner();
    const ov = new OverlayRootfs(rec, mountinfo);
    const containerDir = join(dir, 'c');
    await ov.mount({ layerDirs: [join(dir, 'l0'), join(dir, 'l1'), join(dir, 'l2')], containerDir, target: join(dir, 'rootfs') });
    expect(rec.lines()).toEqual([`mount -t overlay overlay -o lowerdir=l/2:l/1:l/0,upperdir=upper,workdir=work ${join(dir, 'rootfs')}`]);
    expect(readlinkSync(join(containerDir, 'l', '0'))).toBe(join(dir, 'l0'));
  });

  it('does nothing when already mounted or already unmounted', async () => {
    const rec = new RecordingRunner();
    const ov = new OverlayRootfs(rec, mountinfo);
    const target = join(dir, 'my rootfs');
    await ov.unmount(target);
    writeFileSync(mountinfo, `22 1 0:21 / / rw - ext4 /dev/vda rw\n99 22 0:50 / ${target.replace(' ', '\\040')} rw - overlay overlay rw\n`);
    expect(ov.isMounted(target)).toBe(true);
    await ov.mount({ layerDirs: [join(dir, 'l0')], containerDir: join(dir, 'c'), target });
    expect(rec.lines()).toEqual([]);
  });

  it('mounts an image without layers over an empty lower dir', async () => {
    const rec = new RecordingRunner();
    await new OverlayRootfs(rec, mountinfo).mount({ layerDirs: [], containerDir: join(dir, 'c'), target: join(dir, 'r') });
    expect(rec.lines()[0]).toContain('lowerdir=empty,');
  });

  it('rejects a missing or relative layer before mounting', async () => {
    const ov = new OverlayRootfs(new RecordingRunner(), mountinfo);
    await expect(ov.mount({ layerDirs: [join(dir, 'gone')], containerDir: join(dir, 'c'), target: join(dir, 'r') })).rejects.toThrow(`layer directory ${join(dir, 'gone')} does not exist`);
    await expect(ov.mount({ layerDirs: ['l0'], containerDir: join(dir, 'c'), target: join(dir, 'r') })).rejects.toThrow('layer directory must be an absolute path: l0');
  });

  it('with the hostcalls addon, mounts with absolute options and unmounts in this process, detaching a busy mount', async () => {
    const calls: string[] = [];
    const busy = true;
    const host: MountCalls = {
      mount: (source, target, fstype, flags, data) => void calls.push(`mount ${source} ${target} ${fstype} ${flags} ${data}`),
      umount2: (target, flags) => {
        calls.push(`umount2 ${target} ${flags}`);
        if (flags === 0 && busy) throw Object.assign(new Error(`umount2 ${target}: Device or resource busy`), { code: 'EBUSY' });
        writeFileSync(mountinfo, '22 1 0:21 / / rw - ext4 /dev/vda rw\n');
      },
      umount2Async: async (target, flags) => host.umount2(target, flags),
    };
    const rec = new RecordingRunner();
    const ov = new OverlayRootfs(rec, mountinfo, host);
    const c = join(dir, 'c');
    const target = join(dir, 'rootfs');
    await ov.mount({ layerDirs: [join(dir, 'l0'), join(dir, 'l1')], containerDir: c, target });
    expect(calls).toEqual([`mount overlay ${target} overlay 0 lowerdir=${c}/l/1:${c}/l/0,upperdir=${c}/upper,workdir=${c}/work`]);
    writeFileSync(mountinfo, `22 1 0:21 / / rw - ext4 /dev/vda rw\n99 22 0:50 / ${target} rw - overlay overlay rw\n`);
    await ov.unmount(target);
    expect(calls.slice(1)).toEqual([`umount2 ${target} 0`, `umount2 ${target} 2`]);
    expect(rec.lines()).toEqual([]);
  });

  it('with the hostcalls addon, takes EINVAL and ENOENT from umount2 as already unmounted without reading mountinfo', async () => {
    for (const code of ['EINVAL', 'ENOENT']) {
      const calls: string[] = [];
      const host = {
        umount2Async: async (target: string) => {
          calls.push(`umount2 ${target}`);
          throw Object.assign(new Error(`umount2 ${target}: ${code}`), { code });
        },
      } as unknown as MountCalls;
      // A mountinfo that cannot be read proves the unmount did not need it.
      const ov = new OverlayRootfs(new RecordingRunner(), join(dir, 'no-mountinfo'), host);
      await ov.unmount(join(dir, 'r'));
      expect(calls).toEqual([`umount2 ${join(dir, 'r')}`]);
    }
  });

  it('with the hostcalls addon, reports an unmount that fails while the target stays mounted', async () => {
    const target = join(dir, 'r');
    writeFileSync(mountinfo, `22 1 0:21 / / rw - ext4 /dev/vda rw\n99 22 0:50 / ${target} rw - overlay overlay rw\n`);
    const fail = (flags: number) => Object.assign(new Error(`umount2 ${target} ${flags}: Operation not permitted`), { code: 'EPERM' });
    const host = {
      umount2Async: async (_t: string, flags: number) => { throw fail(flags); },
      umount2: (_t: string, flags: number) => { throw fail(flags); },
    } as unknown as MountCalls;
    await expect(new OverlayRootfs(new RecordingRunner(), mountinfo, host).unmount(target)).rejects.toThrow(`umount ${target}: umount2 ${target} 2: Operation not permitted`);
  });

  it('reads mount points with octal escapes undone', () => {
    expect(mountPoints('1 2 0:1 / /a\\040b rw - x y rw\n')).toEqual(['/a b']);
  });
});
