import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { setDefaultValues } from '../../../src/compose/defaults.js';
import type { Mapping } from '../../../src/compose/tree.js';

function withDefaults(yaml: string): Mapping {
  return setDefaultValues(parse(yaml) as Mapping);
}

describe('default values (compose-go transform.SetDefaultValues)', () => {
  it.each<[string, string, string, unknown]>([
    ['build context', 'services: {a: {build: {dockerfile: D}}}', 'a', { build: { dockerfile: 'D', context: '.' } }],
    ['build context kept', 'services: {a: {build: {context: ctx}}}', 'a', { build: { context: 'ctx' } }],
    ['secret target', 'services: {a: {secrets: [{source: s1}, {source: s2, target: /t}]}}', 'a', {
      secrets: [{ source: 's1', target: '/run/secrets/s1' }, { source: 's2', target: '/t' }],
    }],
    ['config without target', 'services: {a: {configs: [{source: c1}]}}', 'a', { configs: [{ source: 'c1' }] }],
    ['build secret without target', 'services: {a: {build: {context: ., secrets: [{source: s}]}}}', 'a', {
      build: { context: '.', secrets: [{ source: 's' }] },
    }],
    ['port protocol and mode', 'services: {a: {ports: [{target: 80, published: 8080}, {target: 81, protocol: udp, mode: host}]}}', 'a', {
      ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' }, { target: 81, protocol: 'udp', mode: 'host' }],
    }],
    ['gpu count', 'services: {a: {gpus: [{driver: nvidia}, {count: 2}, {device_ids: ["0"]}]}}', 'a', {
      gpus: [{ driver: 'nvidia', count: 'all' }, { count: 2 }, { device_ids: ['0'] }],
    }],
    ['device request count', 'services: {a: {deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}}}', 'a', {
      deploy: { resources: { reservations: { devices: [{ capabilities: ['gpu'], count: 'all' }] } } },
    }],
  ])('%s', (_name, yaml, service, expected) => {
    expect((withDefaults(yaml).services as Mapping)[service]).toEqual(expected);
  });

  it('rejects a device request that is not a mapping', () => {
    expect(() => withDefaults('services: {a: {gpus: [all]}}')).toThrow('services.a.gpus.[]: invalid type map[string]interface {} for device request');
  });

  it('rejects a secret mount that is not a mapping', () => {
    expect(() => withDefaults('services: {a: {secrets: [s]}}')).toThrow('services.a.secrets.[]: unsupported type string');
  });

  it('does not modify its input', () => {
    const input = parse('services: {a: {build: {}, ports: [{target: 80}]}}') as Mapping;
    const copy = structuredClone(input);
    setDefaultValues(input);
    expect(input).toEqual(copy);
  });
});
