/**
 * Layer tars for tests, written entry by entry with tscompose's own tar
 * writer (binary xattrs, devices, whiteouts), optionally gzip or zstd.
 */
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { encodeHeader, END_OF_ARCHIVE, padding, type WriteEntry } from '../../../src/images/tar/writer.js';

export type TestEntry = WriteEntry & { body?: string | Buffer };

export function tarOf(entries: readonly TestEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = e.body === undefined ? Buffer.alloc(0) : Buffer.from(e.body);
    const mode = e.mode ?? (e.type === 'dir' ? 0o755 : 0o644);
    parts.push(encodeHeader({ mtime: 1_700_000_000, uid: 0, gid: 0, ...e, mode, size: body.length }));
    if (body.length > 0) parts.push(body, padding(body.length));
  }
  parts.push(END_OF_ARCHIVE);
  return Buffer.concat(parts);
}

export function gzip(b: Buffer): Buffer {
  return gzipSync(b);
}

/** zstd through the zstd binary (the product decodes with fzstd). */
export function zstd(b: Buffer): Buffer | undefined {
  const r = spawnSync('zstd', ['-q', '-c', '-3'], { input: b, maxBuffer: 1 << 30 });
  return r.status === 0 ? r.stdout : undefined;
}

/** security.capability for cap_net_raw=ep (VFS_CAP_REVISION_2). */
export function netRawCapability(): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(0x02000001, 0); // revision 2, effective
  b.writeUInt32LE(1 << 13, 4); // permitted: CAP_NET_RAW
  return b;
}

export async function* chunked(b: Buffer, size = 7001): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
