/**
 * The applier against malicious layers: each is refused with a message
 * naming the entry, and nothing is written outside the layer directory.
 */
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLayer } from '../../../src/images/layer/apply-layer.js';
import { openImageStore } from '../../../src/images/store/store.js';
import { chunked, tarOf, type TestEntry } from '../../support/images/layer-builder.js';

let work: string;
let root: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tscti-apply-'));
  root = join(work, 'layer');
  mkdirSync(root);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const apply = (entries: TestEntry[]) => applyLayer(chunked(tarOf(entries)), root, 'test');

describe('malicious layers', () => {
  const outside = () => join(work, 'escaped');
  const cases: Array<[string, TestEntry[], RegExp]> = [
    ['a ../ path', [{ name: '../escaped', type: 'file', body: 'x' }], /goes up with \.\./],
    ['a deeper ../ path', [{ name: 'a/../../escaped', type: 'file', body: 'x' }], /goes up with \.\./],
    ['an absolute path', [{ name: '/tmp/escaped', type: 'file', body: 'x' }], /absolute path/],
    ['a write through a symlink of the same layer', [{ name: 'etc', type: 'symlink', linkname: '..' }, { name: 'etc/escaped', type: 'file', body: 'x' }], /goes through the symlink etc/],
    ['a write through an absolute symlink', [{ name: 'etc', type: 'symlink', linkname: '/' }, { name: 'etc/passwd', type: 'file', body: 'x' }], /goes through the symlink etc/],
    ['a hardlink to outside', [{ name: 'h', type: 'link', linkname: '../escaped' }], /goes up with \.\./],
    ['a hardlink to an absolute path', [{ name: 'h', type: 'link', linkname: '/etc/passwd' }], /absolute path/],
    ['a hardlink through a symlink', [{ name: 's', type: 'symlink', linkname: '/etc' }, { name: 'h', type: 'link', linkname: 's/passwd' }], /not a file of this layer/],
    ['a hardlink to a directory', [{ name: 'd/', type: 'dir' }, { name: 'h', type: 'link', linkname: 'd' }], /not a file of this layer/],
  ];
  it.each(cases)('refuses %s', async (_, entries, message) => {
    await expect(apply(entries)).rejects.toThrow(message);
    expect(existsSync(outside())).toBe(false);
    expect(readdirSync(work)).toEqual(['layer']);
  });

  it('leaves no layer and no temp file in the store', async () => {
    const store = openImageStore(join(work, 'store'));
    await expect(store.importLayer(chunked(tarOf([{ name: 'x', type: 'symlink', linkname: '/' }, { name: 'x/y', type: 'file', body: 'z' }])))).rejects.toMatchObject({ code: 'E_BAD_LAYER' });
    expect(readdirSync(join(work, 'store', 'layers'))).toEqual([]);
    expect(readdirSync(join(work, 'store', 'tmp'))).toEqual([]);
    expect(readdirSync(join(work, 'store', 'blobs', 'sha256'))).toEqual([]);
  });
});

describe('well-formed layers', () => {
  it('keeps absolute symlinks, replaces earlier entries, creates missing parents', async () => {
    await apply([
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'a/b/c', type: 'file', body: 'first' },
      { name: 'a/b/c', type: 'file', body: 'second', mode: 0o600 },
      { name: 'dir/', type: 'dir', mode: 0o555 },
      { name: 'dir/f', type: 'file', body: 'in a read-only dir' },
    ]);
    expect(readlinkSync(join(root, 'bin/sh'))).toBe('/bin/busybox');
    expect(statSync(join(root, 'a/b/c')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(root, 'a')).mode & 0o777).toBe(0o755);
    expect(statSync(join(root, 'dir')).mode & 0o777).toBe(0o555);
    expect(statSync(join(root, 'dir/f')).size).toBe(18);
  });

  it('keeps directory mtimes after their children are written', async () => {
    await apply([{ name: 'd/', type: 'dir', mtime: 1_600_000_000 }, { name: 'd/f', type: 'file', body: 'x' }]);
    expect(Math.floor(statSync(join(root, 'd')).mtimeMs / 1000)).toBe(1_600_000_000);
  });

  // Small files go to the thread pool while the tar is read on: what needs one on disk waits for it.
  it('writes many small files and a large one whole, with their modes and mtimes, in one layer', async () => {
    const big = Buffer.alloc(3 << 20, 7);
    const small: TestEntry[] = Array.from({ length: 200 }, (_, i) => ({ name: `s/${i % 5}/f${i}`, type: 'file', body: `file ${i}`, mode: 0o640, mtime: 1_500_000_000 + i }));
    await apply([...small, { name: 'big', type: 'file', body: big, mode: 0o600 }]);
    for (const i of [0, 57, 199]) {
      const p = join(root, `s/${i % 5}/f${i}`);
      expect(readFileSync(p, 'utf8')).toBe(`file ${i}`);
      expect(statSync(p).mode & 0o777).toBe(0o640);
      expect(Math.floor(statSync(p).mtimeMs / 1000)).toBe(1_500_000_000 + i);
    }
    expect(readFileSync(join(root, 'big')).equals(big)).toBe(true);
    expect(readdirSync(join(root, 's/3')).length).toBe(40);
  });

  it('links to and replaces a file that was only just handed over', async () => {
    await apply([
      { name: 'a', type: 'file', body: 'first' },
      { name: 'h', type: 'link', linkname: 'a' },
      { name: 'b', type: 'file', body: 'old' },
      { name: 'b', type: 'file', body: 'new' },
      { name: 'd/x', type: 'file', body: 'gone' },
      { name: 'd', type: 'file', body: 'a file now' },
    ]);
    expect(statSync(join(root, 'h')).ino).toBe(statSync(join(root, 'a')).ino);
    expect(readFileSync(join(root, 'h'), 'utf8')).toBe('first');
    expect(readFileSync(join(root, 'b'), 'utf8')).toBe('new');
    expect(readFileSync(join(root, 'd'), 'utf8')).toBe('a file now');
  });

  it('fails with the write that failed, after every other write ended', async () => {
    // Something the layer did not make sits at a name: O_EXCL refuses to write through it.
    writeFileSync(join(root, 'taken'), 'not the layer`s');
    const entries: TestEntry[] = [{ name: 'taken', type: 'file', body: 'x' }, ...Array.from({ length: 50 }, (_, i): TestEntry => ({ name: `f${i}`, type: 'file', body: 'y' }))];
    await expect(apply(entries)).rejects.toMatchObject({ code: 'EEXIST' });
    const settled = readdirSync(root).length;
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(root).length).toBe(settled);
    expect(readFileSync(join(root, 'taken'), 'utf8')).toBe('not the layer`s');
  });

  const asRoot = process.getuid?.() === 0;
  it.skipIf(!asRoot)('owns each entry as the tar says, root:root too in a set-group-ID directory', async () => {
    // New files would inherit the directory's group: the applier must not take them as root:root already.
    chownSync(root, 0, 4321);
    chmodSync(root, 0o2755);
    await apply([
      { name: 'root-file', type: 'file', body: 'r' },
      { name: 'root-link', type: 'symlink', linkname: '/x' },
      { name: 'user-file', type: 'file', body: 'u', uid: 1000, gid: 1001 },
      { name: 'sub/f', type: 'file', body: 'in a dir the layer implied' },
    ]);
    const owner = (p: string) => { const s = lstatSync(join(root, p)); return [s.uid, s.gid]; };
    expect(owner('root-file')).toEqual([0, 0]);
    expect(owner('root-link')).toEqual([0, 0]);
    expect(owner('user-file')).toEqual([1000, 1001]);
    expect(owner('sub/f')).toEqual([0, 0]);
  });

  it.skipIf(!asRoot)('owns root:root entries as root:root in a plain directory', async () => {
    await apply([{ name: 'f', type: 'file', body: 'x' }, { name: 'd/g', type: 'file', body: 'y', uid: 7, gid: 8 }]);
    expect([statSync(join(root, 'f')).uid, statSync(join(root, 'f')).gid]).toEqual([0, 0]);
    expect([statSync(join(root, 'd/g')).uid, statSync(join(root, 'd/g')).gid]).toEqual([7, 8]);
  });
});
