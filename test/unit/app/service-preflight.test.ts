import { describe, expect, it } from 'vitest';
import { checkNetworkMode, loggingWarning, preflightServices } from '../../../src/app/service-preflight.js';
import type { DesiredState } from '../../../src/plan/types.js';

const desired = (...names: string[]): DesiredState => ({ services: names.map((name) => ({ name })) }) as unknown as DesiredState;

describe('up`s checks of the services before anything is made', () => {
  it('accepts the network modes it has: unset, host, none, service: and container:', () => {
    for (const m of [undefined, 'host', 'none', 'service:db', 'container:x']) expect(() => checkNetworkMode('web', m === undefined ? {} : { network_mode: m })).not.toThrow();
  });

  it('refuses docker`s default bridge, naming the service and saying what to do instead', () => {
    expect(() => checkNetworkMode('web', { network_mode: 'bridge' })).toThrow('service "web": network_mode: bridge names Docker\'s default bridge network, which tscompose does not have');
    try {
      checkNetworkMode('web', { network_mode: 'default' });
    } catch (e) {
      expect((e as { code: string }).code).toBe('E_NETWORK_MODE');
      expect((e as { hint: string }).hint).toContain('remove network_mode');
    }
  });

  it('refuses a mode it does not know', () => {
    expect(() => checkNetworkMode('web', { network_mode: 'mynet' })).toThrow('service "web": network_mode: mynet is not supported');
  });

  it('warns once per service for a logging driver it does not have, not for the file drivers', () => {
    expect(loggingWarning('web', { logging: { driver: 'syslog', options: { tag: 'x' } } })).toBe('service "web": logging driver "syslog" is not available; the output is kept in the container\'s log file (tscompose logs reads it)');
    for (const d of ['json-file', 'local', 'none']) expect(loggingWarning('web', { logging: { driver: d } })).toBeUndefined();
    expect(loggingWarning('web', {})).toBeUndefined();
    const warned: string[] = [];
    preflightServices(desired('a', 'b'), { a: { logging: { driver: 'journald' } }, b: {} }, (m) => warned.push(m));
    expect(warned).toEqual(['service "a": logging driver "journald" is not available; the output is kept in the container\'s log file (tscompose logs reads it)']);
  });

  it('fails on the first service with a bad mode before warning about later ones', () => {
    const warned: string[] = [];
    expect(() => preflightServices(desired('a', 'b'), { a: { network_mode: 'bridge' }, b: { logging: { driver: 'gelf' } } }, (m) => warned.push(m))).toThrow('network_mode: bridge');
    expect(warned).toEqual([]);
  });
});
