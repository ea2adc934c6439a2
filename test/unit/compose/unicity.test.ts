import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Mapping } from '../../../src/compose/tree.js';
import { enforceUnicity } from '../../../src/compose/unicity.js';
import { ComposeError } from '../../../src/errors.js';

// compose-go v2.4.8 override.EnforceUnicity as (before, expected) pairs; see the fixture's header.

interface UnicityCase {
  name: string;
  before: Mapping;
  expected?: Mapping;
  error?: string;
  path?: string;
}

const fixture = new URL('../../fixtures/merge/unicity-cases.yaml', import.meta.url);
const cases = parse(readFileSync(fixture, 'utf8')) as UnicityCase[];

describe('enforceUnicity', () => {
  it('has a case for every indexer', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const before = structuredClone(c.before);
    if (c.error === undefined) {
      expect(enforceUnicity(c.before)).toEqual(c.expected);
    } else {
      let caught: unknown;
      try {
        enforceUnicity(c.before);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ComposeError);
      expect((caught as ComposeError).detail).toBe(c.error);
      expect((caught as ComposeError).location.path).toBe(c.path);
    }
    expect(c.before).toEqual(before);
  });

  it('keeps the position of the first entry and the value of the last', () => {
    const model = { services: { s: { dns: ['a', 'b', 'a', 'c', 'b'] } } };
    expect(enforceUnicity(model)).toEqual({ services: { s: { dns: ['a', 'b', 'c'] } } });
  });
});
