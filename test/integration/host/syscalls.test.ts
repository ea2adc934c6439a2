/**
 * The hostcalls addon on the real kernel: a tmpfs mounted and unmounted by
 * this process, the errors naming the call, the path and the errno, a busy
 * mount detached, trees removed in the thread pool (never through a mount
 * or a symlink), netlink requests in the thread pool, among them the
 * deletion of a bridge this test makes, and this process's file pages
 * paged out. Skipped without root or without the addon.
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountPoints } from '../../../src/engine/rootfs/overlay.js';
import { hostCalls, MNT_DETACH, MS_NODEV, MS_NOEXEC, MS_NOSUID, type HostCalls } from '../../../src/host/syscalls.js';
import { loadAddon, nativeBinary } from '../../../src/host/native.js';
import { openHostLinks } from '../../../src/network/rtnl/host-links.js';
import { message, RTM } from '../../../src/network/rtnl/encode.js';
import { splitMessages } from '../../../src/network/rtnl/pool-netlink.js';

const calls = hostCalls();
const skip = process.getuid?.() !== 0 ? 'needs root' : calls === undefined ? 'needs native/build/tscompose-hostcalls.node (Node headers)' : undefined;
/** The resident KiB of clean file pages (relocated ones are dirty copies) of the read-only mappings of `path`. */
function cleanKiB(path: string): number {
  let kib = 0;
  let counting = false;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head !== null) counting = head[2] === path && head[1]?.[1] !== 'w';
    else if (counting && /^(Private|Shared)_Clean:/.test(line)) kib += Number(/\d+/.exec(line)?.[0]);
  }
  return kib;
}
const mounted = (p: string): boolean => mountPoints(readFileSync('/proc/self/mountinfo', 'utf8')).includes(p);

let dir = '';
afterEach(() => {
  if (dir === '') return;
  for (const p of mountPoints(readFileSync('/proc/self/mountinfo', 'utf8')).filter((m) => m.startsWith(dir)).reverse()) calls?.umount2(p, MNT_DETACH);
  rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe.skipIf(skip !== undefined)(`hostcalls addon${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  it('mounts a tmpfs with flags and options, and unmounts it', () => {
    dir = mkdtempSync('/tmp/tsctr-hostcalls-');
    const target = join(dir, 'shm');
    mkdirSync(target);
    calls?.mount('shm', target, 'tmpfs', MS_NOSUID | MS_NODEV | MS_NOEXEC, 'mode=1777,size=65536');
    expect(mounted(target)).toBe(true);
    const line = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' ')[4] === target) ?? '';
    expect(line).toMatch(/nosuid,nodev,noexec/);
    expect(line).toContain('size=64k');
    calls?.umount2(target, 0);
    expect(mounted(target)).toBe(false);
  });

  it('throws with the call, the path, the reason and the errno name', () => {
    dir = mkdtempSync('/tmp/tsctr-hostcalls-');
    const missing = join(dir, 'missing');
    expect(() => calls?.umount2(missing, 0)).toThrow(`umount2 ${missing}: No such file or directory`);
    try {
      calls?.umount2(dir, 0);
    } catch (e) {
      expect((e as { code?: string }).code).toBe('EINVAL');
    }
    expect(() => calls?.mount('x', missing, 'tsctr-nofs', 0, '')).toThrow(`mount ${missing}:`);
  });

  it('unmounts in the thread pool, and rejects as umount2 throws', async () => {
    dir = mkdtempSync('/tmp/tsctr-hostcalls-');
    const target = join(dir, 'a');
    mkdirSync(target);
    calls?.mount('tmpfs', target, 'tmpfs', 0, 'size=65536');
    expect(mounted(target)).toBe(true);
    await calls?.umount2Async(target, 0);
    expect(mounted(target)).toBe(false);
    const err = await calls?.umount2Async(join(dir, 'missing'), 0).catch((e: Error & { code?: string; errno?: number }) => e);
    expect((err as Error).message).toBe(`umount2 ${join(dir, 'missing')}: No such file or directory`);
    expect((err as { code?: string }).code).toBe('ENOENT');
    expect((err as { errno?: number }).errno).toBe(2);
  });

  it('detaches a busy mount with MNT_DETACH', () => {
    dir = mkdtempSync('/tmp/tsctr-hostcalls-');
    const target = join(dir, 't');
    mkdirSync(target);
    calls?.mount('tmpfs', target, 'tmpfs', 0, 'size=65536');
    writeFileSync(join(target, 'f'), 'x');
    const cwd = process.cwd();
    process.chdir(target);
    try {
      expect(() => calls?.umount2(target, 0)).toThrow('Device or resource busy');
      calls?.umount2(target, MNT_DETACH);
      expect(mounted(target)).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('removes a tree in the thread pool: files, directories and symlinks (not what they point to); a missing path is removed already', async () => {
    dir = mkdtempSync('/tmp/tsctr-hostcalls-');
    const outside = join(dir, 'outside');
    writeFileSync(outside, 'keep');
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'a', 'b'), { recursive: true });
    writeFileSync(join(tree, 'a', 'b', 'f'), 'x');
    symlinkSync(outside, join(tree, 'a', 'link'));
    symlinkSync(dir, join(tree, 'dirlink'));
    await calls?.removeTreeAsync(tree);
    expect(existsSync(tree)).toBe(false);
    expect(readFileSync(outside, 'utf8')).toBe('keep');
    await calls?.removeTreeAsync(tree);
    await calls?.removeTreeAsync(outside);
    expect(existsSync(outside)).toBe(false);
  });

  it('refuses to remove through a mount: the directory holding it is named, and what is mounted stays', async () => {
    dir = mkdtempSync('/tmp/tsctr-hostcalls-');
    const tree = join(dir, 'tree');
    const mnt = join(tree, 'd', 'm');
    mkdirSync(mnt, { recursive: true });
    calls?.mount('tmpfs', mnt, 'tmpfs', 0, 'size=65536');
    writeFileSync(join(mnt, 'kept'), 'x');
    writeFileSync(join(tree, 'd', 'gone'), 'x');
    const err = await calls?.removeTreeAsync(tree).catch((e: Error & { code?: string }) => e);
    expect((err as Error).message).toBe(`remove ${join(tree, 'd')}: Directory not empty`);
    expect((err as { code?: string }).code).toBe('ENOTEMPTY');
    expect(readFileSync(join(mnt, 'kept'), 'utf8')).toBe('x');
    expect(existsSync(join(tree, 'd', 'gone'))).toBe(false);
    expect(lstatSync(mnt).isDirectory()).toBe(true);
  });

  it('asks the kernel in the thread pool: a link dump ends with NLMSG_DONE, a bad request comes back as its errno', async () => {
    const dump = splitMessages((await calls?.netlinkAsync(0, message(RTM.GETLINK, 0x300, Buffer.alloc(16)))) as Buffer);
    expect(dump.at(-1)?.type).toBe(3);
    expect(dump.filter((m) => m.type === RTM.NEWLINK).length).toBeGreaterThan(0);
    const name = Buffer.from('tsctrnone0\0');
    const attr = Buffer.alloc(4 + 12);
    attr.writeUInt16LE(4 + name.length, 0);
    attr.writeUInt16LE(3, 2);
    name.copy(attr, 4);
    const reply = splitMessages((await calls?.netlinkAsync(0, message(RTM.DELLINK, 0, Buffer.concat([Buffer.alloc(16), attr])))) as Buffer);
    expect(reply.map((m) => [m.type, m.data.readInt32LE(0)])).toEqual([[2, -19]]);
  });

  it('deletes a bridge through the thread pool, and says when there was none', async () => {
    const name = `tsctr${Math.random().toString(16).slice(2, 8)}nl`;
    const links = await openHostLinks();
    try {
      await links.createBridge({ name, mtu: 1500, mac: '02:42:ac:11:00:99' });
      expect((await links.getLink(name))?.kind).toBe('bridge');
      expect(await links.deleteLink(name)).toBe(true);
      expect(await links.getLink(name)).toBeUndefined();
      expect(await links.deleteLink(name)).toBe(false);
    } finally {
      await links.deleteLink(name).catch(() => undefined);
      links.close();
    }
  });
  it('pages out read-only file mappings that only this process maps', async () => {
    // A copy of the addon: pages no other process maps (the kernel keeps shared ones, such as node's own).
    dir = mkdtempSync('/tmp/tsctr-hostcalls-');
    const copy = join(dir, 'copy.node');
    copyFileSync(nativeBinary('tscompose-hostcalls.node') ?? '', copy);
    const again = loadAddon<HostCalls>(copy);
    expect(typeof again.releaseFilePagesAsync).toBe('function');
    const before = cleanKiB(copy);
    expect(before).toBeGreaterThan(0);
    expect(await calls?.releaseFilePagesAsync()).toBeGreaterThan(0);
    expect(cleanKiB(copy)).toBe(0);
    // Used again, the code faults back in from the file.
    expect(() => again.umount2(join(dir, 'not-mounted'), 0)).toThrow(/^umount2 .*not-mounted: /);
    expect(cleanKiB(copy)).toBeGreaterThan(0);
  });
});
