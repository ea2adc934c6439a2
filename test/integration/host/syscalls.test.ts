/**
 * The hostcalls addon on the real kernel: a tmpfs mounted and unmounted by
 * this process, the errors naming the call, the path and the errno, and a
 * busy mount detached. Skipped without root or without the addon.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountPoints } from '../../../src/engine/rootfs/overlay.js';
import { hostCalls, MNT_DETACH, MS_NODEV, MS_NOEXEC, MS_NOSUID } from '../../../src/host/syscalls.js';

const calls = hostCalls();
const skip = process.getuid?.() !== 0 ? 'needs root' : calls === undefined ? 'needs native/build/tscompose-hostcalls.node (Node headers)' : undefined;
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
});
