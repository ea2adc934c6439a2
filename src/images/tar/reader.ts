/**
 * A streaming tar reader: yields each entry with its body as an async
 * iterable of slices. A body the consumer leaves unread is skipped.
 */
import { ByteReader } from './byte-reader.js';
import { BLOCK, checksumOk, isZeroBlock, paddingOf, parseHeader, parsePax, type TarEntry } from './header.js';

export class TarFormatError extends Error {}

export interface TarItem {
  entry: TarEntry;
  body: AsyncIterable<Buffer>;
}

interface Pending {
  pax: Map<string, Buffer>;
  global: Map<string, Buffer>;
  longName?: string;
  longLink?: string;
}

export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarItem> {
  const r = new ByteReader(source);
  const pending: Pending = { pax: new Map(), global: new Map() };
  let sawHeader = false;
  for (;;) {
    const block = await r.read(BLOCK);
    if (block.length === 0 && sawHeader) return;
    if (block.length < BLOCK) throw new TarFormatError(block.length === 0 ? 'empty stream, not a tar archive' : 'truncated tar header');
    if (isZeroBlock(block)) {
      await r.drain();
      return;
    }
    if (!checksumOk(block)) throw new TarFormatError(sawHeader ? 'bad tar header checksum' : 'not a tar archive');
    sawHeader = true;
    const { flag, entry } = parseHeader(block);
    if (await takeMeta(flag, entry.size, r, pending)) continue;
    if (entry.type === undefined) throw new TarFormatError(`unsupported tar entry type ${JSON.stringify(flag)} for ${entry.name}`);
    const full = applyMeta({ ...entry, type: entry.type, xattrs: new Map() }, pending);
    const state = { left: full.type === 'file' ? full.size : 0 };
    const body = state.left === 0 ? emptyBody() : bodyOf(r, state);
    yield { entry: full, body };
    if (state.left > 0) await r.skip(state.left);
    if (full.type === 'file') await r.skip(paddingOf(full.size));
  }
}

async function* emptyBody(): AsyncGenerator<Buffer> {}

/** Counts down what is left so an abandoned body is skipped exactly. */
async function* bodyOf(r: ByteReader, state: { left: number }): AsyncGenerator<Buffer> {
  for await (const chunk of r.chunks(state.left)) {
    state.left -= chunk.length;
    yield chunk;
  }
}

async function readAll(r: ByteReader, size: number): Promise<Buffer> {
  const b = await r.read(size + paddingOf(size));
  if (b.length < size) throw new TarFormatError('truncated tar entry');
  return b.subarray(0, size);
}

/** pax and GNU long-name entries describe the next entry; returns true when it was one. */
async function takeMeta(flag: string, size: number, r: ByteReader, p: Pending): Promise<boolean> {
  switch (flag) {
    case 'x':
      for (const [k, v] of parsePax(await readAll(r, size))) p.pax.set(k, v);
      return true;
    case 'g':
      for (const [k, v] of parsePax(await readAll(r, size))) p.global.set(k, v);
      return true;
    case 'L':
      p.longName = cString(await readAll(r, size));
      return true;
    case 'K':
      p.longLink = cString(await readAll(r, size));
      return true;
    case 'V':
      await readAll(r, size);
      return true;
    default:
      return false;
  }
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end === -1 ? b.length : end).toString('utf8');
}

function applyMeta(e: TarEntry, p: Pending): TarEntry {
  if (p.longName !== undefined) e.name = p.longName;
  if (p.longLink !== undefined) e.linkname = p.longLink;
  for (const records of [p.global, p.pax]) {
    for (const [key, value] of records) applyPaxKey(e, key, value);
  }
  p.pax = new Map();
  p.longName = undefined;
  p.longLink = undefined;
  return e;
}

function applyPaxKey(e: TarEntry, key: string, value: Buffer): void {
  const s = (): string => value.toString('utf8');
  switch (key) {
    case 'path':
      e.name = s();
      return;
    case 'linkpath':
      e.linkname = s();
      return;
    case 'size':
      e.size = Number(s());
      return;
    case 'uid':
      e.uid = Number(s());
      return;
    case 'gid':
      e.gid = Number(s());
      return;
    case 'mtime':
      e.mtime = Number(s());
      return;
    case 'uname':
      e.uname = s();
      return;
    case 'gname':
      e.gname = s();
      return;
  }
  if (key.startsWith('SCHILY.xattr.')) e.xattrs.set(key.slice('SCHILY.xattr.'.length), value);
  else if (key.startsWith('LIBARCHIVE.xattr.')) e.xattrs.set(decodeURIComponent(key.slice('LIBARCHIVE.xattr.'.length)), Buffer.from(s(), 'base64'));
}
