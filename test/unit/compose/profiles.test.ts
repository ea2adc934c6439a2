import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyProfiles, hasProfile } from '../../../src/compose/profiles.js';
import type { Mapping } from '../../../src/compose/tree.js';

const MODEL = parse(`
services:
  a: {image: x, depends_on: [b]}
  b: {image: x, profiles: [debug]}
  c: {image: x, profiles: [other, debug]}
  d: {image: x, profiles: [other]}
  e: {image: x, profiles: []}
networks: {n: null}
`) as Mapping;

describe('profiles (compose-go Project.WithProfiles)', () => {
  it.each<[string[], string[], string[]]>([
    [[], ['a', 'e'], ['b', 'c', 'd']],
    [['debug'], ['a', 'b', 'c', 'e'], ['d']],
    [['other'], ['a', 'c', 'd', 'e'], ['b']],
    [['debug', 'other'], ['a', 'b', 'c', 'd', 'e'], []],
    [['*'], ['a', 'b', 'c', 'd', 'e'], []],
    [['nope'], ['a', 'e'], ['b', 'c', 'd']],
  ])('with %j', (active, enabled, disabled) => {
    const result = applyProfiles(MODEL, active);
    expect(Object.keys(result.model.services as Mapping)).toEqual(enabled);
    expect(Object.keys(result.disabled)).toEqual(disabled);
    expect(result.model.networks).toEqual({ n: null });
  });

  it('keeps an empty services mapping when every service is disabled', () => {
    expect(applyProfiles({ services: { a: { profiles: ['p'] } } }, []).model.services).toEqual({});
    expect(applyProfiles({}, []).model.services).toEqual({});
  });

  it('moves disabled services as they are', () => {
    expect(applyProfiles(MODEL, []).disabled.b).toBe((MODEL.services as Mapping).b);
  });

  it.each<[unknown, string[], boolean]>([
    [undefined, [], true], [[], ['x'], true], [['a'], [], false], [['a'], ['*'], true], [['a', 'b'], ['b'], true], ['a', [], true],
  ])('hasProfile(%j, %j) = %s', (profiles, active, expected) => {
    expect(hasProfile(profiles, active)).toBe(expected);
  });
});
