/**
 * Whether an ADD source is a tar archive Docker would unpack, judged by its
 * content as Docker does (archive.IsArchivePath): a tar header, or gzip or
 * zstd data that holds one. bzip2 and xz are recognised by their magic
 * numbers only, as no decompressor for them ships with Node.
 */
import { decompress as zstdDecompress } from 'fzstd';

export type ArchiveKind = 'tar' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

/** Enough compressed bytes to inflate the first tar header. */
const PROBE = 64 * 1024;

export function detectArchive(data: Uint8Array): ArchiveKind | undefined {
  if (startsWith(data, [0x1f, 0x8b, 0x08])) return isTar(tryInflate(data)) ? 'gzip' : undefined;
  if (startsWith(data, [0x42, 0x5a, 0x68])) return 'bzip2';
  if (startsWith(data, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(data, [0x28, 0xb5, 0x2f, 0xfd])) return isTar(tryZstd(data)) ? 'zstd' : undefined;
  return isTar(data) ? 'tar' : undefined;
}

function startsWith(data: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => data[i] === b);
}

function tryInflate(data: Uint8Array): Uint8Array | undefined {
  try {
    // zlib loaded by the first gzip-looking ADD source, not by every build.
    const zlib = process.getBuiltinModule('node:zlib');
    return zlib.gunzipSync(data.subarray(0, PROBE), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    return undefined;
  }
}

function tryZstd(data: Uint8Array): Uint8Array | undefined {
  try {
    return zstdDecompress(data);
  } catch {
    return undefined;
  }
}

/** A valid first tar header: its checksum adds up (what Go's tar reader checks first). */
export function isTar(data: Uint8Array | undefined): boolean {
  if (data === undefined || data.length < 512) return false;
  const header = data.subarray(0, 512);
  if (header.every((b) => b === 0)) return false;
  const stored = parseOctal(header.subarray(148, 156));
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (header[i] as number);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

function parseOctal(field: Uint8Array): number | undefined {
  const text = Buffer.from(field).toString('latin1').replace(/[\0 ]+$/, '').replace(/^[ ]+/, '');
  if (!/^[0-7]+$/.test(text)) return undefined;
  return parseInt(text, 8);
}
