import { describe, expect, it } from 'vitest';
import { bridgeName, endpointId, endpointDnatChain, hostVethName, linkAlias, networkFilterChain, networkId, parseLinkAlias, validIfname } from '../../../src/network/names.js';

describe('object names', () => {
  it('are deterministic, start with tsc and fit the kernel limit', () => {
    const id = networkId('shop_default');
    expect(id).toBe(networkId('shop_default'));
    expect(id).not.toBe(networkId('shop_front'));
    expect(bridgeName(id)).toMatch(/^tscb[0-9a-f]{11}$/);
    expect(hostVethName(endpointId('c1', 'shop_default'))).toMatch(/^tscv[0-9a-f]{11}$/);
    expect(bridgeName(id).length).toBeLessThanOrEqual(15);
    expect(endpointId('c1', 'a')).not.toBe(endpointId('c2', 'a'));
    expect(networkFilterChain(id).length).toBeLessThanOrEqual(28);
    expect(endpointDnatChain('0123456789a')).toBe('TSC-D-0123456789a');
  });

  it.each([
    ['eth0', true],
    ['a23456789012345', true],
    ['a234567890123456', false],
    ['', false],
    ['a/b', false],
    ['a b', false],
    ['a:1', false],
  ])('interface name %j valid: %s', (n, ok) => {
    expect(validIfname(n)).toBe(ok);
  });

  it('records project and compose name in the link alias', () => {
    const alias = linkAlias({ project: 'shop', network: 'default', name: 'shop_default' });
    expect(alias).toBe('tscompose project=shop network=default name=shop_default');
    expect(parseLinkAlias(alias)).toEqual({ project: 'shop', network: 'default', name: 'shop_default' });
    expect(parseLinkAlias('docker')).toBeUndefined();
  });
});
