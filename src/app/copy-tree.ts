/**
 * The copying `cp` does, between two host paths (one of them inside a
 * container's file system) or to and from a tar stream: files, directories
 * and symbolic links with their modes and times, owners as the caller says.
 * Nothing is ever written through a symbolic link that is already at the
 * destination: it is replaced, as docker's untar replaces it, so a link in
 * a container cannot send a write out of the container.
 */
import { chmodSync, copyFileSync, createReadStream, lchownSync, lstatSync, lutimesSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync, utimesSync, createWriteStream, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { readTar } from '../images/tar/reader.js';
import { encodeHeader, END_OF_ARCHIVE, padding } from '../images/tar/writer.js';
import { CopyError } from './container-fs.js';

/** uid and gid for what is written; undefined keeps the writer's (docker cp to the host). */
export type Owner = (uid: number, gid: number) => [number, number] | undefined;

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Makes room for a new entry of another kind: a directory stays only for a directory. */
function clear(dst: string, forDir: boolean): void {
  const st = lstatOrUndefined(dst);
  if (st === undefined || (forDir && st.isDirectory())) return;
  rmSync(dst, { recursive: true, force: true });
}

function finish(dst: string, st: { mode: number; uid: number; gid: number; atime: Date | number; mtime: Date | number }, owner: Owner, link: boolean): void {
  const ids = owner(st.uid, st.gid);
  if (link) {
    if (ids !== undefined) lchownSync(dst, ids[0], ids[1]);
    lutimesSync(dst, st.atime, st.mtime);
    return;
  }
  if (ids !== undefined) lchownSync(dst, ids[0], ids[1]);
  chmodSync(dst, st.mode & 0o7777);
  utimesSync(dst, st.atime, st.mtime);
}

/** Copies `src` (a file, directory or link; never followed) to `dst`. */
export function copyTree(src: string, dst: string, owner: Owner, warn: (m: string) => void): void {
  const st = lstatSync(src);
  if (st.isDirectory()) {
    clear(dst, true);
    mkdirSync(dst, { recursive: true });
    for (const name of readdirSync(src).sort()) copyTree(join(src, name), join(dst, name), owner, warn);
    finish(dst, st, owner, false);
  } else if (st.isSymbolicLink()) {
    clear(dst, false);
    symlinkSync(readlinkSync(src), dst);
    finish(dst, st, owner, true);
  } else if (st.isFile()) {
    clear(dst, false);
    copyFileSync(src, dst);
    finish(dst, st, owner, false);
  } else {
    warn(`${src}: not a file, directory or symbolic link; not copied`);
  }
}

/** A tar stream of `src` with entries named `name` and below (`.` for a directory's contents). */
export async function* tarOf(src: string, name: string): AsyncGenerator<Buffer> {
  yield* tarEntries(src, name);
  yield END_OF_ARCHIVE;
}

async function* tarEntries(src: string, name: string): AsyncGenerator<Buffer> {
  const st = lstatSync(src);
  const base = { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
  if (st.isDirectory()) {
    yield encodeHeader({ ...base, name: name.endsWith('/') ? name : `${name}/`, type: 'dir' });
    for (const child of readdirSync(src).sort()) yield* tarEntries(join(src, child), name === '.' ? child : `${name.replace(/\/$/, '')}/${child}`);
  } else if (st.isSymbolicLink()) {
    yield encodeHeader({ ...base, type: 'symlink', linkname: readlinkSync(src) });
  } else if (st.isFile()) {
    yield encodeHeader({ ...base, type: 'file', size: st.size });
    for await (const chunk of createReadStream(src)) yield chunk as Buffer;
    yield padding(st.size);
  }
}

/** The directories of `rel` under `dir`, made real directories (a link or file in the way is replaced). */
function safeParent(dir: string, rel: string[]): string {
  let at = dir;
  for (const part of rel) {
    at = join(at, part);
    const st = lstatOrUndefined(at);
    if (st?.isDirectory() === true) continue;
    if (st !== undefined) rmSync(at, { recursive: true, force: true });
    mkdirSync(at);
  }
  return at;
}

/** Unpacks a tar stream into the directory `dir`; names that would leave it are refused. */
export async function untarInto(source: AsyncIterable<Uint8Array>, dir: string, owner: Owner): Promise<void> {
  const dirs: Array<[string, { mode: number; uid: number; gid: number; atime: number; mtime: number }]> = [];
  for await (const { entry, body } of readTar(source)) {
    const parts = posix.normalize(entry.name).split('/').filter((p) => p !== '' && p !== '.');
    if (entry.name.startsWith('/') || parts.includes('..')) throw new CopyError(`refusing the archive entry ${JSON.stringify(entry.name)}: it leaves the destination`);
    if (parts.length === 0) continue;
    const dst = join(safeParent(dir, parts.slice(0, -1)), parts[parts.length - 1] as string);
    const meta = { mode: entry.mode, uid: entry.uid, gid: entry.gid, atime: entry.mtime, mtime: entry.mtime };
    if (entry.type === 'dir') {
      clear(dst, true);
      mkdirSync(dst, { recursive: true });
      dirs.push([dst, meta]);
    } else if (entry.type === 'symlink') {
      clear(dst, false);
      symlinkSync(entry.linkname, dst);
      finish(dst, meta, owner, true);
    } else if (entry.type === 'file') {
      clear(dst, false);
      // The stream modules only for a copy: `ps` and `logs` load this chunk too.
      await process.getBuiltinModule('node:stream/promises').pipeline(body, createWriteStream(dst, { flags: 'wx' }));
      finish(dst, meta, owner, false);
    }
  }
  // Directories last, so their times are not changed again by what goes into them.
  for (const [d, meta] of dirs.reverse()) finish(d, meta, owner, false);
}
