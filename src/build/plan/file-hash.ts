/**
 * Content hashes of COPY/ADD sources, computed the way Docker's classic
 * builder computes them for its cache (builder/remotecontext + tarsum v1):
 * per entry, SHA-256 over the tar header fields that matter (name, permission
 * bits, uid, gid, size, type, link target, user and group names, device
 * numbers; not the mtime) followed by the file's bytes. The header is the one
 * the docker CLI writes when it sends the context: owners 0:0 and no names. A file is
 * `file:<hex>`, a directory `dir:<sha256 of its sorted entry hashes>`,
 * several sources `multi:<sha256 of their hashes>`. Touching a file does
 * not change its hash; changing its bytes, mode or owner does.
 */
import { createHash } from 'node:crypto';
import type { ContextEntry } from '../context/source.js';

const TYPEFLAG: Readonly<Record<ContextEntry['type'], string>> = { file: '0', dir: '5', symlink: '2', other: '0' };

/** The user and group names a tar header carries; the docker CLI sends none. */
export interface OwnerNames {
  uname: string;
  gname: string;
}

export function entryHash(entry: ContextEntry, content: Uint8Array | undefined, names: OwnerNames = { uname: '', gname: '' }): string {
  const h = createHash('sha256');
  const { uname, gname } = names;
  const fields: Array<[string, string]> = [
    ['name', entry.type === 'dir' ? `${entry.path}/` : entry.path],
    ['mode', String(entry.mode & 0o7777)],
    ['uid', String(entry.uid)],
    ['gid', String(entry.gid)],
    ['size', String(entry.type === 'file' ? entry.size : 0)],
    ['typeflag', TYPEFLAG[entry.type]],
    ['linkname', entry.linkTarget ?? ''],
    ['uname', uname],
    ['gname', gname],
    ['devmajor', String(entry.devMajor ?? 0)],
    ['devminor', String(entry.devMinor ?? 0)],
  ];
  for (const [k, v] of fields) h.update(k + v);
  if (entry.type === 'file' && content !== undefined && content.length > 0) h.update(content);
  return h.digest('hex');
}

export function hashStrings(prefix: string, parts: readonly string[]): string {
  return `${prefix}:${createHash('sha256').update(parts.join(',')).digest('hex')}`;
}

/** `file:...` for one file, or the combination of several source hashes. */
export function combineSourceHashes(hashes: readonly string[]): string {
  return hashes.length === 1 ? (hashes[0] as string) : hashStrings('multi', hashes);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
