import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, parseDocument, Scalar, Schema } from 'yaml';
import { composeTags, isPlainStringKey, MAY_BE_TYPED, resolvePlain, UnresolvableScalar } from '../../../src/compose/yaml-scalars.js';

const tags = new Schema({ customTags: composeTags, merge: true }).tags;
const TAILS = ['', '0', '1', '7', '9', '_1', 'x1F', 'o17', 'b01', 'rue', 'RUE', 'alse', 'ull', 'ULL', '.5', '5e3', 'e3', 'inf', 'nan', 'NaN', '<', '.inf', '0.'];

describe('plain scalars as compose reads them', () => {
  it('only starts that MAY_BE_TYPED lists can be anything but a string', () => {
    for (let code = 0x20; code < 0x7f; code++) {
      const first = String.fromCharCode(code);
      if (MAY_BE_TYPED.test(first)) continue;
      for (const tail of TAILS) {
        const text = first + tail;
        expect(tags.some((t) => t.default !== false && t.test?.test(text) === true), text).toBe(false);
      }
    }
  });

  it.each([
    ['0440', 288], ['1_000', 1000], ['0x1F', 31], ['0b101', 5], ['0o17', 15], ['-0', 0], ['+5', 5], ['09', 9],
    ['123456789012345678901', '123456789012345678901'], ['~', null], ['', null], ['Null', null], ['TRUE', true],
    ['false', false], ['yes', 'yes'], ['1.50', 1.5], ['.5', 0.5], ['1e3', 1000], ['-.inf', -Infinity], ['nginx', 'nginx'],
  ])('reads %j as the yaml package does', (text, value) => {
    expect(resolvePlain(text)).toEqual(value);
    expect(parseDocument(`k: ${text}\n`, { customTags: composeTags }).toJS()).toEqual({ k: value });
  });

  it('reads .nan as NaN', () => {
    expect(resolvePlain('.nan')).toBeNaN();
  });

  it('refuses what the yaml package reports as an error', () => {
    expect(() => resolvePlain('0b_')).toThrow(UnresolvableScalar);
    expect(parseDocument('k: 0b_\n', { customTags: composeTags }).errors).not.toHaveLength(0);
  });

  it('takes only keys that are the strings they spell', () => {
    expect(['web', 'x-a', 'a.b', 'yes', 'nulls'].every(isPlainStringKey)).toBe(true);
    expect(['1', '~', 'null', 'True', '1.5', '<<', '0x1', ''].some(isPlainStringKey)).toBe(false);
  });

  it('reads random number-like text as the yaml package does', () => {
    const text = fc.string({ maxLength: 8, unit: fc.constantFrom(...'0123456789+-._xXoObBeE~nNuUlLtTrRfFaAsSiI<') });
    fc.assert(fc.property(text, (t) => {
      const doc = parseDocument(`k: ${t}\n`, { customTags: composeTags });
      const node = isMap(doc.contents) ? doc.contents.items[0]?.value : undefined;
      if (doc.errors.length > 0 || !isScalar(node) || node.type !== Scalar.PLAIN || node.source !== t) return;
      expect(resolvePlain(t)).toStrictEqual(doc.toJS().k);
    }), { numRuns: 3000 });
  });
});
