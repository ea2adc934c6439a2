import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeModels, mergeService } from '../../../src/compose/merge.js';
import type { Mapping } from '../../../src/compose/tree.js';
import { enforceUnicity } from '../../../src/compose/unicity.js';
import { ComposeError } from '../../../src/errors.js';

// compose-go v2.4.8 override.Merge (+ EnforceUnicity, as its tests assert) as
// (base, override, expected) triples; see the fixture's header.

interface MergeCase {
  name: string;
  base: Mapping;
  override: Mapping;
  expected?: Mapping;
  error?: string;
  unicity?: boolean;
}

const fixture = new URL('../../fixtures/merge/merge-cases.yaml', import.meta.url);
const cases = parse(readFileSync(fixture, 'utf8')) as MergeCase[];

function errorOf(run: () => unknown): ComposeError {
  try {
    run();
  } catch (err) {
    if (err instanceof ComposeError) return err;
    throw err;
  }
  throw new Error('expected a ComposeError');
}

describe('mergeModels', () => {
  it('has a case for every special rule', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const before = structuredClone([c.base, c.override]);
    const merge = (): Mapping => {
      const merged = mergeModels(c.base, c.override);
      return c.unicity === false ? merged : enforceUnicity(merged);
    };
    if (c.error !== undefined) {
      expect(errorOf(merge).detail).toBe(c.error);
    } else {
      expect(merge()).toEqual(c.expected);
    }
    expect([c.base, c.override]).toEqual(before);
  });

  it('locates a merge error at the overriding path', () => {
    const err = errorOf(() => mergeModels({ services: { s: { ports: ['80'] } } }, { services: { s: { ports: '81' } } }));
    expect(err.code).toBe('E_MERGE');
    expect(err.location.path).toBe('services.s.ports');
  });

  it('does not let a YAML alias shared by two services carry one merge into the other', () => {
    const base = parse('x: &env {A: "1"}\nservices:\n  a: {environment: *env, deploy: {labels: *env}}\n  b: {deploy: {labels: *env}}\n') as Mapping;
    const merged = mergeModels(base, { services: { a: { deploy: { labels: { B: '2' } } } } });
    expect(merged.services).toEqual({
      a: { environment: { A: '1' }, deploy: { labels: ['A=1', 'B=2'] } },
      b: { deploy: { labels: { A: '1' } } },
    });
  });

  it('keeps __proto__ an ordinary key', () => {
    const override = JSON.parse('{"x-a": {"__proto__": {"polluted": 1}}, "services": {"__proto__": {"image": "y"}}}') as Mapping;
    const merged = mergeModels(JSON.parse('{"services": {"__proto__": {"image": "x", "cap_add": ["A"]}}}') as Mapping, override);
    expect(Object.keys(merged.services as Mapping)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(merged.services)).toBe(Object.prototype);
    expect(JSON.stringify(merged)).toBe('{"services":{"__proto__":{"image":"y","cap_add":["A"]}},"x-a":{"__proto__":{"polluted":1}}}');
  });
});

describe('mergeService (extends)', () => {
  const svc = (yaml: string): Mapping => parse(yaml) as Mapping;

  it.each<[string, string, string, Mapping]>([
    ['command and entrypoint are replaced', '{image: a, command: [x, y], entrypoint: [e]}', '{command: z}', { image: 'a', command: 'z', entrypoint: ['e'] }],
    ['environment forms merge into a list', '{environment: {A: "1", B: "2"}}', '{environment: [A=3]}', { environment: ['A=1', 'B=2', 'A=3'] }],
    ['ports append', '{ports: ["80:80"]}', '{ports: ["81:81"]}', { ports: ['80:80', '81:81'] }],
    ['depends_on list meets mapping', '{depends_on: [db]}', '{depends_on: {db: {condition: service_healthy}}}', {
      depends_on: { db: { condition: 'service_healthy', required: true } },
    }],
    ['build string meets mapping', '{build: ./a}', '{build: {target: t}}', { build: { context: './a', target: 't' } }],
    ['logging with another driver is replaced', '{logging: {driver: a, options: {x: "1"}}}', '{logging: {driver: b}}', { logging: { driver: 'b' } }],
    ['ulimits are replaced whole', '{ulimits: {nofile: {soft: 1, hard: 2}}}', '{ulimits: {nofile: {soft: 3}}}', { ulimits: { nofile: { soft: 3 } } }],
    ['extends stays for the caller to drop', '{image: a}', '{extends: base, image: b}', { image: 'b', extends: 'base' }],
  ])('%s', (_name, base, override, expected) => {
    expect(mergeService(svc(base), svc(override))).toEqual(expected);
  });

  it('words errors with compose\'s service name `x` but locates them at the real service', () => {
    const err = errorOf(() => mergeService(svc('{ports: ["80"]}'), svc('{ports: "81"}'), 'web'));
    expect(err.detail).toBe('cannot override services.x.ports');
    expect(err.location.path).toBe('services.web.ports');
    expect(errorOf(() => mergeService(svc('{logging: {driver: a}}'), svc('{logging: null}'))).location.path).toBeUndefined();
  });
});

describe('robustness', () => {
  // Merge runs before schema validation, so it sees any shape a user writes; where compose-go would
  // panic we must still answer with a ComposeError, never a TypeError.
  const keys = fc.constantFrom(
    'services', 'networks', 'volumes', 's', 'ipam', 'config', 'subnet', 'build', 'logging', 'driver', 'depends_on',
    'environment', 'labels', 'extra_hosts', 'ulimits', 'nofile', 'command', 'ports', 'volumes', 'devices', 'secrets',
    'configs', 'env_file', 'expose', 'target', 'published', 'path', 'source', 'aliases', 'x-a', '__proto__',
  );
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 3 }),
    map: fc.dictionary(keys, tie('node'), { maxKeys: 4 }),
  }));
  const model = fc.record({ services: fc.dictionary(fc.constantFrom('s', 't'), tree.map, { maxKeys: 2 }), networks: tree.node });

  it('answers with a merged model or a ComposeError', () => {
    fc.assert(fc.property(model, model, (base, override) => {
      try {
        enforceUnicity(mergeModels(base as Mapping, override as Mapping));
        mergeService(base.services, override.services);
      } catch (err) {
        if (!(err instanceof ComposeError)) throw err;
      }
    }), { numRuns: 1000 });
  });
});
