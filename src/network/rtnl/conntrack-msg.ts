/**
 * ctnetlink messages as bytes (pure), from linux/netfilter/nfnetlink.h and
 * nfnetlink_conntrack.h: a dump request, the parse of one entry (its two
 * tuples), and the delete request that names an entry by its original
 * tuple, copied from the dump as the kernel wrote it.
 */
import { addr, type Addr } from '../ip.js';

const NFNL_SUBSYS_CTNETLINK = 1;
export const CT_MSG = { NEW: (NFNL_SUBSYS_CTNETLINK << 8) | 0, GET: (NFNL_SUBSYS_CTNETLINK << 8) | 1, DELETE: (NFNL_SUBSYS_CTNETLINK << 8) | 2 } as const;
const CTA = { TUPLE_ORIG: 1, TUPLE_REPLY: 2, ZONE: 18 } as const;
const CTA_TUPLE = { IP: 1, PROTO: 2 } as const;
const CTA_IP = { V4_SRC: 1, V4_DST: 2, V6_SRC: 3, V6_DST: 4 } as const;
const CTA_PROTO = { NUM: 1, SRC_PORT: 2, DST_PORT: 3 } as const;
const NLA_TYPE_MASK = 0x3fff;
export const IPPROTO = { tcp: 6, udp: 17, sctp: 132 } as const;

export interface CtTuple {
  src?: Addr;
  dst?: Addr;
  proto?: number;
  sport?: number;
  dport?: number;
}

export interface CtEntry {
  family: 4 | 6;
  orig: CtTuple;
  reply: CtTuple;
  /** The CTA_TUPLE_ORIG and CTA_ZONE attributes as received, to name the entry in a delete. */
  key: Buffer;
}

/** The netfilter message header: address family, version 0, resource id 0. */
function nfgenmsg(family: 4 | 6): Buffer {
  return Buffer.from([family === 4 ? 2 : 10, 0, 0, 0]);
}

export const dumpRequest = (family: 4 | 6): Buffer => nfgenmsg(family);

export const deleteRequest = (e: CtEntry): Buffer => Buffer.concat([nfgenmsg(e.family), e.key]);

interface Attr {
  type: number;
  value: Buffer;
  raw: Buffer;
}

function attrs(buf: Buffer): Attr[] {
  const out: Attr[] = [];
  for (let off = 0; off + 4 <= buf.length; ) {
    const len = buf.readUInt16LE(off);
    if (len < 4 || off + len > buf.length) break;
    out.push({ type: buf.readUInt16LE(off + 2) & NLA_TYPE_MASK, value: buf.subarray(off + 4, off + len), raw: buf.subarray(off, off + ((len + 3) & ~3)) });
    off += (len + 3) & ~3;
  }
  return out;
}

function address(family: 4 | 6, b: Buffer): Addr {
  let v = 0n;
  for (const byte of b) v = (v << 8n) | BigInt(byte);
  return addr(family, v);
}

function tuple(family: 4 | 6, buf: Buffer): CtTuple {
  const t: CtTuple = {};
  for (const a of attrs(buf)) {
    if (a.type === CTA_TUPLE.IP) {
      for (const ip of attrs(a.value)) {
        if (ip.type === CTA_IP.V4_SRC || ip.type === CTA_IP.V6_SRC) t.src = address(family, ip.value);
        if (ip.type === CTA_IP.V4_DST || ip.type === CTA_IP.V6_DST) t.dst = address(family, ip.value);
      }
    } else if (a.type === CTA_TUPLE.PROTO) {
      for (const p of attrs(a.value)) {
        if (p.type === CTA_PROTO.NUM) t.proto = p.value.readUInt8(0);
        if (p.type === CTA_PROTO.SRC_PORT && p.value.length >= 2) t.sport = p.value.readUInt16BE(0);
        if (p.type === CTA_PROTO.DST_PORT && p.value.length >= 2) t.dport = p.value.readUInt16BE(0);
      }
    }
  }
  return t;
}

/** One IPCTNL_MSG_CT_NEW message of a dump (the payload after the netlink header). */
export function parseEntry(data: Buffer): CtEntry | undefined {
  if (data.length < 4) return undefined;
  const family = data[0] === 2 ? 4 : data[0] === 10 ? 6 : undefined;
  if (family === undefined) return undefined;
  let orig: CtTuple | undefined;
  let reply: CtTuple = {};
  const key: Buffer[] = [];
  for (const a of attrs(data.subarray(4))) {
    if (a.type === CTA.TUPLE_ORIG) {
      orig = tuple(family, a.value);
      key.push(a.raw);
    } else if (a.type === CTA.TUPLE_REPLY) reply = tuple(family, a.value);
    else if (a.type === CTA.ZONE) key.push(a.raw);
  }
  return orig === undefined ? undefined : { family, orig, reply, key: Buffer.concat(key) };
}
