/**
 * A file tree as comparable text: type, mode, owner, size, content hash,
 * link target, device numbers and xattrs of every path, so two unpackings
 * of one image can be compared line by line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listXattrs } from '../../../src/images/layer/fsops.js';

export interface TreeOptions {
  /** Compare file mtimes too (directory times differ between unpackers). */
  mtimes?: boolean;
}

export async function describeTree(root: string, opts: TreeOptions = {}): Promise<string[]> {
  const attrs = await listXattrs(root);
  const lines: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(rel === '' ? root : join(root, rel)).sort()) {
      const p = rel === '' ? name : `${rel}/${name}`;
      const abs = join(root, p);
      const st = lstatSync(abs);
      const kind = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : st.isCharacterDevice() ? 'chr' : st.isBlockDevice() ? 'blk' : st.isFIFO() ? 'fifo' : 'other';
      let extra = '';
      if (st.isFile()) extra = `${st.size} ${createHash('sha256').update(readFileSync(abs)).digest('hex').slice(0, 16)} nlink=${st.nlink}`;
      if (st.isSymbolicLink()) extra = `-> ${readlinkSync(abs)}`;
      if (st.isCharacterDevice() || st.isBlockDevice()) extra = `rdev=${st.rdev}`;
      if (opts.mtimes === true && !st.isDirectory() && !(st.isCharacterDevice() && st.rdev === 0)) extra += ` mtime=${Math.floor(st.mtimeMs / 1000)}`;
      const x = [...(attrs.get(p) ?? [])].map(([k, v]) => `${k}=${v.toString('hex')}`).join(',');
      lines.push(`${p} ${kind} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid} ${extra}${x === '' ? '' : ` xattrs[${x}]`}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk('');
  return lines;
}

/** Runs fn with the layers mounted read-only as one overlayfs (lowest first), and unmounts. */
export async function withOverlay<T>(layerDirs: readonly string[], fn: (merged: string) => Promise<T>): Promise<T> {
  const mnt = mkdtempSync(join(tmpdir(), 'tscti-merged-'));
  const lower = [...layerDirs].reverse().join(':');
  execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower}`, mnt]);
  try {
    return await fn(mnt);
  } finally {
    spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  }
}

export function toolMissing(...tools: string[]): string | undefined {
  for (const t of tools) if (spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0) return `${t} is not installed`;
  return undefined;
}
