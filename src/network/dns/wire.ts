/**
 * DNS messages on the wire (RFC 1035 section 4, RFC 3596 for AAAA, RFC 6891
 * for the OPT record's UDP size), pure. Decoding follows compression
 * pointers with a loop guard; encoding compresses repeated names.
 */
import { formatAddr, parseAddr } from '../ip.js';

export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 } as const;
export const CLASS_IN = 1;
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface ResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  /** A and AAAA: the address; PTR, CNAME, NS: the target name; otherwise the raw bytes. */
  data: string | Buffer;
}

export interface Message {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

export class DnsFormatError extends Error {}

const NAME_TYPES = new Set<number>([TYPE.PTR, TYPE.CNAME, TYPE.NS]);

function readName(buf: Buffer, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let o = start;
  let next = -1;
  let jumps = 0;
  let length = 0;
  for (;;) {
    if (o >= buf.length) throw new DnsFormatError('name runs past the end of the message');
    const len = buf[o] as number;
    if ((len & 0xc0) === 0xc0) {
      if (o + 1 >= buf.length) throw new DnsFormatError('truncated compression pointer');
      if (++jumps > 64) throw new DnsFormatError('compression pointer loop');
      if (next < 0) next = o + 2;
      o = ((len & 0x3f) << 8) | (buf[o + 1] as number);
      continue;
    }
    if ((len & 0xc0) !== 0) throw new DnsFormatError(`bad label length byte 0x${len.toString(16)}`);
    if (len === 0) break;
    if (o + 1 + len > buf.length) throw new DnsFormatError('label runs past the end of the message');
    length += len + 1;
    if (length > 255) throw new DnsFormatError('name longer than 255 bytes');
    labels.push(buf.toString('latin1', o + 1, o + 1 + len));
    o += 1 + len;
  }
  return { name: labels.join('.'), next: next >= 0 ? next : o + 1 };
}

function readRecord(buf: Buffer, o: number): { rr: ResourceRecord; next: number } {
  const { name, next } = readName(buf, o);
  if (next + 10 > buf.length) throw new DnsFormatError('truncated resource record');
  const type = buf.readUInt16BE(next);
  const cls = buf.readUInt16BE(next + 2);
  const ttl = buf.readUInt32BE(next + 4);
  const rdlen = buf.readUInt16BE(next + 8);
  const rdStart = next + 10;
  if (rdStart + rdlen > buf.length) throw new DnsFormatError('truncated record data');
  const raw = buf.subarray(rdStart, rdStart + rdlen);
  let data: string | Buffer = Buffer.from(raw);
  if (type === TYPE.A && rdlen === 4) data = [...raw].join('.');
  else if (type === TYPE.AAAA && rdlen === 16) data = formatAddr({ family: 6, value: BigInt(`0x${raw.toString('hex')}`) });
  else if (NAME_TYPES.has(type)) data = readName(buf, rdStart).name;
  return { rr: { name, type, class: cls, ttl, data }, next: rdStart + rdlen };
}

export function decode(buf: Buffer): Message {
  if (buf.length < 12) throw new DnsFormatError('message shorter than its header');
  const flags = buf.readUInt16BE(2);
  const counts = [4, 6, 8, 10].map((o) => buf.readUInt16BE(o)) as [number, number, number, number];
  let o = 12;
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const { name, next } = readName(buf, o);
    if (next + 4 > buf.length) throw new DnsFormatError('truncated question');
    questions.push({ name, type: buf.readUInt16BE(next), class: buf.readUInt16BE(next + 2) });
    o = next + 4;
  }
  const sections: ResourceRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < (counts[s + 1] as number); i++) {
      const { rr, next } = readRecord(buf, o);
      (sections[s] as ResourceRecord[]).push(rr);
      o = next;
    }
  }
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
    questions,
    answers: sections[0] as ResourceRecord[],
    authorities: sections[1] as ResourceRecord[],
    additionals: sections[2] as ResourceRecord[],
  };
}

class Writer {
  private readonly parts: Buffer[] = [];
  private size = 0;
  private readonly names = new Map<string, number>();
  /** u16 length fields known only after a compressed name was written: [offset, value]. */
  private readonly patches: Array<[number, number]> = [];

  patchU16(at: number, value: number): void {
    this.patches.push([at, value]);
  }

  bytes(b: Buffer): void {
    this.parts.push(b);
    this.size += b.length;
  }

  u16(v: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v);
    this.bytes(b);
  }

  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    this.bytes(b);
  }

  get offset(): number {
    return this.size;
  }

  name(name: string): void {
    const labels = name === '' || name === '.' ? [] : name.replace(/\.$/, '').split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = this.names.get(suffix);
      if (at !== undefined) return this.u16(0xc000 | at);
      if (this.offset < 0x4000) this.names.set(suffix, this.offset);
      const label = Buffer.from(labels[i] as string, 'latin1');
      if (label.length === 0 || label.length > 63) throw new DnsFormatError(`label "${labels[i]}" must be 1 to 63 bytes`);
      this.bytes(Buffer.concat([Buffer.from([label.length]), label]));
    }
    this.bytes(Buffer.from([0]));
  }

  done(): Buffer {
    const out = Buffer.concat(this.parts, this.size);
    for (const [at, v] of this.patches) out.writeUInt16BE(v, at);
    return out;
  }
}

function rdata(w: Writer, rr: ResourceRecord): void {
  if (typeof rr.data !== 'string') {
    w.u16(rr.data.length);
    return w.bytes(rr.data);
  }
  if (rr.type === TYPE.A || rr.type === TYPE.AAAA) {
    const a = parseAddr(rr.data);
    const n = rr.type === TYPE.A ? 4 : 16;
    if (a === undefined || (a.family === 4) !== (n === 4)) throw new DnsFormatError(`record data ${rr.data} does not fit type ${rr.type}`);
    w.u16(n);
    return w.bytes(Buffer.from(a.value.toString(16).padStart(2 * n, '0'), 'hex'));
  }
  // A name: its length is only known once written (compression), so patch it in afterwards.
  const lenAt = w.offset;
  w.u16(0);
  const start = w.offset;
  w.name(rr.data);
  w.patchU16(lenAt, w.offset - start);
}

export function encode(m: Message): Buffer {
  const w = new Writer();
  const flags =
    (m.qr ? 0x8000 : 0) | ((m.opcode & 0xf) << 11) | (m.aa ? 0x0400 : 0) | (m.tc ? 0x0200 : 0) | (m.rd ? 0x0100 : 0) | (m.ra ? 0x0080 : 0) | (m.rcode & 0xf);
  for (const v of [m.id, flags, m.questions.length, m.answers.length, m.authorities.length, m.additionals.length]) w.u16(v);
  for (const q of m.questions) {
    w.name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const rr of [...m.answers, ...m.authorities, ...m.additionals]) {
    w.name(rr.name);
    w.u16(rr.type);
    w.u16(rr.class);
    w.u32(rr.ttl);
    rdata(w, rr);
  }
  return w.done();
}

/** The UDP payload size the client accepts: its OPT record's class, else 512. */
export function udpLimit(query: Message): number {
  const opt = query.additionals.find((r) => r.type === TYPE.OPT);
  return opt === undefined ? 512 : Math.min(Math.max(opt.class, 512), 4096);
}
