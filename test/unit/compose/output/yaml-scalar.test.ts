/**
 * How yaml.v3 writes strings, as docker compose 2.26.1 prints them: each
 * expected text was read from `docker compose config` for an environment
 * value (indent 8) or a label key.
 */
import { describe, expect, it } from 'vitest';
import { needsQuotes } from '../../../../src/compose/output/yaml-resolve.js';
import { isSimpleKey, writeString } from '../../../../src/compose/output/yaml-scalar.js';

const value = (s: string): string => writeString(s, { indent: 8, simpleKey: false });

describe('yaml.v3 quotes what would read back as another type', () => {
  it.each([
    '1073741824', 'yes', 'on', 'y', 'N', 'Off', 'null', '~', '', '1e3', '0x1F', '0X1F', '1_000', '2001-01-01', '12:30',
    '190:20:30', '3.14', '-12', '+12', '.inf', '.NaN', '0o17', '017', '0b101', 'True', 'FALSE', '.5', '5.', '08',
    '2001-1-2', '2001-01-01T10:00:00Z', '2001-01-01t10:00:00.5+01:00', '2001-01-01 10:00:00', '2000-02-29',
    '18446744073709551615', '-9223372036854775808', '-18446744073709551615', '1_0.5',
  ])('%j', (s) => {
    expect(needsQuotes(s)).toBe(true);
  });

  it.each([
    'e', '_', '.', 'tRUE', 'nope', '+Inf', '1e400', '2001-02-30', '2001-13-01', '2001-01-01T10:00:00', '2001-01-01T25:00:00Z',
    '0x10000000000000000', '<<', '--1', '1.2.3', 'v1', '0x', '12:60',
  ])('%j stays plain as far as the resolver goes', (s) => {
    expect(needsQuotes(s)).toBe(false);
  });
});

describe('the style libyaml settles on', () => {
  it.each<[string, string]>([
    ['plain text', 'plain text'],
    ['1073741824', '"1073741824"'],
    ['', '""'],
    [':', "':'"],
    ['- a', "'- a'"],
    ['-a', '-a'],
    ['#x', "'#x'"],
    ['a #b', "'a #b'"],
    ['a#b', 'a#b'],
    ['a: b', "'a: b'"],
    ['ab:', "'ab:'"],
    ['a:b', 'a:b'],
    ['? x', "'? x'"],
    ['?x', '?x'],
    ["it's", "it's"],
    ["'q'", "'''q'''"],
    ['say "hi"', 'say "hi"'],
    ['"q"', `'"q"'`],
    ['a\\b', 'a\\b'],
    ['&anchor', "'&anchor'"],
    ['*ref', "'*ref'"],
    ['!tag', "'!tag'"],
    ['%x', "'%x'"],
    ['@x', "'@x'"],
    ['`x', "'`x'"],
    ['|x', "'|x'"],
    ['>x', "'>x'"],
    ['[a]', "'[a]'"],
    ['{a}', "'{a}'"],
    ['a,b', 'a,b'],
    ['...', "'...'"],
    ['---', "'---'"],
    ['--- x', "'--- x'"],
    [' lead', "' lead'"],
    ['trail ', "'trail '"],
    ['a\tb', '"a\\tb"'],
    ['a\rb', '"a\\rb"'],
    ['a\u0001b', '"a\\x01b"'],
    ['a\u007fb', '"a\\x7Fb"'],
    ['a\u0085b', '"a\\Nb"'],
    ['a\u0090b\tc', '"a\\x90b\\tc"'],
    ['a\u00a0b', 'a\u00a0b'],
    ['nbsp\u00a0and\ttab', '"nbsp\u00a0and\\ttab"'],
    ['\ufeffx', '"\\uFEFF\\x78"'],
    ['h\u00e9llo \u2713', 'h\u00e9llo \u2713'],
    ['emoji \u{1F600}', '"emoji \\U0001F600"'],
    ['\uffff', '"\\uFFFF"'],
    ['a\u2028b', "'a\u2028        b'"],
    ['a\u2028 b', '"a\\L b"'],
    ['a\u2029', "'a\u2029'"],
  ])('%j', (s, printed) => {
    expect(value(s)).toBe(`${printed}\n`);
  });
});

describe('multi-line strings: literal blocks when libyaml allows them', () => {
  it.each<[string, string]>([
    ['line1\nline2', '|-\n        line1\n        line2\n'],
    ['line1\nline2\n', '|\n        line1\n        line2\n'],
    ['abc\n\n', '|+\n        abc\n\n'],
    ['\n', '|2+\n'],
    ['\nabc', '|2-\n        abc\n'],
    ['  indented\nx', '|2-\n          indented\n        x\n'],
    ['a\n\nb', '|-\n        a\n\n        b\n'],
    ['line1 \nline2', '"line1 \\nline2"\n'],
    ['tail\nspace ', '"tail\\nspace "\n'],
    ['ctl\n\u0001', '"ctl\\n\\x01"\n'],
    ['a\nb\u2028c', '|-\n        a\n        b\u2028        c\n'],
  ])('%j', (s, printed) => {
    expect(value(s)).toBe(printed);
  });
});

describe('mapping keys', () => {
  it.each<[string, boolean]>([
    ['short', true],
    ['k'.repeat(128), true],
    ['k'.repeat(129), false],
    ['\u00e9'.repeat(65), false],
    ['k\nl', false],
  ])('%j is a simple key: %s', (key, simple) => {
    expect(isSimpleKey(key)).toBe(simple);
  });
});
