import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../src/errors.js';
import isValid from '../../../src/generated/compose-schema-validator.js';
import schemaData from '../../../src/generated/compose-schema-data.js';
import { parseComposeYaml } from '../../../src/compose/parse.js';
import { validateSchema } from '../../../src/compose/schema.js';
import { humanType, mostSpecific } from '../../../src/compose/schema-messages.js';
import { explain, goJson, type SchemaError } from '../../../src/compose/schema-walk.js';
import type { Mapping } from '../../../src/compose/tree.js';
import { COMPOSE_GO_VALID, SCHEMA_ERRORS, SCHEMA_VALID } from './schema-cases.js';

function model(yaml: string): Mapping {
  const [doc] = parseComposeYaml('compose.yaml', yaml);
  if (doc === undefined) throw new Error('no document');
  return doc.tree;
}

function schemaError(m: Mapping): ComposeError | undefined {
  try {
    validateSchema(m);
    return undefined;
  } catch (err) {
    if (err instanceof ComposeError) return err;
    throw err;
  }
}

describe('validateSchema: messages as docker compose 2.26.1 prints them', () => {
  it.each(SCHEMA_ERRORS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const err = schemaError(model(c.yaml));
    expect(err?.code).toBe('E_SCHEMA');
    expect(err?.detail).toBe(c.message);
    expect(err?.location.path).toBe(c.path);
  });
});

describe('validateSchema: accepted models', () => {
  it.each([...SCHEMA_VALID, ...COMPOSE_GO_VALID].map((c) => [c.name, c.yaml] as const))('%s', (_name, yaml) => {
    expect(() => validateSchema(model(yaml))).not.toThrow();
  });

  it('accepts x- extension keys wherever the schema has ^x- patterns, with any value', () => {
    const anything = [null, 1, 'a', [1, { b: [] }], { deep: { x: 1 } }];
    for (const value of anything) {
      const m: Mapping = {
        'x-top': value,
        services: { web: { image: 'a', 'x-s': value, depends_on: { db: { condition: 'service_started', 'x-d': value } } } },
        networks: { n: { 'x-n': value } },
        volumes: { v: { 'x-v': value } },
        configs: { c: { file: './c', 'x-c': value } },
        secrets: { s: { file: './s', 'x-s': value } },
      };
      expect(() => validateSchema(m)).not.toThrow();
    }
  });

  it('does not treat X- (upper case) as an extension', () => {
    expect(schemaError({ services: { web: { image: 'a', 'X-s': 1 } } })?.detail)
      .toBe('services.web Additional property X-s is not allowed');
  });
});

describe('Go JSON encoding refuses non-finite numbers before validation', () => {
  it.each([
    [Infinity, 'json: unsupported value: +Inf'],
    [-Infinity, 'json: unsupported value: -Inf'],
    [Number.NaN, 'json: unsupported value: NaN'],
  ])('%s', (value, message) => {
    const err = schemaError({ services: { web: { image: 'a', 'x-n': [{ v: value }] } } });
    expect(err?.detail).toBe(message);
    expect(err?.location.path).toBe('services.web.x-n.0.v');
  });
});

describe('mostSpecific (compose-go getMostSpecificError)', () => {
  const e = (type: SchemaError['type'], path: (string | number)[], description: string, extra: Partial<SchemaError> = {}): SchemaError =>
    ({ type, path, description, ...extra });

  it.each<[string, SchemaError[], string, (string | number)[]]>([
    ['the deepest field wins', [
      e('additional_property_not_allowed', ['services', 'web'], 'Additional property foo is not allowed', { property: 'foo' }),
      e('invalid_type', ['services', 'web', 'image'], 'Invalid type. Expected: string, given: integer', { expected: 'string' }),
    ], 'services.web.image must be a string', ['services', 'web', 'image']],
    ['on a tie the first wins', [
      e('enum', ['a', 'b'], 'a.b must be one of the following: "x"'),
      e('required', ['a', 'c'], 'z is required', { property: 'z' }),
    ], 'a.b a.b must be one of the following: "x"', ['a', 'b']],
    ['on a tie a later invalid type wins', [
      e('required', ['a', 'c'], 'z is required', { property: 'z' }),
      e('invalid_type', ['a', 'b'], 'Invalid type. Expected: [boolean,string], given: array', { expected: '[boolean,string]' }),
      e('required', ['a', 'd'], 'y is required', { property: 'y' }),
    ], 'a.b must be a boolean or string', ['a', 'b']],
    ['a oneOf takes the description of the error after it', [
      e('number_one_of', ['x'], 'Must validate one and only one schema (oneOf)'),
      e('number_lte', ['x'], 'Must be less than or equal to 100'),
    ], 'x Must be less than or equal to 100', ['x']],
    ['a oneOf child keeps its raw description, even an invalid type', [
      e('number_one_of', ['x'], 'Must validate one and only one schema (oneOf)'),
      e('number_one_of', ['x'], 'Must validate one and only one schema (oneOf)'),
    ], 'x Must validate one and only one schema (oneOf)', ['x']],
    ['a last oneOf has nothing after it', [
      e('number_one_of', ['x'], 'Must validate one and only one schema (oneOf)'),
    ], 'x Must validate one and only one schema (oneOf)', ['x']],
    ['dots inside keys count as depth', [
      e('invalid_type', ['l', 'a'], 'Invalid type. Expected: string, given: integer', { expected: 'string' }),
      e('enum', ['l', 'b.c'], 'l.b.c must be one of the following: "x"'),
    ], 'l.b.c l.b.c must be one of the following: "x"', ['l', 'b.c']],
    ['the root is (root)', [
      e('additional_property_not_allowed', [], 'Additional property foo is not allowed', { property: 'foo' }),
    ], '(root) Additional property foo is not allowed', ['foo']],
  ])('%s', (_name, errors, message, path) => {
    expect(mostSpecific(errors)).toEqual({ message, path });
  });

  it('has nothing to say about no errors', () => {
    expect(mostSpecific([])).toBeUndefined();
  });
});

describe('humanType (compose words for JSON types)', () => {
  it.each([
    ['object', 'mapping'],
    ['array', 'list'],
    ['string', 'string'],
    ['integer', 'integer'],
    ['null', 'null'],
    ['[boolean,string]', 'boolean or string'],
    ['[object,null]', 'mapping or null'],
    ['[string,number,boolean,null]', 'string, number, boolean or null'],
    ['[boolean,string,object]', 'boolean, string or mapping'],
  ])('%s -> %s', (definition, words) => {
    expect(humanType(definition)).toBe(words);
  });
});

describe('goJson (what gojsonschema compares for enum and uniqueItems)', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: [true, null] }, '{"a":[true,null],"b":1}'],
    ['<a&b>', '"\\u003ca\\u0026b\\u003e"'],
    [1e21, '1e+21'],
    [-0, '-0'],
    [0.5, '0.5'],
  ])('%j', (value, text) => {
    expect(goJson(value)).toBe(text);
  });
});

describe('the ajv validator and the explaining walker agree', () => {
  const base = model(SCHEMA_VALID.find((c) => c.name === 'x_extensions_ok')?.yaml ?? '');
  const rich: Mapping = {
    name: 'p',
    services: {
      web: {
        image: 'nginx', ports: ['80:80', { target: 81, published: '8081' }], volumes: ['./a:/a', { type: 'bind', source: '.', target: '/b' }],
        environment: { A: '1' }, depends_on: { db: { condition: 'service_healthy' } }, build: { context: '.', args: ['A=1'] },
        deploy: { resources: { limits: { cpus: '0.5' } } }, healthcheck: { test: ['CMD', 'true'], interval: '10s' }, ulimits: { nofile: { soft: 1, hard: 2 } },
      },
      db: { image: 'postgres', networks: { back: { aliases: ['d'] } } },
    },
    networks: { back: { driver: 'bridge' } },
    volumes: { data: null },
    secrets: { s: { file: './s' } },
  };

  /** Every path in a tree, so mutations can land anywhere. */
  function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
    const own = [at];
    if (Array.isArray(v)) return own.concat(v.flatMap((x, i) => paths(x, [...at, i])));
    if (typeof v === 'object' && v !== null) return own.concat(Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k])));
    return own;
  }

  function setAt(tree: unknown, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const [head, ...rest] = path as [string | number, ...(string | number)[]];
    const copy = (Array.isArray(tree) ? [...tree] : { ...(tree as object) }) as Record<string | number, unknown>;
    copy[head] = setAt(copy[head], rest, value);
    return copy;
  }

  const jsonish = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' },
      fc.constantFrom(null, true, 0, -1, 1.5, 150, -2000, '', 'all', 'x', 'sync', 'start-first', '80:80'),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('type', 'target', 'source', 'foo', 'x-a', 'soft', 'hard', 'context', 'condition', 'aliases', 'A'), tie('value'), { maxKeys: 3 })),
  })).value;

  it('on random mutations of valid models', () => {
    for (const start of [base, rich]) {
      const all = paths(start);
      fc.assert(fc.property(fc.constantFrom(...all), jsonish, fc.option(fc.constantFrom('foo', 'x-foo', 'type'), { nil: undefined }), (path, value, extraKey) => {
        const target = extraKey === undefined ? path : [...path, extraKey];
        const mutated = setAt(start, target, value) as Mapping;
        if (typeof mutated !== 'object' || mutated === null || Array.isArray(mutated)) return;
        const errors = explain(schemaData, mutated);
        expect(errors.length === 0).toBe(isValid(mutated));
        if (errors.length > 0) expect(schemaError(mutated)?.code).toBe('E_SCHEMA');
      }), { numRuns: 400 });
    }
  });
});

describe('the vendored schema and what the build made of it', () => {
  const root = new URL('../../../', import.meta.url);
  const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

  it('is the file schemas/SOURCE.md records', () => {
    const sha = createHash('sha256').update(read('schemas/compose-spec.json')).digest('hex');
    expect(read('schemas/SOURCE.md')).toContain(`| sha256 | \`${sha}\` |`);
  });

  it('compiles to code that needs nothing at run time: no import, no require', () => {
    const code = read('src/generated/compose-schema-validator.js');
    expect(code).not.toMatch(/\brequire\(|^\s*import\b|\bimport\(/m);
  });
});
