/**
 * rtnetlink requests as bytes (pure): the few messages the driver sends,
 * built from struct layouts in linux/rtnetlink.h, if_link.h and if_addr.h.
 * Payloads go to the host socket (the `netlink` package adds the header);
 * `message()` adds the nlmsghdr for the netns helper, which sends them from
 * inside a container's namespace.
 */
import { parseAddr, type Addr } from '../ip.js';

export const RTM = { NEWLINK: 16, DELLINK: 17, GETLINK: 18, SETLINK: 19, NEWADDR: 20, GETADDR: 22, NEWROUTE: 24, GETROUTE: 26 } as const;
export const NLM_F = { REQUEST: 0x1, ACK: 0x4, ECHO: 0x8, DUMP: 0x300, REPLACE: 0x100, EXCL: 0x200, CREATE: 0x400 } as const;
export const AF = { UNSPEC: 0, INET: 2, BRIDGE: 7, INET6: 10 } as const;
export const IFLA = { ADDRESS: 1, IFNAME: 3, MTU: 4, LINK: 5, MASTER: 10, PROTINFO: 12, LINKINFO: 18, IFALIAS: 20, NET_NS_FD: 28 } as const;
const IFLA_INFO = { KIND: 1, DATA: 2, SLAVE_DATA: 5 } as const;
const VETH_INFO_PEER = 1;
const IFLA_BRPORT_MODE = 4;
const IFA = { ADDRESS: 1, LOCAL: 2, BROADCAST: 4, FLAGS: 8 } as const;
const IFA_F_NODAD = 0x02;
export const RTA = { DST: 1, OIF: 4, GATEWAY: 5, PRIORITY: 6, TABLE: 15 } as const;
const NLA_F_NESTED = 0x8000;
const IFF_UP = 0x1;
const RT_TABLE_MAIN = 254;
const RTPROT_BOOT = 3;
const RTN_UNICAST = 1;

const align = (n: number): number => (n + 3) & ~3;

export function attr(type: number, payload: Uint8Array): Buffer {
  const len = 4 + payload.length;
  const out = Buffer.alloc(align(len));
  out.writeUInt16LE(len, 0);
  out.writeUInt16LE(type, 2);
  Buffer.from(payload).copy(out, 4);
  return out;
}

const nested = (type: number, ...children: Buffer[]): Buffer => attr(type | NLA_F_NESTED, Buffer.concat(children));
const strAttr = (type: number, s: string): Buffer => attr(type, Buffer.from(`${s}\0`));
const u32Attr = (type: number, v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0, 0);
  return attr(type, b);
};
const u8Attr = (type: number, v: number): Buffer => attr(type, Buffer.from([v]));

export function addrBytes(a: Addr): Buffer {
  const n = a.family === 4 ? 4 : 16;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Number((a.value >> BigInt(8 * (n - 1 - i))) & 0xffn);
  return out;
}

export function macBytes(mac: string): Buffer {
  return Buffer.from(mac.split(':').map((h) => parseInt(h, 16)));
}

export function ifinfomsg(family: number, index: number, up: boolean): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(family, 0);
  b.writeInt32LE(index, 4);
  b.writeUInt32LE(up ? IFF_UP : 0, 8);
  b.writeUInt32LE(up ? IFF_UP : 0, 12);
  return b;
}

/** A header plus payload, as the kernel reads it; seq and pid are the sender's business. */
export function message(type: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(16 + payload.length, 0);
  h.writeUInt16LE(type, 4);
  h.writeUInt16LE(flags | NLM_F.REQUEST | NLM_F.ACK, 6);
  return Buffer.concat([h, payload]);
}

export interface BridgeOptions {
  name: string;
  mtu: number;
  mac: string;
}

/** RTM_NEWLINK (CREATE|EXCL): a bridge, up, with a fixed MAC so it does not follow its ports'. */
export function newBridge(o: BridgeOptions): Buffer {
  return Buffer.concat([
    ifinfomsg(AF.UNSPEC, 0, true),
    strAttr(IFLA.IFNAME, o.name),
    u32Attr(IFLA.MTU, o.mtu),
    attr(IFLA.ADDRESS, macBytes(o.mac)),
    nested(IFLA.LINKINFO, strAttr(IFLA_INFO.KIND, 'bridge')),
  ]);
}

export interface VethOptions {
  hostName: string;
  master: number;
  mtu: number;
  peerName: string;
  peerMac: string;
  /** An open fd of the container's network namespace (the netns helper writes its own at vethNetnsFdOffset). */
  peerNetnsFd: number;
}

/**
 * RTM_NEWLINK (CREATE|EXCL): one veth pair, host end enslaved to the bridge
 * and up, peer born inside the netns. The peer cannot be brought up in the
 * same request (veth_open answers ENOTCONN before the pair is linked), so the
 * netns side does that with its address. IFLA_NET_NS_FD is the last
 * attribute of the peer, the peer the last of the link info and that the
 * last of the message: its value is the message's last four bytes.
 */
export function newVeth(o: VethOptions): Buffer {
  const peer = Buffer.concat([
    ifinfomsg(AF.UNSPEC, 0, false),
    strAttr(IFLA.IFNAME, o.peerName),
    attr(IFLA.ADDRESS, macBytes(o.peerMac)),
    u32Attr(IFLA.MTU, o.mtu),
    u32Attr(IFLA.NET_NS_FD, o.peerNetnsFd),
  ]);
  return Buffer.concat([
    ifinfomsg(AF.UNSPEC, 0, true),
    strAttr(IFLA.IFNAME, o.hostName),
    u32Attr(IFLA.MTU, o.mtu),
    u32Attr(IFLA.MASTER, o.master),
    nested(IFLA.LINKINFO, strAttr(IFLA_INFO.KIND, 'veth'), nested(IFLA_INFO.DATA, attr(VETH_INFO_PEER, peer))),
  ]);
}

/** Where a framed newVeth message (message() around it) holds the namespace fd. */
export function vethNetnsFdOffset(framed: Buffer): number {
  return framed.length - 4;
}

/**
 * RTM_NEWLINK (no CREATE) on an existing bridge port, by name: hairpin mode,
 * so a container reaches itself through a published port. By name, it can go
 * in the same send as the newVeth that makes the port (`ip link set NAME type
 * bridge_slave hairpin on`).
 */
export function hairpinByName(name: string): Buffer {
  return Buffer.concat([ifinfomsg(AF.UNSPEC, 0, false), strAttr(IFLA.IFNAME, name), nested(IFLA.LINKINFO, nested(IFLA_INFO.SLAVE_DATA, u8Attr(IFLA_BRPORT_MODE, 1)))]);
}

/** RTM_SETLINK: bring a link up (by index), or set its alias. */
export function linkUp(index: number): Buffer {
  return ifinfomsg(AF.UNSPEC, index, true);
}

export function setAlias(index: number, alias: string): Buffer {
  return Buffer.concat([ifinfomsg(AF.UNSPEC, index, false), strAttr(IFLA.IFALIAS, alias)]);
}

/** RTM_GETLINK / RTM_DELLINK by name. */
export function linkByName(name: string): Buffer {
  return Buffer.concat([ifinfomsg(AF.UNSPEC, 0, false), strAttr(IFLA.IFNAME, name)]);
}

export function linkByIndex(index: number): Buffer {
  return ifinfomsg(AF.UNSPEC, index, false);
}

/** RTM_NEWADDR: `ip addr add <address>/<prefix> [brd +] dev <index>`; IPv6 without duplicate address detection. */
export function newAddress(index: number, address: string, prefix: number): Buffer {
  const a = parseAddr(address);
  if (a === undefined) throw new TypeError(`not an address: ${address}`);
  const head = Buffer.alloc(8);
  head.writeUInt8(a.family === 4 ? AF.INET : AF.INET6, 0);
  head.writeUInt8(prefix, 1);
  head.writeUInt8(a.family === 6 ? IFA_F_NODAD : 0, 2);
  head.writeUInt32LE(index, 4);
  const parts = [head, attr(IFA.LOCAL, addrBytes(a)), attr(IFA.ADDRESS, addrBytes(a))];
  if (a.family === 4 && prefix < 31) {
    const hostBits = (1n << BigInt(32 - prefix)) - 1n;
    parts.push(attr(IFA.BROADCAST, addrBytes({ family: 4, value: a.value | hostBits })));
  }
  if (a.family === 6) parts.push(u32Attr(IFA.FLAGS, IFA_F_NODAD));
  return Buffer.concat(parts);
}

/** RTM_NEWROUTE: `ip route add default via <gateway> dev <index> [metric m]` in the main table. */
export function defaultRoute(index: number, gateway: string, metric?: number): Buffer {
  const g = parseAddr(gateway);
  if (g === undefined) throw new TypeError(`not an address: ${gateway}`);
  const head = Buffer.alloc(12);
  head.writeUInt8(g.family === 4 ? AF.INET : AF.INET6, 0);
  head.writeUInt8(RT_TABLE_MAIN, 4);
  head.writeUInt8(RTPROT_BOOT, 5);
  head.writeUInt8(RTN_UNICAST, 7);
  const parts = [head, attr(RTA.GATEWAY, addrBytes(g)), u32Attr(RTA.OIF, index)];
  if (metric !== undefined) parts.push(u32Attr(RTA.PRIORITY, metric));
  return Buffer.concat(parts);
}

/** RTM_GETROUTE dump of one family. */
export function routeDump(family: 4 | 6): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt8(family === 4 ? AF.INET : AF.INET6, 0);
  return head;
}

