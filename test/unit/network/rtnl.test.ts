import { describe, expect, it } from 'vitest';
import { parseAttrs, parseLink, parseRoute } from '../../../src/network/rtnl/decode.js';
import * as enc from '../../../src/network/rtnl/encode.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('rtnetlink encoding', () => {
  it('brings a link up: ifinfomsg with IFF_UP in flags and change', () => {
    expect(hex(enc.linkUp(7))).toBe('00000000' + '07000000' + '01000000' + '01000000');
  });

  it('adds an IPv4 address with local, address and broadcast', () => {
    const b = enc.newAddress(3, '10.0.0.2', 24);
    expect(hex(b.subarray(0, 8))).toBe('021800' + '00' + '03000000');
    const attrs = parseAttrs(b, 8);
    expect(hex(attrs.get(2) as Buffer)).toBe('0a000002');
    expect(hex(attrs.get(1) as Buffer)).toBe('0a000002');
    expect(hex(attrs.get(4) as Buffer)).toBe('0a0000ff');
  });

  it('adds IPv6 without duplicate address detection', () => {
    const b = enc.newAddress(3, 'fd00::2', 64);
    expect(b[0]).toBe(10);
    expect(b[2]).toBe(0x02);
    const attrs = parseAttrs(b, 8);
    expect(hex(attrs.get(2) as Buffer)).toBe('fd000000000000000000000000000002');
    expect((attrs.get(8) as Buffer).readUInt32LE(0)).toBe(2);
    expect(attrs.has(4)).toBe(false);
  });

  it('routes default via the gateway in the main table', () => {
    const b = enc.defaultRoute(5, '10.0.0.1', 100);
    expect(hex(b.subarray(0, 12))).toBe('02000000' + 'fe030001' + '00000000');
    const attrs = parseAttrs(b, 12);
    expect(hex(attrs.get(5) as Buffer)).toBe('0a000001');
    expect((attrs.get(4) as Buffer).readUInt32LE(0)).toBe(5);
    expect((attrs.get(6) as Buffer).readUInt32LE(0)).toBe(100);
  });

  it('creates a veth whose peer carries name, MAC, MTU and the namespace fd', () => {
    const b = enc.newVeth({ hostName: 'tscvabc', master: 4, mtu: 1500, peerName: 'eth0', peerMac: '02:42:0a:00:00:02', peerNetnsFd: 9 });
    const top = parseAttrs(b, 16);
    expect((top.get(3) as Buffer).toString()).toBe('tscvabc\0');
    expect((top.get(10) as Buffer).readUInt32LE(0)).toBe(4);
    const info = parseAttrs(top.get(18) as Buffer, 0);
    expect((info.get(1) as Buffer).toString()).toBe('veth\0');
    const peerAttr = parseAttrs(info.get(2) as Buffer, 0).get(1) as Buffer;
    // The peer is not up at creation: the kernel refuses to open half a pair.
    expect(peerAttr.readUInt32LE(8)).toBe(0);
    const peer = parseAttrs(peerAttr, 16);
    expect((peer.get(3) as Buffer).toString()).toBe('eth0\0');
    expect(hex(peer.get(1) as Buffer)).toBe('02420a000002');
    expect((peer.get(28) as Buffer).readUInt32LE(0)).toBe(9);
  });

  it('keeps the namespace fd in the last four bytes of the framed veth message, where the netns helper writes its own', () => {
    const m = enc.message(enc.RTM.NEWLINK, enc.NLM_F.CREATE, enc.newVeth({ hostName: 'tscvabc', master: 4, mtu: 1500, peerName: 'eth0', peerMac: '02:42:0a:00:00:02', peerNetnsFd: 0x01020304 }));
    expect(m.readUInt32LE(enc.vethNetnsFdOffset(m))).toBe(0x01020304);
    expect(enc.vethNetnsFdOffset(m)).toBe(m.length - 4);
  });

  it('sets hairpin mode on a bridge port by name, as bridge_slave data in the link info', () => {
    const b = enc.hairpinByName('tscvabc');
    expect(b.readInt32LE(4)).toBe(0);
    const top = parseAttrs(b, 16);
    expect((top.get(3) as Buffer).toString()).toBe('tscvabc\0');
    const slave = parseAttrs(top.get(18) as Buffer, 0).get(5) as Buffer;
    expect(hex(slave)).toBe('05000400' + '01000000');
  });

  it('frames a message for the netns helper with REQUEST and ACK', () => {
    const m = enc.message(enc.RTM.SETLINK, 0, enc.linkUp(1));
    expect(m.readUInt32LE(0)).toBe(32);
    expect(m.readUInt16LE(4)).toBe(19);
    expect(m.readUInt16LE(6)).toBe(5);
  });
});

describe('rtnetlink decoding', () => {
  it('reads a link: index, name, master, peer index, kind, alias', () => {
    const payload = Buffer.concat([
      enc.ifinfomsg(0, 12, true),
      enc.attr(3, Buffer.from('tscv1\0')),
      enc.attr(10, Buffer.from([4, 0, 0, 0])),
      enc.attr(5, Buffer.from([2, 0, 0, 0])),
      enc.attr(18 | 0x8000, enc.attr(1, Buffer.from('veth\0'))),
      enc.attr(20, Buffer.from('tscompose x=y\0')),
    ]);
    expect(parseLink(payload)).toEqual({ index: 12, name: 'tscv1', up: true, master: 4, link: 2, kind: 'veth', alias: 'tscompose x=y' });
  });

  it('reads a route destination', () => {
    const rt = Buffer.alloc(12);
    rt.writeUInt8(2, 0);
    rt.writeUInt8(16, 1);
    rt.writeUInt8(254, 4);
    expect(parseRoute(Buffer.concat([rt, enc.attr(1, Buffer.from([172, 17, 0, 0]))]))).toEqual({ family: 4, dst: '172.17.0.0/16', table: 254 });
    expect(parseRoute(rt)?.dst).toBe('0.0.0.0/16');
  });
});
