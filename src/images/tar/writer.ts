/**
 * Tar headers for the archives tscompose writes (layer tars, `image save`):
 * ustar with pax records for long names, big numbers, sub-second times and
 * binary xattrs, as Go's archive/tar writes them (PAX format).
 */
import { BLOCK, paddingOf, typeFlag, type TarEntry } from './header.js';

export type WriteEntry = Pick<TarEntry, 'name' | 'type'> & Partial<Omit<TarEntry, 'name' | 'type'>>;

function octal(n: number, len: number): string {
  return n.toString(8).padStart(len - 1, '0');
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

function fits(s: string, max: number): boolean {
  return Buffer.byteLength(s) <= max && /^[\x20-\x7e]*$/.test(s);
}

/** The header blocks (pax record first when needed) of one entry. */
export function encodeHeader(e: WriteEntry): Buffer {
  const size = e.type === 'file' ? (e.size ?? 0) : 0;
  const mtime = e.mtime ?? 0;
  const records: Buffer[] = [];
  if (!fits(e.name, 100)) records.push(paxRecord('path', Buffer.from(e.name)));
  if (e.linkname !== undefined && !fits(e.linkname, 100)) records.push(paxRecord('linkpath', Buffer.from(e.linkname)));
  if (size > 0o77777777777) records.push(paxRecord('size', Buffer.from(String(size))));
  for (const [k, v] of [['uid', e.uid ?? 0], ['gid', e.gid ?? 0]] as const) if (v > 0o7777777) records.push(paxRecord(k, Buffer.from(String(v))));
  if (!Number.isInteger(mtime)) records.push(paxRecord('mtime', Buffer.from(mtime.toFixed(9).replace(/0+$/, ''))));
  for (const [k, v] of e.xattrs ?? []) records.push(paxRecord(`SCHILY.xattr.${k}`, v));
  const main = ustar(e, size, Math.floor(mtime));
  if (records.length === 0) return main;
  const pax = Buffer.concat(records);
  const paxHeader = ustar({ name: 'PaxHeaders.0/' + e.name.slice(0, 80), type: 'file', mode: 0o644, mtime: 0 }, pax.length, Math.floor(mtime), 'x');
  return Buffer.concat([paxHeader, pax, Buffer.alloc(paddingOf(pax.length)), main]);
}

function ustar(e: WriteEntry, size: number, mtime: number, flag = typeFlag(e.type)): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(truncate(e.name, 100), 0, 'utf8');
  b.write(octal(e.mode ?? 0, 8), 100, 'latin1');
  b.write(octal(Math.min(e.uid ?? 0, 0o7777777), 8), 108, 'latin1');
  b.write(octal(Math.min(e.gid ?? 0, 0o7777777), 8), 116, 'latin1');
  b.write(octal(Math.min(size, 0o77777777777), 12), 124, 'latin1');
  b.write(octal(Math.max(0, Math.min(mtime, 0o77777777777)), 12), 136, 'latin1');
  b.write(flag, 156, 'latin1');
  b.write(truncate(e.linkname ?? '', 100), 157, 'utf8');
  b.write('ustar\x0000', 257, 'latin1');
  b.write(truncate(e.uname ?? '', 32), 265, 'utf8');
  b.write(truncate(e.gname ?? '', 32), 297, 'utf8');
  if (e.type === 'char' || e.type === 'block') {
    b.write(octal(e.devmajor ?? 0, 8), 329, 'latin1');
    b.write(octal(e.devminor ?? 0, 8), 337, 'latin1');
  }
  b.fill(' ', 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i] ?? 0;
  b.write(`${octal(sum, 7)}\0`, 148, 'latin1');
  return b;
}

function truncate(s: string, max: number): string {
  let out = s;
  while (Buffer.byteLength(out) > max) out = out.slice(0, -1);
  return out;
}

export function padding(size: number): Buffer {
  return Buffer.alloc(paddingOf(size));
}

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(BLOCK * 2);
