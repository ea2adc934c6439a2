/** Parsing the rtnetlink replies the driver reads (link and route dumps). Pure. */
import { formatAddr, type Family } from '../ip.js';
import { AF, IFLA, RTA } from './encode.js';

const IFLA_INFO_KIND = 1;
const NLA_TYPE_MASK = 0x3fff;

export function parseAttrs(buf: Buffer, offset: number): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let o = offset;
  while (o + 4 <= buf.length) {
    const len = buf.readUInt16LE(o);
    if (len < 4 || o + len > buf.length) break;
    out.set(buf.readUInt16LE(o + 2) & NLA_TYPE_MASK, buf.subarray(o + 4, o + len));
    o += (len + 3) & ~3;
  }
  return out;
}

const cstr = (b: Buffer | undefined): string | undefined => (b === undefined ? undefined : b.toString('utf8').replace(/\0.*$/s, ''));
const u32 = (b: Buffer | undefined): number | undefined => (b === undefined || b.length < 4 ? undefined : b.readUInt32LE(0));

export interface LinkInfo {
  index: number;
  name: string;
  up: boolean;
  master?: number;
  /** The peer's index (in its own namespace, for a veth). */
  link?: number;
  kind?: string;
  alias?: string;
  mtu?: number;
}

/** An RTM_NEWLINK payload (ifinfomsg + attributes). */
export function parseLink(data: Buffer): LinkInfo {
  const attrs = parseAttrs(data, 16);
  const info = attrs.get(IFLA.LINKINFO);
  const kind = info === undefined ? undefined : cstr(parseAttrs(info, 0).get(IFLA_INFO_KIND));
  const out: LinkInfo = { index: data.readInt32LE(4), name: cstr(attrs.get(IFLA.IFNAME)) ?? '', up: (data.readUInt32LE(8) & 1) === 1 };
  const master = u32(attrs.get(IFLA.MASTER));
  const link = u32(attrs.get(IFLA.LINK));
  const alias = cstr(attrs.get(IFLA.IFALIAS));
  const mtu = u32(attrs.get(IFLA.MTU));
  if (master !== undefined) out.master = master;
  if (link !== undefined) out.link = link;
  if (kind !== undefined) out.kind = kind;
  if (alias !== undefined) out.alias = alias;
  if (mtu !== undefined) out.mtu = mtu;
  return out;
}

export interface RouteInfo {
  family: Family;
  /** `a.b.c.d/n`; the default route is `0.0.0.0/0` or `::/0`. */
  dst: string;
  table: number;
}

function bytesToBigint(b: Buffer): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** An RTM_NEWROUTE payload (rtmsg + attributes). */
export function parseRoute(data: Buffer): RouteInfo | undefined {
  const familyByte = data.readUInt8(0);
  if (familyByte !== AF.INET && familyByte !== AF.INET6) return undefined;
  const family: Family = familyByte === AF.INET ? 4 : 6;
  const attrs = parseAttrs(data, 12);
  const dstBytes = attrs.get(RTA.DST);
  const value = dstBytes === undefined ? 0n : bytesToBigint(dstBytes);
  const table = u32(attrs.get(RTA.TABLE)) ?? data.readUInt8(4);
  return { family, dst: `${formatAddr({ family, value })}/${data.readUInt8(1)}`, table };
}
