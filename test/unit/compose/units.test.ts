import { describe, expect, it } from 'vitest';
import { parseBytes, parseDuration, parseDurationNanos } from '../../../src/compose/units.js';
import { ComposeError } from '../../../src/errors.js';

// What docker compose 2.26.1 printed for `mem_limit:` and `healthcheck.interval:`.

function errorOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    if (!(e instanceof ComposeError)) throw e;
    return e.detail;
  }
}

describe('parseBytes (go-units v0.4.0 RAMInBytes)', () => {
  it.each<[string | number, number]>([
    ['1.5g', 1610612736],
    ['1 kb', 1024],
    ['10kib', 10240],
    ['1g', 1073741824],
    ['1024m', 1073741824],
    ['512MiB', 536870912],
    ['1 ', 1],
    ['1.5', 1],
    ['100', 100],
    ['1b', 1],
    ['2P', 2 ** 51],
    ['9223372036854775807', -(2 ** 63)],
    [1024, 1024],
    [1.5, 0],
  ])('%j -> %d', (input, expected) => {
    expect(parseBytes(input)).toBe(expected);
  });

  it.each([
    ['.5m', "invalid size: '.5m'"],
    ['1e3', "invalid size: '1e3'"],
    ['0x10', "invalid size: '0x10'"],
    ['abc', "invalid size: 'abc'"],
    ['10x', "invalid size: '10x'"],
    ['-1', "invalid size: '-1'"],
    [' 1k', "invalid size: ' 1k'"],
    ['1kbb', "invalid size: '1kbb'"],
    ['1_000', "invalid size: '1_000'"],
    ['inf', "invalid size: 'inf'"],
    ['1K B', "invalid size: '1K B'"],
    ['', "invalid size: ''"],
    ['12.3.4', 'strconv.ParseFloat: parsing "12.3.4": invalid syntax'],
  ])('%j is rejected', (input, message) => {
    expect(errorOf(() => parseBytes(input))).toBe(message);
  });
});

describe('parseDuration (Go time.ParseDuration)', () => {
  const S = 1e9;
  it.each<[string, number]>([
    ['1h30m', 5400 * S],
    ['1.5s', 1.5 * S],
    ['-1s', -S],
    ['0', 0],
    ['-0', 0],
    ['1us', 1000],
    ['1µs', 1000],
    ['1μs', 1000],
    ['1ns', 1],
    ['+5m', 300 * S],
    ['.5s', 0.5 * S],
    ['5.s', 5 * S],
    ['1h1h', 7200 * S],
    ['0.0000000001s', 0],
    ['1.0000000009s', S],
    ['3m0.5s', 180.5 * S],
    ['1.5h', 5400 * S],
    ['100ms', 0.1 * S],
  ])('%s', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it('is exact to the nanosecond at the int64 limit', () => {
    expect(parseDurationNanos('2562047h47m16.854775807s')).toBe(2n ** 63n - 1n);
    expect(parseDurationNanos('-2562047h47m16.854775808s')).toBe(-(2n ** 63n));
  });

  it.each([
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['10', 'time: missing unit in duration "10"'],
    ['9999999h', 'time: invalid duration "9999999h"'],
    ['', 'time: invalid duration ""'],
    ['1e3s', 'time: unknown unit "e" in duration "1e3s"'],
    ['2562047h47m16.854775808s', 'time: invalid duration "2562047h47m16.854775808s"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-', 'time: invalid duration "-"'],
    ['1h-5m', 'time: unknown unit "h-" in duration "1h-5m"'],
    ['3é', 'time: unknown unit "\\xc3\\xa9" in duration "3\\xc3\\xa9"'],
  ])('%j is rejected', (input, message) => {
    expect(errorOf(() => parseDuration(input))).toBe(message);
  });
});
