import { describe, expect, it } from 'vitest';
import { canonicalAddr, contains, formatAddr, formatPrefix, overlaps, parseAddr, parsePrefix } from '../../../src/network/ip.js';

describe('addresses', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fd00:1:0:0:0:0:0:2', 'fd00:1::2'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['FE80::A', 'fe80::a'],
    ['::ffff:10.1.2.3', '::ffff:a01:203'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:3:4:5:6:7:8', '1:0:3:4:5:6:7:8'],
  ])('%s prints as %s', (text, canonical) => {
    expect(canonicalAddr(text)).toBe(canonical);
  });

  it.each(['10.0.0', '10.0.0.256', '01.2.3.4', '1::2::3', ':::', '1:2:3:4:5:6:7:8:9', 'g::1', '', '1:2:3:4:5:6:7'])('rejects %j', (text) => {
    expect(parseAddr(text)).toBeUndefined();
  });

  it('round-trips values', () => {
    expect(formatAddr({ family: 4, value: 0xac110002n })).toBe('172.17.0.2');
  });
});

describe('prefixes', () => {
  it('clears host bits and compares', () => {
    const p = parsePrefix('172.18.5.9/16');
    expect(p && formatPrefix(p)).toBe('172.18.0.0/16');
    expect(contains(p!, parseAddr('172.18.255.255')!)).toBe(true);
    expect(contains(p!, parseAddr('172.19.0.1')!)).toBe(false);
    expect(overlaps(parsePrefix('10.0.0.0/8')!, parsePrefix('10.9.0.0/24')!)).toBe(true);
    expect(overlaps(parsePrefix('10.0.0.0/24')!, parsePrefix('10.0.1.0/24')!)).toBe(false);
    expect(overlaps(parsePrefix('fd00::/64')!, parsePrefix('10.0.0.0/8')!)).toBe(false);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '::/129', 'x/8', '10.0.0.0/08x'])('rejects %j', (t) => {
    expect(parsePrefix(t)).toBeUndefined();
  });
});
