import { describe, expect, it } from 'vitest';
import { NetworkAddressError, NetworkSpecError, PoolExhaustedError } from '../../../src/network/errors.js';
import { parsePrefix, type Prefix } from '../../../src/network/ip.js';
import { defaultV4Pools, pickAddress, pickSubnet, planSubnets, ulaPool } from '../../../src/network/ipam.js';
import type { SubnetRecord } from '../../../src/network/types.js';

const P = (t: string): Prefix => parsePrefix(t) as Prefix;
const base = { network: 'p_default', config: [], enableIpv6: false, taken: [] as Prefix[], v4Pools: defaultV4Pools(), v6Pool: ulaPool('machine') };

describe('default subnets', () => {
  it('takes docker pools in order, skipping what is routed or used', () => {
    expect(planSubnets(base)).toEqual([{ subnet: '172.17.0.0/16', gateway: '172.17.0.1', auxAddresses: {} }]);
    expect(planSubnets({ ...base, taken: [P('172.17.0.0/16'), P('172.18.3.0/24')] })[0]?.subnet).toBe('172.19.0.0/16');
    // 172.20.0.0/14 is split into /16s.
    expect(planSubnets({ ...base, taken: [P('172.16.0.0/14'), P('172.20.0.0/16')] })[0]?.subnet).toBe('172.21.0.0/16');
  });

  it('moves to 192.168.0.0/16 in /20s when 172.17-31 are taken', () => {
    expect(pickSubnet(defaultV4Pools(), [P('172.16.0.0/12'), P('192.168.0.0/20')])).toEqual(P('192.168.16.0/20'));
  });

  it('says so when every pool is taken', () => {
    expect(() => planSubnets({ ...base, taken: [P('172.16.0.0/12'), P('192.168.0.0/16')] })).toThrow(PoolExhaustedError);
  });

  it('adds a ULA /64 for enable_ipv6, stable for one machine id', () => {
    const s = planSubnets({ ...base, enableIpv6: true });
    expect(s[1]?.subnet).toMatch(/^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::\/64$/);
    expect(planSubnets({ ...base, enableIpv6: true })[1]).toEqual(s[1]);
    expect(planSubnets({ ...base, enableIpv6: true, v6Pool: ulaPool('other') })[1]?.subnet).not.toBe(s[1]?.subnet);
    expect(s[1]?.gateway).toBe(`${s[1]?.subnet.split('/')[0]}1`);
  });
});

describe('configured subnets', () => {
  it('keeps subnet, gateway, ip_range and aux addresses', () => {
    const s = planSubnets({ ...base, config: [{ subnet: '10.5.0.0/16', gateway: '10.5.0.254', ipRange: '10.5.1.0/24', auxAddresses: { router: '10.5.0.2' } }] });
    expect(s).toEqual([{ subnet: '10.5.0.0/16', gateway: '10.5.0.254', ipRange: '10.5.1.0/24', auxAddresses: { router: '10.5.0.2' } }]);
  });

  it.each([
    [{ gateway: '10.0.0.1' }, 'ipam.config[0] needs a subnet'],
    [{ subnet: '10.0.0.1' }, 'is not a CIDR prefix'],
    [{ subnet: '10.0.0.0/24', gateway: '10.0.1.1' }, 'gateway 10.0.1.1 is not in subnet 10.0.0.0/24'],
    [{ subnet: '10.0.0.0/24', ipRange: '10.0.0.0/16' }, 'ip_range 10.0.0.0/16 is not a prefix inside subnet'],
    [{ subnet: '10.0.0.0/24', auxAddresses: { a: '10.9.9.9' } }, 'aux_addresses.a 10.9.9.9 is not in subnet'],
    [{ subnet: 'fd00::/64' }, 'enable_ipv6 is not set'],
  ])('rejects %j', (config, message) => {
    expect(() => planSubnets({ ...base, config: [config] })).toThrow(NetworkSpecError);
    expect(() => planSubnets({ ...base, config: [config] })).toThrow(message);
  });

  it('rejects overlaps with each other and with the host', () => {
    expect(() => planSubnets({ ...base, config: [{ subnet: '10.0.0.0/16' }, { subnet: '10.0.1.0/24' }] })).toThrow('overlap');
    expect(() => planSubnets({ ...base, config: [{ subnet: '10.0.0.0/24' }], taken: [P('10.0.0.0/8')] })).toThrow('already in use on this host');
  });
});

describe('addresses', () => {
  const s: SubnetRecord = { subnet: '10.0.0.0/29', gateway: '10.0.0.1', auxAddresses: { r: '10.0.0.3' } };

  it('hands out addresses after the last one, skipping gateway, aux, network and broadcast', () => {
    expect(pickAddress('n', s, new Set())).toBe('10.0.0.2');
    expect(pickAddress('n', s, new Set(['10.0.0.2']), '10.0.0.2')).toBe('10.0.0.4');
    // A just-released address is not reused at once.
    expect(pickAddress('n', s, new Set(), '10.0.0.4')).toBe('10.0.0.5');
    expect(pickAddress('n', s, new Set(['10.0.0.2']), '10.0.0.6')).toBe('10.0.0.4');
  });

  it('is exhausted with a clear error', () => {
    expect(() => pickAddress('n', s, new Set(['10.0.0.2', '10.0.0.4', '10.0.0.5', '10.0.0.6']))).toThrow('no available IPv4 addresses in 10.0.0.0/29');
  });

  it('honours ip_range and static addresses', () => {
    const r: SubnetRecord = { subnet: '10.1.0.0/16', gateway: '10.1.0.1', ipRange: '10.1.5.0/24', auxAddresses: {} };
    expect(pickAddress('n', r, new Set())).toBe('10.1.5.0');
    expect(pickAddress('n', r, new Set(), undefined, '10.1.0.9')).toBe('10.1.0.9');
    expect(() => pickAddress('n', r, new Set(['10.1.0.9']), undefined, '10.1.0.9')).toThrow(NetworkAddressError);
    expect(() => pickAddress('n', r, new Set(), undefined, '10.1.0.1')).toThrow('already in use');
    expect(() => pickAddress('n', r, new Set(), undefined, '10.2.0.9')).toThrow('not in subnet 10.1.0.0/16');
  });

  it('works in a /64 without walking it', () => {
    const v6: SubnetRecord = { subnet: 'fd00:1::/64', gateway: 'fd00:1::1', auxAddresses: {} };
    expect(pickAddress('n', v6, new Set(['fd00:1::2']))).toBe('fd00:1::3');
  });
});
