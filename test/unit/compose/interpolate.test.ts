import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/errors.js';
import { interpolateTree } from '../../../src/compose/interpolate.js';
import type { Mapping } from '../../../src/compose/tree.js';

const ENV: Readonly<Record<string, string>> = { SET: 'val', EMPTY: '', PORT: '8080' };

function run(tree: Mapping): { tree?: Mapping; error?: string; path?: string; warnings: string[] } {
  const warnings: string[] = [];
  try {
    return { tree: interpolateTree(tree, { lookup: (k) => ENV[k], warn: (m) => warnings.push(m) }), warnings };
  } catch (err) {
    if (!(err instanceof ComposeError)) throw err;
    return { error: err.message, path: err.location.path, warnings };
  }
}

const svc = (fields: Mapping): Mapping => ({ services: { web: { image: 'x', ...fields } } });
const yes = (v: string, to: 'true' | 'false'): string =>
  `"${v}" for boolean is not supported by YAML 1.2, please use \`${to}\``;
const castError = (path: string, reason: string): string =>
  `error while interpolating ${path}: failed to cast to expected type: ${reason}`;

interface Case {
  name: string;
  in: Mapping;
  out?: Mapping;
  error?: string;
  path?: string;
  warnings?: string[];
}

// Expected values checked with `docker compose config --format json` (2.26.1) on the same input.
const CASES: readonly Case[] = [
  { name: 'substitutes values at any depth', in: { services: { web: { image: 'busybox:${SET}', command: ['echo', '$SET'], labels: { a: '${EMPTY:-d}' } } } },
    out: { services: { web: { image: 'busybox:val', command: ['echo', 'val'], labels: { a: 'd' } } } } },
  { name: 'never keys', in: svc({ labels: { $KEY: 'v', '${SET}': '$SET' } }), out: svc({ labels: { $KEY: 'v', '${SET}': 'val' } }) },
  { name: 'extensions too', in: { 'x-top': '${SET:-d}', services: { web: { 'x-foo': { bar: '$SET' } } } },
    out: { 'x-top': 'val', services: { web: { 'x-foo': { bar: 'val' } } } } },
  { name: 'non-strings pass through', in: svc({ cpus: 1.5, privileged: true, scale: 2, init: null }), out: svc({ cpus: 1.5, privileged: true, scale: 2, init: null }) },
  { name: 'unset variables warn', in: svc({ image: '$NOPE', labels: { x: '${NOPE}' } }), out: svc({ image: '', labels: { x: '' } }),
    warnings: ['The "NOPE" variable is not set. Defaulting to a blank string.', 'The "NOPE" variable is not set. Defaulting to a blank string.'] },
  // error wording and paths
  { name: 'invalid template names the path', in: svc({ image: '${' }), path: 'services.web.image',
    error: 'invalid interpolation format for services.web.image.\nYou may need to escape any $ with another $.\n${' },
  { name: 'invalid nested default shows the inner text', in: svc({ image: '${A:-${}}' }),
    error: 'invalid interpolation format for services.web.image.\nYou may need to escape any $ with another $.\n${}' },
  { name: 'required variable', in: svc({ image: 'a ${A:?msg here}' }), path: 'services.web.image',
    error: 'error while interpolating services.web.image: required variable A is missing a value: msg here' },
  { name: 'list items print as []', in: svc({ command: ['a', '${X?}'] }), path: 'services.web.command.1',
    error: 'error while interpolating services.web.command.[]: required variable X is missing a value' },
  { name: 'dotted keys print as written', in: svc({ labels: { 'a.b.c': '${X?}' } }), path: 'services.web.labels.a.b.c',
    error: 'error while interpolating services.web.labels.a.b.c: required variable X is missing a value' },
  // casting typed fields
  { name: 'port target to int', in: svc({ ports: [{ target: '${PORT}', published: '${PORT}' }] }), out: svc({ ports: [{ target: 8080, published: '8080' }] }) },
  { name: 'bad port target', in: svc({ ports: [{ target: 'a${X-}' }] }), path: 'services.web.ports.0.target',
    error: castError('services.web.ports.[].target', 'strconv.Atoi: parsing "a": invalid syntax') },
  { name: 'yes is true, with a warning', in: svc({ privileged: '${X-yes}' }), out: svc({ privileged: true }), warnings: [yes('yes', 'true')] },
  { name: 'Off is false, with a warning', in: svc({ tty: 'Off' }), out: svc({ tty: false }), warnings: [yes('Off', 'false')] },
  { name: 'TRUE is true', in: svc({ stdin_open: 'TRUE', init: 'false', read_only: 'True' }), out: svc({ stdin_open: true, init: false, read_only: true }) },
  { name: 'not a boolean', in: svc({ privileged: 'maybe' }), error: castError('services.web.privileged', 'invalid boolean: maybe') },
  { name: '1 is not a boolean', in: svc({ volumes: [{ type: 'bind', read_only: '1' }] }), error: castError('services.web.volumes.[].read_only', 'invalid boolean: 1') },
  { name: 'cpus is a float32', in: svc({ cpus: '0.123456789' }), out: svc({ cpus: 0.12345679 }) },
  { name: 'cpus accepts underscores and hex floats', in: svc({ cpus: '1_0', cpu_percent: '0x1p-2' }), out: svc({ cpus: 10, cpu_percent: 0.25 }) },
  { name: 'cpus syntax', in: svc({ cpus: '${X-abc}' }), error: castError('services.web.cpus', 'strconv.ParseFloat: parsing "abc": invalid syntax') },
  { name: 'hex float needs an exponent', in: svc({ cpus: '0x10' }), error: castError('services.web.cpus', 'strconv.ParseFloat: parsing "0x10": invalid syntax') },
  { name: 'float32 range', in: svc({ cpus: '1e40' }), error: castError('services.web.cpus', 'strconv.ParseFloat: parsing "1e40": value out of range') },
  { name: 'float64 range', in: svc({ cpu_percent: '1e400' }), error: castError('services.web.cpu_percent', 'strconv.ParseFloat: parsing "1e400": value out of range') },
  { name: 'scale is no float', in: svc({ scale: '1.5' }), error: castError('services.web.scale', 'strconv.Atoi: parsing "1.5": invalid syntax') },
  { name: 'ints take a sign and leading zeros', in: svc({ pids_limit: '+5', scale: '007', oom_score_adj: '-500' }), out: svc({ pids_limit: 5, scale: 7, oom_score_adj: -500 }) },
  { name: 'int64 overflow', in: svc({ scale: '99999999999999999999' }), error: castError('services.web.scale', 'strconv.Atoi: parsing "99999999999999999999": value out of range') },
  { name: 'no spaces in ints', in: svc({ pids_limit: ' 5' }), error: castError('services.web.pids_limit', 'strconv.ParseInt: parsing " 5": invalid syntax') },
  { name: 'no underscores in ints', in: svc({ cpu_shares: '1_0' }), error: castError('services.web.cpu_shares', 'strconv.ParseInt: parsing "1_0": invalid syntax') },
  { name: 'modes are decimal', in: svc({ secrets: [{ source: 's', mode: '0440' }], configs: [{ source: 'c', mode: '0444' }] }),
    out: svc({ secrets: [{ source: 's', mode: 440 }], configs: [{ source: 'c', mode: 444 }] }) },
  { name: 'ulimits', in: svc({ ulimits: { nofile: '1024', nproc: { soft: '10', hard: '${H-20}' } } }), out: svc({ ulimits: { nofile: 1024, nproc: { soft: 10, hard: 20 } } }) },
  { name: 'deploy and healthcheck', in: svc({ deploy: { replicas: '2', update_config: { max_failure_ratio: '0.5', parallelism: '3' } }, healthcheck: { retries: '3', disable: 'false' } }),
    out: svc({ deploy: { replicas: 2, update_config: { max_failure_ratio: 0.5, parallelism: 3 } }, healthcheck: { retries: 3, disable: false } }) },
  { name: 'volume nocopy', in: svc({ volumes: [{ type: 'volume', volume: { nocopy: 'true' } }] }), out: svc({ volumes: [{ type: 'volume', volume: { nocopy: true } }] }) },
  { name: 'top-level flags', in: { networks: { n: { external: 'true', internal: 'false', attachable: 'true', enable_ipv4: 'true', enable_ipv6: 'false' } }, volumes: { v: { external: 'no' } }, secrets: { s: { external: 'true' } }, configs: { c: { external: 'false' } } },
    out: { networks: { n: { external: true, internal: false, attachable: true, enable_ipv4: true, enable_ipv6: false } }, volumes: { v: { external: false } }, secrets: { s: { external: true } }, configs: { c: { external: false } } },
    warnings: [yes('no', 'false')] },
  { name: 'only typed paths are cast', in: svc({ ports: ['8080:80'], environment: { A: '1', B: 'true' }, x: { cpus: '1' } }),
    out: svc({ ports: ['8080:80'], environment: { A: '1', B: 'true' }, x: { cpus: '1' } }) },
  { name: 'paths must match in length', in: { services: { web: { deploy: { resources: { limits: { cpus: '0.5' } } } } }, cpus: '1' },
    out: { services: { web: { deploy: { resources: { limits: { cpus: '0.5' } } } } }, cpus: '1' } },
];

describe('interpolateTree', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = run(c.in);
    if (c.error !== undefined) {
      expect(got.error).toBe(c.error);
      if (c.path !== undefined) expect(got.path).toBe(c.path);
    } else {
      expect(got.error).toBeUndefined();
      expect(got.tree).toEqual(c.out);
    }
    expect(got.warnings).toEqual(c.warnings ?? []);
  });

  it('does not modify its input', () => {
    const input = svc({ image: '$SET', ports: [{ target: '80' }] });
    const copy = structuredClone(input);
    run(input);
    expect(input).toEqual(copy);
  });

  it('keeps a key named __proto__ as data', () => {
    const input = JSON.parse('{"x-a": {"__proto__": "$SET"}}') as Mapping;
    const out = run(input).tree as { 'x-a': Mapping };
    expect(Object.keys(out['x-a'])).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(out['x-a'], '__proto__')?.value).toBe('val');
  });
});
