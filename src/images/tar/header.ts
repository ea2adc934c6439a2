/**
 * Tar headers: ustar, GNU (base-256 numbers, long names) and pax extended
 * records, with binary-safe values so `SCHILY.xattr.security.capability`
 * survives (tar-stream decodes pax values as UTF-8, which corrupts it).
 */
export type EntryType = 'file' | 'link' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo';

export interface TarEntry {
  name: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Seconds since the epoch, with a fraction when pax gave one. */
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  uname?: string;
  gname?: string;
  /** Extended attributes by name (`security.capability`), binary values. */
  xattrs: Map<string, Buffer>;
}

export const BLOCK = 512;

const TYPE_FLAGS: Readonly<Record<string, EntryType>> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'link',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
};

export function typeFlag(t: EntryType): string {
  return { file: '0', link: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6' }[t];
}

function str(b: Buffer, off: number, len: number): string {
  const field = b.subarray(off, off + len);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? len : end).toString('utf8');
}

export function parseNumber(b: Buffer, off: number, len: number): number {
  const field = b.subarray(off, off + len);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    // GNU base-256: big-endian, the top bit of the first byte is the marker.
    let v = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) v = v * 256 + (field[i] ?? 0);
    return v;
  }
  const s = field.toString('latin1').replace(/[\0 ]+$/, '').replace(/^[\0 ]+/, '');
  return s === '' ? 0 : parseInt(s, 8);
}

export function isZeroBlock(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

export function checksumOk(b: Buffer): boolean {
  const want = parseNumber(b, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (b[i] ?? 0);
  return sum === want;
}

/** The raw typeflag of a header block. */
export function rawType(b: Buffer): string {
  return String.fromCharCode(b[156] ?? 0);
}

export interface RawHeader {
  flag: string;
  entry: Omit<TarEntry, 'type' | 'xattrs'> & { type: EntryType | undefined };
}

export function parseHeader(b: Buffer): RawHeader {
  const flag = rawType(b);
  const magic = b.subarray(257, 263).toString('latin1');
  let name = str(b, 0, 100);
  // ustar splits long paths into prefix/name; GNU uses that area for times.
  if (magic === 'ustar\0') {
    const prefix = str(b, 345, 155);
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  return {
    flag,
    entry: {
      name,
      type: TYPE_FLAGS[flag],
      mode: parseNumber(b, 100, 8) & 0o7777,
      uid: parseNumber(b, 108, 8),
      gid: parseNumber(b, 116, 8),
      size: parseNumber(b, 124, 12),
      mtime: parseNumber(b, 136, 12),
      linkname: str(b, 157, 100),
      uname: str(b, 265, 32),
      gname: str(b, 297, 32),
      devmajor: parseNumber(b, 329, 8),
      devminor: parseNumber(b, 337, 8),
    },
  };
}

/** pax records: `<len> <key>=<value>\n`, len counting bytes of the whole record. */
export function parsePax(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let off = 0;
  while (off < buf.length) {
    const sp = buf.indexOf(0x20, off);
    if (sp === -1) break;
    const len = parseInt(buf.subarray(off, sp).toString('latin1'), 10);
    if (!(len > 0) || off + len > buf.length) break;
    const rec = buf.subarray(sp + 1, off + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq !== -1) out.set(rec.subarray(0, eq).toString('utf8'), rec.subarray(eq + 1));
    off += len;
  }
  return out;
}

export function paddingOf(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
