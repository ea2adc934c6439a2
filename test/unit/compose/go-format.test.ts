import { describe, expect, it } from 'vitest';
import { goFormatFloat, goParseFloat, goParseInt, goQuote, goSprint } from '../../../src/compose/go-format.js';

// Expected strings are what Go's strconv.Quote / fmt.Sprint print.
describe('goQuote', () => {
  it.each([
    ['abc', '"abc"'],
    ['', '""'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['\n\t\r', '"\\n\\t\\r"'],
    ['\x07\b\f\v', '"\\a\\b\\f\\v"'],
    ['\x01\x7f', '"\\x01\\x7f"'],
    ['é ü', '"é ü"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u200b', '"\\u200b"'],
    ['😀', '"😀"'],
    ['${A:-"q"}', '"${A:-\\"q\\"}"'],
    ['sh -c echo ok\x7f', '"sh -c echo ok\\x7f"'],
  ])('%j', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it('keeps every printable ASCII character but the quote and the backslash as it is', () => {
    const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    expect(goQuote(ascii)).toBe(`"${ascii.replace('\\', '\\\\').replace('"', '\\"')}"`);
  });
});

describe('goFormatFloat and goSprint', () => {
  it.each([
    [1.5, '1.5'], [123456.5, '123456.5'], [1234567.5, '1.2345675e+06'], [0.0001, '0.0001'],
    [0.00001, '1e-05'], [-2.5e-7, '-2.5e-07'], [1e22, '1e+22'], [1e100, '1e+100'], [Infinity, '+Inf'],
  ])('%d', (f, expected) => {
    expect(goFormatFloat(f)).toBe(expected);
  });

  it.each([
    [1, '1'], [-42, '-42'], [2 ** 60, '1152921504606846976'], [1e22, '1e+22'], [0.5, '0.5'], [true, 'true'], ['s', 's'], [null, '<nil>'],
  ])('%j', (v, expected) => {
    expect(goSprint(v)).toBe(expected);
  });
});

describe('Go number parsing', () => {
  it.each([
    ['0', 0], ['-0', 0], ['+12', 12], ['0012', 12], ['9223372036854775807', 9223372036854775807], ['-9223372036854775808', -9223372036854775808],
  ])('ParseInt %j', (s, expected) => {
    expect(goParseInt(s, 'ParseInt')).toBe(expected);
  });

  it.each([
    ['', 'invalid syntax'], ['+', 'invalid syntax'], ['1.0', 'invalid syntax'], ['0x1', 'invalid syntax'], ['1_000', 'invalid syntax'],
    ['9223372036854775808', 'value out of range'], ['-9223372036854775809', 'value out of range'],
    ['99999999999999999999x', 'value out of range'],
  ])('ParseInt rejects %j', (s, reason) => {
    expect(() => goParseInt(s, 'Atoi')).toThrow(`strconv.Atoi: parsing ${JSON.stringify(s)}: ${reason}`);
  });

  it.each([
    ['1', 1], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['1E-2', 0.01], ['+1', 1], ['1_000.5', 1000.5], ['0x1p-2', 0.25],
    ['0x1.8p1', 3], ['0X_1P0', 1], ['inf', Infinity], ['-Infinity', -Infinity],
  ])('ParseFloat %j', (s, expected) => {
    expect(goParseFloat(s, 64)).toBe(expected);
  });

  it('ParseFloat accepts nan', () => {
    expect(goParseFloat('NaN', 64)).toBeNaN();
  });

  it.each([
    ['', 'invalid syntax'], ['.', 'invalid syntax'], ['1e', 'invalid syntax'], ['0x10', 'invalid syntax'], ['_1', 'invalid syntax'],
    ['1__0', 'invalid syntax'], ['1_', 'invalid syntax'], ['+nan', 'invalid syntax'], ['infin', 'invalid syntax'], [' 1', 'invalid syntax'],
    ['1e400', 'value out of range'],
  ])('ParseFloat rejects %j', (s, reason) => {
    expect(() => goParseFloat(s, 64)).toThrow(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: ${reason}`);
  });

  it('32-bit floats come back as the shortest float32 decimal', () => {
    expect(goParseFloat('0.1', 32)).toBe(0.1);
    expect(goParseFloat('0.123456789', 32)).toBe(0.12345679);
    expect(goParseFloat('3.4e38', 32)).toBe(3.4e38);
    expect(() => goParseFloat('1e39', 32)).toThrow('value out of range');
  });
});
