/** Map key order: yaml.v3's natural order and encoding/json's byte order, as docker compose 2.26.1 prints them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteOrder, byteOrderByRunes, yamlKeyOrder, yamlKeyOrderByRunes } from '../../../../src/compose/output/key-order.js';

const KEYS = ['A10', 'A2', 'a1', 'B', '_x', '1', '10', '9', 'a.b', 'a-b', 'aB', 'ab', 'é', 'Z9z', 'Z10', 'x1y2', 'x1y10', 'a 1', 'a', 'a1b'];

describe('key order', () => {
  it('yaml.v3 sorts digit runs as numbers', () => {
    expect([...KEYS].sort(yamlKeyOrder)).toEqual([
      '_x', '1', '9', '10', 'A2', 'A10', 'B', 'Z9z', 'Z10', 'a', 'a 1', 'a-b', 'a.b', 'a1', 'a1b', 'aB', 'ab', 'x1y2', 'x1y10', 'é',
    ]);
  });

  it('encoding/json sorts by bytes', () => {
    expect([...KEYS].sort(byteOrder)).toEqual([
      '1', '10', '9', 'A10', 'A2', 'B', 'Z10', 'Z9z', '_x', 'a', 'a 1', 'a-b', 'a.b', 'a1', 'a1b', 'aB', 'ab', 'x1y10', 'x1y2', 'é',
    ]);
  });

  it('orders plain text on its fast paths as rune by rune', () => {
    const ascii = fc.string({ maxLength: 6, unit: fc.constantFrom(...'0019aAzZ_.- ') });
    const key = fc.oneof(ascii, fc.string({ maxLength: 6, unit: fc.constantFrom(...'09aZ_é😀\ud800') }));
    const sign = (n: number): number => Math.sign(n);
    fc.assert(fc.property(key, key, (a, b) => {
      expect(yamlKeyOrder(a, b)).toBe(yamlKeyOrderByRunes(a, b));
      expect(sign(byteOrder(a, b))).toBe(sign(byteOrderByRunes(a, b)));
    }), { numRuns: 1000 });
  });
});
