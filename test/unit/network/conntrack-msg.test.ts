import { describe, expect, it } from 'vitest';
import { involving, toPortNotTo } from '../../../src/network/conntrack.js';
import { parseAddr, type Addr } from '../../../src/network/ip.js';
import { deleteRequest, dumpRequest, parseEntry } from '../../../src/network/rtnl/conntrack-msg.js';

const a = (s: string): Addr => parseAddr(s) as Addr;
const nla = (type: number, value: Buffer, nested = false): Buffer => {
  const len = 4 + value.length;
  const out = Buffer.alloc((len + 3) & ~3);
  out.writeUInt16LE(len, 0);
  out.writeUInt16LE(type | (nested ? 0x8000 : 0), 2);
  value.copy(out, 4);
  return out;
};
const be16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const tuple = (type: number, src: string, dst: string, sport: number, dport: number): Buffer =>
  nla(type, Buffer.concat([
    nla(1, Buffer.concat([nla(1, Buffer.from(src.split('.').map(Number))), nla(2, Buffer.from(dst.split('.').map(Number)))]), true),
    nla(2, Buffer.concat([nla(1, Buffer.from([17])), nla(2, be16(sport)), nla(3, be16(dport))]), true),
  ]), true);

// A UDP flow from a remote client to published port 8053, DNAT'd to 172.18.0.2:53, as ctnetlink dumps it.
const orig = tuple(1, '192.0.2.2', '192.0.2.1', 40000, 8053);
const msg = Buffer.concat([Buffer.from([2, 0, 0, 0]), orig, tuple(2, '172.18.0.2', '192.0.2.2', 53, 40000), nla(12, Buffer.from([0, 0, 0, 8]))]);

describe('ctnetlink messages', () => {
  it('reads both tuples of a dumped entry and names it by its original tuple to delete it', () => {
    const e = parseEntry(msg);
    expect(e?.family).toBe(4);
    expect(e?.orig).toMatchObject({ proto: 17, sport: 40000, dport: 8053 });
    expect(e?.reply.src).toEqual(a('172.18.0.2'));
    expect(deleteRequest(e!)).toEqual(Buffer.concat([Buffer.from([2, 0, 0, 0]), orig]));
    expect(dumpRequest(6)).toEqual(Buffer.from([10, 0, 0, 0]));
  });

  it('matches flows of an address on any end, and port flows that missed a new DNAT rule', () => {
    const e = parseEntry(msg)!;
    expect(involving(a('172.18.0.2'))(e)).toBe(true);
    expect(involving(a('192.0.2.2'))(e)).toBe(true);
    expect(involving(a('172.18.0.3'))(e)).toBe(false);
    expect(toPortNotTo('udp', 8053, a('172.18.0.2'))(e)).toBe(false);
    expect(toPortNotTo('udp', 8053, a('172.18.0.9'))(e)).toBe(true);
    expect(toPortNotTo('tcp', 8053, a('172.18.0.9'))(e)).toBe(false);
  });
});
