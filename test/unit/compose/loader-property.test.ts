import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadProject } from '../../../src/compose/loader.js';
import type { LoadInput } from '../../../src/compose/types.js';
import { TscomposeError } from '../../../src/errors.js';

// Whatever YAML a user writes, the loader either loads it or throws one of our
// own errors (which the CLI prints as a message); never a TypeError or a crash.
function load(content: string): 'loaded' | 'rejected' {
  const input: LoadInput = {
    workingDir: '/p',
    configFiles: [{ filename: '/p/compose.yaml', content }],
    environment: { FOO: 'bar', N: '3' },
    fs: { readFile: () => undefined, stat: () => undefined },
    homeDir: '/home/u',
  };
  try {
    loadProject(input, { projectName: 'p', profiles: [] }, () => {});
    return 'loaded';
  } catch (e) {
    if (!(e instanceof TscomposeError)) throw e;
    return 'rejected';
  }
}

const scalar = fc.oneof(
  fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }),
  fc.constantFrom('${FOO}', '${MISSING:?x}', '$$', '${', '80:80', '8000-8010:80/udp', './data:/data:ro', '1g', '10s', 'service:web'),
);
const keys = fc.constantFrom(
  'image', 'build', 'ports', 'volumes', 'environment', 'env_file', 'depends_on', 'networks', 'command', 'healthcheck',
  'deploy', 'extends', 'profiles', 'labels', 'ulimits', 'secrets', 'configs', 'network_mode', 'links', 'x-foo', 'mem_limit',
  'devices', 'tmpfs', 'logging', 'include', 'name', 'web', 'db', 'default', 'test', 'condition', 'target', 'source', 'driver',
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(keys, tie('node'), { maxKeys: 5 }),
})).node;

const project = fc.record({
  services: fc.dictionary(fc.constantFrom('web', 'db', 'app'), fc.dictionary(keys, value, { maxKeys: 6 }), { maxKeys: 3 }),
  networks: fc.option(fc.dictionary(keys, value, { maxKeys: 2 })),
  volumes: fc.option(fc.dictionary(keys, value, { maxKeys: 2 })),
  include: fc.option(value),
});

describe('loader robustness', () => {
  it('throws only its own errors on compose-shaped random models', () => {
    fc.assert(fc.property(project, (p) => void load(stringify(p))), { numRuns: 400 });
  });

  it('throws only its own errors on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void load(s)), { numRuns: 300 });
  });

  it('throws only its own errors on YAML-ish fragments', () => {
    const token = fc.constantFrom('services:', '\n', '  ', 'web:', '- ', '&a ', '*a', '<<: ', '!reset ', '!override ', '[', ']', '{', '}', ':', '"', "'", '#', '---\n', 'image: x', '${X}');
    fc.assert(fc.property(fc.array(token, { maxLength: 40 }), (parts) => void load(parts.join(''))), { numRuns: 500 });
  });

  it('tells a valid project from an invalid one (the properties are not vacuous)', () => {
    expect(load('services:\n  web:\n    image: nginx\n')).toBe('loaded');
    expect(load('services:\n  web:\n    image: [nginx]\n')).toBe('rejected');
  });
});
