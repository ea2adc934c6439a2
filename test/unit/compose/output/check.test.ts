/**
 * checkDecodable's walk (check.ts) must fail exactly where decoding the model
 * for printing (decodeStruct) fails first, with the same error, and pass
 * where it passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStruct } from '../../../../src/compose/output/check.js';
import { decodeStruct } from '../../../../src/compose/output/decode.js';

function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message} @ ${JSON.stringify((e as { location?: unknown }).location ?? null)}`;
  }
}

const scalar = fc.oneof(
  fc.constantFrom('10s', '1m30s', 'x', '5', '', '1.5h', '10', '1g', '512m', 'lots', "a 'b", 'echo "hi', 'host:1.2.3.4', 'bad', '=x', 'CMD'),
  fc.integer({ min: -5, max: 100 }), fc.boolean(), fc.constant(null),
);
const keys = fc.constantFrom(
  'interval', 'timeout', 'start_period', 'stop_grace_period', 'mem_limit', 'shm_size', 'command', 'entrypoint', 'extra_hosts',
  'healthcheck', 'deploy', 'resources', 'limits', 'memory', 'restart_policy', 'delay', 'window', 'ulimits', 'nofile', 'soft',
  'build', 'ports', 'target', 'image', 'x-a', 'tmpfs', 'size', 'volumes', 'networks', 'web', 'db', 'test', 'update_config',
);
// Plain objects, as YAML trees are (a null-prototype object does not print at all).
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 3 }),
  map: fc.dictionary(keys, tie('node'), { maxKeys: 4, noNullPrototype: true }),
})).node;
const project = fc.record({
  services: fc.dictionary(fc.constantFrom('web', 'db', 'a1', 'a10', 'a2'), fc.dictionary(keys, value, { maxKeys: 6, noNullPrototype: true }), { maxKeys: 4, noNullPrototype: true }),
  networks: fc.option(fc.dictionary(keys, value, { maxKeys: 2, noNullPrototype: true })),
  volumes: fc.option(fc.dictionary(keys, value, { maxKeys: 2, noNullPrototype: true })),
});

describe('checkDecodable', () => {
  it('fails where decoding for printing fails first, with the same error', () => {
    let failures = 0;
    fc.assert(fc.property(project, (p) => {
      const expected = outcome(() => decodeStruct('Project', p, 'yaml', ''));
      expect(outcome(() => checkStruct('Project', p, ''))).toBe(expected);
      if (expected !== 'ok') failures++;
    }), { numRuns: 2000 });
    // Both outcomes must be exercised for the comparison to mean anything.
    expect(failures).toBeGreaterThan(100);
  });
});
