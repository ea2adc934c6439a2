/**
 * Unpacks one layer tar into an empty directory that overlayfs can use as a
 * lower layer: whiteouts become 0/0 character devices, opaque markers the
 * trusted.overlay.opaque xattr (containers/storage's conversion). Node writes
 * files, directories, symlinks and hardlinks; tscompose-fsops does what Node
 * cannot (device nodes, fifos, whiteouts, xattrs).
 *
 * Safety: the directory starts empty and only this code writes into it, so
 * an in-memory map of what the layer created is the truth about the tree.
 * Every entry's parents must be directories of that map: an absolute name,
 * `..`, a parent that is a symlink (even one planted earlier in the same
 * layer) or a hardlink to anything the layer did not create is refused.
 */
import { lchownSync, linkSync, lutimesSync, mkdirSync, rmSync, statSync, symlinkSync, chmodSync, utimesSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { readTar, TarFormatError } from '../tar/reader.js';
import type { TarEntry } from '../tar/header.js';
import { BadLayerError } from '../errors.js';
import { FileWriter, WHOLE_FILE_BYTES, type FileMeta } from './file-writer.js';
import { specialOps, FsopsError, type SpecialOps } from './fsops.js';
import { ancestors, baseOf, checkEntryPath, OPAQUE_MARKER, parentOf, WHITEOUT_PREFIX } from './safe-path.js';

type Kind = 'dir' | 'file' | 'symlink' | 'special' | 'whiteout';

export interface ApplyResult {
  /** Bytes of regular file content, as docker counts an image's size. */
  size: number;
}

interface State {
  root: string;
  layer: string;
  kinds: Map<string, Kind>;
  dirs: Array<{ rel: string; entry: TarEntry }>;
  ops: SpecialOps;
  files: FileWriter;
  asRoot: boolean;
  /** What this process creates is already root:root, so 0:0 entries need no chown (most of a distro layer). */
  createsRootOwned: boolean;
  size: number;
}

export async function applyLayer(tar: AsyncIterable<Uint8Array>, root: string, layer: string): Promise<ApplyResult> {
  const asRoot = process.getuid?.() === 0;
  const st: State = { root, layer, kinds: new Map([['', 'dir']]), dirs: [], ops: specialOps(root), files: new FileWriter(), asRoot, createsRootOwned: asRoot && createsRootOwned(root), size: 0 };
  try {
    for await (const { entry, body } of readTar(tar)) await applyEntry(st, entry, body);
    await st.files.drain();
  } catch (e) {
    // Nothing may still write into the directory once the caller removes it.
    await st.files.settle();
    await st.ops.close().catch(() => undefined);
    throw asLayerError(e, layer);
  }
  await st.ops.close();
  finishDirs(st);
  return { size: st.size };
}

/**
 * New files get the process's fsgid unless a set-group-ID directory hands
 * down its group; directories made here inherit that bit only from a root
 * that has it (their own modes are set after the last file, finishDirs).
 */
function createsRootOwned(root: string): boolean {
  const s = statSync(root);
  return process.geteuid?.() === 0 && process.getegid?.() === 0 && ((s.mode & 0o2000) === 0 || s.gid === 0);
}

function needsChown(st: State, e: TarEntry): boolean {
  return st.asRoot && !(st.createsRootOwned && e.uid === 0 && e.gid === 0);
}

function asLayerError(e: unknown, layer: string): unknown {
  if (e instanceof TarFormatError) return new BadLayerError(layer, e.message, { cause: e });
  if (e instanceof FsopsError) return new BadLayerError(layer, e.message, { cause: e });
  return e;
}

function reject(st: State, name: string, why: string): never {
  throw new BadLayerError(st.layer, `entry ${JSON.stringify(name)} ${why}`);
}

async function applyEntry(st: State, e: TarEntry, body: AsyncIterable<Buffer>): Promise<void> {
  const checked = checkEntryPath(e.name);
  if (!checked.ok) reject(st, e.name, checked.why);
  const rel = checked.rel;
  if (rel === '') return; // the layer root's own entry: the store decides its mode
  const base = baseOf(rel);
  if (base.startsWith(WHITEOUT_PREFIX)) return whiteout(st, e, rel, base);
  ensureParents(st, e.name, rel);
  if (e.type === 'dir' && st.kinds.get(rel) === 'dir') {
    st.dirs.push({ rel, entry: e });
    return;
  }
  if (st.kinds.has(rel)) {
    await st.files.drain();
    replaceExisting(st, rel);
  }
  await create(st, e, rel, body);
  if (e.xattrs.size > 0) await xattrs(st, e, rel);
}

/** Directories a layer names only through their children are created 0755 root:root, as docker does. */
function ensureParents(st: State, name: string, rel: string): void {
  for (const dir of ancestors(rel)) {
    const kind = st.kinds.get(dir);
    if (kind === 'dir') continue;
    if (kind === 'symlink') reject(st, name, `goes through the symlink ${dir} the layer created`);
    if (kind !== undefined) reject(st, name, `has a parent ${dir} that is not a directory`);
    mkdirSync(join(st.root, dir), 0o755);
    st.kinds.set(dir, 'dir');
  }
}

/** A later entry of the same name replaces an earlier one, as tar does. */
function replaceExisting(st: State, rel: string): void {
  rmSync(join(st.root, rel), { recursive: true, force: true });
  const prefix = `${rel}/`;
  for (const k of [...st.kinds.keys()]) if (k === rel || k.startsWith(prefix)) st.kinds.delete(k);
  st.dirs = st.dirs.filter((d) => d.rel !== rel && !d.rel.startsWith(prefix));
}

async function create(st: State, e: TarEntry, rel: string, body: AsyncIterable<Buffer>): Promise<void> {
  const abs = join(st.root, rel);
  switch (e.type) {
    case 'dir':
      mkdirSync(abs, 0o700);
      if (st.asRoot) chownSync(abs, e.uid, e.gid);
      st.dirs.push({ rel, entry: e });
      st.kinds.set(rel, 'dir');
      return;
    case 'file':
      await writeFile(st, abs, e, body);
      st.kinds.set(rel, 'file');
      return;
    case 'symlink':
      symlinkSync(e.linkname, abs);
      if (needsChown(st, e)) lchownSync(abs, e.uid, e.gid);
      lutimesSync(abs, e.mtime, e.mtime);
      st.kinds.set(rel, 'symlink');
      return;
    case 'link':
      // The target may be a file still being written.
      await st.files.drain();
      return hardlink(st, e, rel, abs);
    case 'char':
    case 'block':
    case 'fifo': {
      const kind = e.type === 'char' ? 'c' : e.type === 'block' ? 'b' : 'p';
      await st.ops.mknod(rel, kind, e.mode, e.devmajor, e.devminor, e.uid, e.gid, e.mtime);
      st.kinds.set(rel, 'special');
      return;
    }
  }
}

async function writeFile(st: State, abs: string, e: TarEntry, body: AsyncIterable<Buffer>): Promise<void> {
  const meta: FileMeta = { mode: e.mode, mtime: e.mtime, ...(needsChown(st, e) ? { owner: { uid: e.uid, gid: e.gid } } : {}) };
  st.size += e.size;
  // A file with xattrs must be on disk when they are set next; a large one is not held in memory whole.
  if (e.xattrs.size > 0 || e.size > WHOLE_FILE_BYTES) return st.files.streamed(abs, body, meta);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  await st.files.whole(abs, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), meta);
}

function hardlink(st: State, e: TarEntry, rel: string, abs: string): void {
  const target = checkEntryPath(e.linkname);
  if (!target.ok) reject(st, e.name, `links to ${JSON.stringify(e.linkname)}, which ${target.why}`);
  const kind = st.kinds.get(target.rel);
  if (kind === undefined || kind === 'dir' || kind === 'whiteout') {
    reject(st, e.name, `is a hardlink to ${JSON.stringify(e.linkname)}, which is not a file of this layer`);
  }
  linkSync(join(st.root, target.rel), abs);
  st.kinds.set(rel, kind === 'symlink' ? 'symlink' : kind);
}

async function whiteout(st: State, e: TarEntry, rel: string, base: string): Promise<void> {
  const dir = parentOf(rel);
  ensureParents(st, e.name, rel);
  if (base === OPAQUE_MARKER) {
    if (!st.kinds.has(dir)) {
      mkdirSync(join(st.root, dir), 0o755);
      st.kinds.set(dir, 'dir');
    }
    await st.ops.opaque(dir === '' ? '.' : dir);
    return;
  }
  const name = base.slice(WHITEOUT_PREFIX.length);
  if (name === '' || name === '.' || name === '..') reject(st, e.name, 'is a whiteout of nothing');
  const target = dir === '' ? name : `${dir}/${name}`;
  // Whiteouts hide lower layers only: an entry of this layer with that name stays.
  if (st.kinds.has(target)) return;
  await st.ops.whiteout(target, e.uid, e.gid);
  st.kinds.set(target, 'whiteout');
}

/** trusted.overlay.* would let a layer steer overlayfs itself: never taken from a tar. */
async function xattrs(st: State, e: TarEntry, rel: string): Promise<void> {
  for (const [name, value] of e.xattrs) {
    if (name.startsWith('trusted.overlay.')) continue;
    await st.ops.xattr(rel, name, value);
  }
}

/** Directory modes and times last, deepest first: writing children changes a directory's mtime. */
function finishDirs(st: State): void {
  const seen = new Set<string>();
  for (let i = st.dirs.length - 1; i >= 0; i--) {
    const d = st.dirs[i];
    if (d === undefined || seen.has(d.rel)) continue;
    seen.add(d.rel);
    const abs = join(st.root, d.rel);
    if (st.asRoot) chownSync(abs, d.entry.uid, d.entry.gid);
    chmodSync(abs, d.entry.mode);
  }
  const byDepth = [...seen].sort((a, b) => b.split('/').length - a.split('/').length);
  const entries = new Map(st.dirs.map((d) => [d.rel, d.entry]));
  for (const rel of byDepth) {
    const e = entries.get(rel);
    if (e !== undefined) utimesSync(join(st.root, rel), e.mtime, e.mtime);
  }
}
