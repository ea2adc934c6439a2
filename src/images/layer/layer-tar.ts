/**
 * An overlayfs upper directory (or any tree) as an OCI layer tar: overlay
 * whiteouts (0/0 character devices) become `.wh.` entries, opaque
 * directories (trusted.overlay.opaque=y) get `.wh..wh..opq`, files that
 * share an inode become hardlinks, xattrs such as security.capability are
 * kept in pax records. For `commit`, `export` and the builder.
 */
import { createReadStream, lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { encodeHeader, END_OF_ARCHIVE, padding, type WriteEntry } from '../tar/writer.js';
import { listXattrs } from './fsops.js';
import { OPAQUE_MARKER, WHITEOUT_PREFIX } from './safe-path.js';

export interface LayerTarOptions {
  /** Read xattrs (needs tscompose-fsops); default true. */
  xattrs?: boolean;
}

export async function* layerTarFromDir(dir: string, opts: LayerTarOptions = {}): AsyncGenerator<Buffer> {
  const attrs = opts.xattrs === false ? new Map<string, Map<string, Buffer>>() : await listXattrs(dir);
  const links = new Map<string, string>();
  for (const rel of walk(dir, '')) yield* entryOf(dir, rel, attrs.get(rel), links);
  yield END_OF_ARCHIVE;
}

/** Paths depth-first in name order, so the tar is the same for the same tree. */
function* walk(root: string, rel: string): Generator<string> {
  const names = readdirSync(rel === '' ? root : join(root, rel)).sort();
  for (const name of names) {
    const child = rel === '' ? name : `${rel}/${name}`;
    yield child;
    if (lstatSync(join(root, child)).isDirectory()) yield* walk(root, child);
  }
}

function base(st: Stats, name: string): Omit<WriteEntry, 'type'> {
  return { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: Math.floor(st.mtimeMs / 1000) };
}

async function* entryOf(root: string, rel: string, xattrs: Map<string, Buffer> | undefined, links: Map<string, string>): AsyncGenerator<Buffer> {
  const abs = join(root, rel);
  const st = lstatSync(abs);
  const kept = new Map([...(xattrs ?? [])].filter(([k]) => !k.startsWith('trusted.overlay.')));
  const b = { ...base(st, rel), xattrs: kept };
  if (st.isCharacterDevice() && st.rdev === 0) {
    const slash = rel.lastIndexOf('/');
    const name = `${rel.slice(0, slash + 1)}${WHITEOUT_PREFIX}${rel.slice(slash + 1)}`;
    yield encodeHeader({ ...base(st, name), type: 'file', mode: 0, size: 0 });
    return;
  }
  if (st.isDirectory()) {
    yield encodeHeader({ ...b, name: `${rel}/`, type: 'dir' });
    if (xattrs?.get('trusted.overlay.opaque')?.toString() === 'y') {
      yield encodeHeader({ ...base(st, `${rel}/${OPAQUE_MARKER}`), type: 'file', mode: 0, size: 0 });
    }
    return;
  }
  if (st.isSymbolicLink()) {
    yield encodeHeader({ ...b, type: 'symlink', linkname: readlinkSync(abs) });
    return;
  }
  const inode = `${st.dev}:${st.ino}`;
  const first = st.nlink > 1 ? links.get(inode) : undefined;
  if (first !== undefined) {
    yield encodeHeader({ ...b, type: 'link', linkname: first });
    return;
  }
  if (st.nlink > 1) links.set(inode, rel);
  if (st.isFile()) {
    yield encodeHeader({ ...b, type: 'file', size: st.size });
    let sent = 0;
    for await (const chunk of createReadStream(abs, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      const part = sent + chunk.length > st.size ? chunk.subarray(0, st.size - sent) : chunk;
      sent += part.length;
      yield part;
    }
    // A file that shrank while being read still fills its declared size.
    if (sent < st.size) yield Buffer.alloc(st.size - sent);
    yield padding(st.size);
    return;
  }
  const type = st.isCharacterDevice() ? 'char' : st.isBlockDevice() ? 'block' : st.isFIFO() ? 'fifo' : undefined;
  if (type === undefined) return; // sockets do not go into layers
  yield encodeHeader({ ...b, type, devmajor: major(st.rdev), devminor: minor(st.rdev) });
}

/** glibc's gnu_dev_major/minor. */
function major(dev: number): number {
  return ((dev >>> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff);
}

function minor(dev: number): number {
  return (dev & 0xff) | ((dev >>> 12) & ~0xff);
}
