/** The Go conversions output relies on, with results as Go prints them. */
import { describe, expect, it } from 'vitest';
import { formatDuration, formatFloat32, GoDecodeError, parseBytes, parseDuration, shellSplit } from '../../../../src/compose/output/go-values.js';

describe('durations: time.ParseDuration then Duration.String', () => {
  it.each([
    ['90s', '1m30s'], ['1500ms', '1.5s'], ['100us', '100µs'], ['2h3m4.5s', '2h3m4.5s'], ['0s', '0s'], ['0', '0s'],
    ['1h', '1h0m0s'], ['1.5h', '1h30m0s'], ['500ns', '500ns'], ['1m', '1m0s'], ['2.5ms', '2.5ms'], ['-5s', '-5s'],
    ['1h0m0.000000001s', '1h0m0.000000001s'],
  ])('%s prints %s', (input, printed) => {
    expect(formatDuration(parseDuration(input))).toBe(printed);
  });

  it.each<[string, string]>([
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['1e3s', 'time: unknown unit "e" in duration "1e3s"'],
    ['.s', 'time: invalid duration ".s"'],
    ['2562048h', 'time: invalid duration "2562048h"'],
  ])('refuses %j as Go words it', (input, message) => {
    expect(() => parseDuration(input)).toThrow(GoDecodeError);
    expect(() => parseDuration(input)).toThrow(message);
  });
});

describe('byte sizes: go-units RAMInBytes', () => {
  it.each<[string | number, number]>([
    ['64m', 67108864], ['1g', 1073741824], ['1.5g', 1610612736], ['12mb', 12582912], ['512', 512], [1024, 1024],
    ['10k', 10240], ['1KiB', 1024], ['2 GB', 2147483648], ['7b', 7],
    // go-units v0.4's pattern: optional unit, then an optional i and b each.
    ['1gi', 1073741824], ['1 ', 1], ['2 K', 2048], ['0.5k', 512], [-1, -1], [0x10, 16],
    // A YAML float is no int nor string for UnitBytes: it stays 0.
    [1.5, 0],
  ])('%s is %d bytes', (input, bytes) => {
    expect(parseBytes(input)).toBe(bytes);
  });

  it.each<[string | number, bigint]>([
    ['9223372036854775807', 9223372036854775807n],
    // float64 to int64 out of range gives the minimum on amd64.
    ['10000000000000000000000g', -9223372036854775808n],
    ['8388608t', -9223372036854775808n],
  ])('%s is %d bytes, exactly', (input, bytes) => {
    expect(parseBytes(input)).toBe(bytes);
  });

  it.each<[string, string]>([
    ['1z', "invalid size: '1z'"],
    ['1kbb', "invalid size: '1kbb'"],
    [' 1g', "invalid size: ' 1g'"],
    ['1e3', "invalid size: '1e3'"],
    ['-1', "invalid size: '-1'"],
    ['1.2.3g', 'strconv.ParseFloat: parsing "1.2.3": invalid syntax'],
  ])('refuses %j, in go-units words', (input, message) => {
    expect(() => parseBytes(input)).toThrow(message);
  });
});

describe('float32 as encoding/json prints it', () => {
  it.each([[0.5, '0.5'], [0.3, '0.3'], [1.1, '1.1'], [2, '2'], [12.5, '12.5'], [0.000001, '0.000001'], [1e-7, '1e-7'],
    [123456789, '123456790'], [16777217, '16777216'], [1.5e-10, '1.5e-10'], [1e30, '1e+30'], [0, '0']])(
    '%d prints %s',
    (value, printed) => {
      expect(formatFloat32(value)).toBe(printed);
    },
  );
});

describe('shell words of command strings', () => {
  it.each<[string, string[]]>([
    ['echo "hello world" $HOME', ['echo', 'hello world', '$HOME']],
    ["echo 'it''s' a\\ b", ['echo', 'its', 'a b']],
    ['/bin/sh -c', ['/bin/sh', '-c']],
    ['', []],
    ['  spaced   out  ', ['spaced', 'out']],
    ['a "" b', ['a', '', 'b']],
    ['say "\\"quoted\\""', ['say', '"quoted"']],
    ['echo "a\\b" x\\y \'c\\d\'', ['echo', 'ab', 'xy', 'c\\d']],
  ])('%j splits into %j', (input, words) => {
    expect(shellSplit(input)).toEqual(words);
  });

  it('refuses an unterminated quote', () => {
    expect(() => shellSplit('echo "oops')).toThrow(GoDecodeError);
  });
});
