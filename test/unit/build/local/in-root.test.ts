/**
 * Paths inside a root filesystem resolved as chroot would: symlinks, even
 * absolute ones and `..` chains, never lead out of the root.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lstatInRoot, resolveInRoot, statInRoot } from '../../../../src/build/local/in-root.js';

describe('resolveInRoot', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync('/tmp/tsctb-inroot-');
    mkdirSync(join(root, 'usr/lib'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/libc.so'), 'libc');
    symlinkSync('/usr/lib', join(root, 'lib'));
    symlinkSync('../../../../../etc', join(root, 'usr/escape'));
    symlinkSync('/etc/passwd', join(root, 'passwd-link'));
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('follows absolute links from the root, not from the host', () => {
    expect(resolveInRoot(root, '/lib/libc.so')).toBe(`${root}/usr/lib/libc.so`);
    expect(resolveInRoot(root, '/passwd-link')).toBe(`${root}/etc/passwd`);
    expect(statInRoot(root, '/passwd-link')).toBeUndefined();
  });

  it('clamps .. at the root', () => {
    expect(resolveInRoot(root, '/usr/escape/shadow')).toBe(`${root}/etc/shadow`);
    expect(resolveInRoot(root, '../../../etc')).toBe(`${root}/etc`);
    expect(resolveInRoot(root, '/')).toBe(root);
  });

  it('leaves the last component alone when asked', () => {
    expect(resolveInRoot(root, '/lib', false)).toBe(`${root}/lib`);
    expect(lstatInRoot(root, '/lib')?.isSymbolicLink()).toBe(true);
    expect(statInRoot(root, '/lib')?.isDirectory()).toBe(true);
  });

  it('keeps missing components as they are (where a new file goes)', () => {
    expect(resolveInRoot(root, '/lib/new/file')).toBe(`${root}/usr/lib/new/file`);
  });

  it('stops a symlink loop with an error', () => {
    expect(() => resolveInRoot(root, '/loop-a/x')).toThrow(/too many levels of symbolic links/);
  });
});
