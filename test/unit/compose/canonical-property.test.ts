import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/compose/canonical.js';
import { checkConsistency } from '../../../src/compose/consistency.js';
import { setDefaultValues } from '../../../src/compose/defaults.js';
import { normalizeModel } from '../../../src/compose/normalize.js';
import { resolveRelativePaths } from '../../../src/compose/paths.js';
import { applyProfiles } from '../../../src/compose/profiles.js';
import type { Mapping } from '../../../src/compose/tree.js';
import { validateModel } from '../../../src/compose/validate-model.js';
import { ComposeError } from '../../../src/errors.js';

// The schema normally runs first, but `--no-validation`-like inputs and future
// callers can hand these phases anything: they must answer with a ComposeError
// or a model, never a TypeError.
function run(model: Mapping): 'ok' | 'rejected' {
  try {
    let m = canonicalize(model);
    m = setDefaultValues(m);
    validateModel(m);
    m = resolveRelativePaths(m, '/p', '/home/u');
    m = normalizeModel({ ...m, name: 'p' }, { FOO: 'bar' });
    const { model: enabled, disabled } = applyProfiles(m, ['debug']);
    checkConsistency(enabled, disabled);
    return 'ok';
  } catch (e) {
    if (e instanceof ComposeError) return 'rejected';
    throw e;
  }
}

const scalar = fc.oneof(
  fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }),
  fc.constantFrom('80:80', '8000-8010:80/udp', './data:/data:ro', 'v:/x', '/dev/sda:/dev/xvda', 'service:web', 'all', '1g', 'default', 'key=val'),
);
const keys = fc.constantFrom(
  'image', 'build', 'ports', 'volumes', 'environment', 'env_file', 'depends_on', 'networks', 'devices', 'ulimits', 'secrets',
  'configs', 'gpus', 'extends', 'dns', 'label_file', 'links', 'volumes_from', 'network_mode', 'ipc', 'scale', 'deploy',
  'resources', 'limits', 'reservations', 'cpus', 'memory', 'mem_limit', 'container_name', 'healthcheck', 'test', 'develop',
  'watch', 'path', 'action', 'context', 'ssh', 'additional_contexts', 'args', 'external', 'name', 'driver', 'driver_opts',
  'o', 'device', 'file', 'source', 'target', 'type', 'count', 'device_ids', 'profiles', 'web', 'db', 'default',
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(keys, tie('node'), { maxKeys: 5 }),
})).node;
const model = fc.record({
  services: fc.dictionary(fc.constantFrom('web', 'db'), fc.dictionary(keys, value, { maxKeys: 6 }), { maxKeys: 2 }),
  networks: fc.dictionary(keys, value, { maxKeys: 2 }),
  volumes: fc.dictionary(keys, value, { maxKeys: 2 }),
  secrets: fc.dictionary(keys, value, { maxKeys: 2 }),
  include: value,
}, { requiredKeys: [] });

describe('canonical phases robustness', () => {
  it('answer random compose-shaped models with a model or a ComposeError', () => {
    fc.assert(fc.property(model, (m) => {
      expect(['ok', 'rejected']).toContain(run(m as Mapping));
    }), { numRuns: 1500 });
  });
});
