import { describe, expect, it } from 'vitest';
import { FlagError, FlagSet, FlagValues, parseFlags, type FlagSpec } from '../../../src/cli/flags.js';
import { parseGoBool, parseGoInt } from '../../../src/cli/go-values.js';

// A flag set shaped like `config`'s plus the root's repeatable ones.
const SPECS: FlagSpec[] = [
  { name: 'format', kind: 'string', defaultValue: 'yaml', usage: '' },
  { name: 'quiet', short: 'q', kind: 'bool', usage: '' },
  { name: 'dry-run', kind: 'bool', usage: '' },
  { name: 'services', kind: 'bool', usage: '' },
  { name: 'output', short: 'o', kind: 'string', usage: '' },
  { name: 'file', short: 'f', kind: 'stringArray', usage: '' },
  { name: 'profile', kind: 'stringArray', usage: '' },
  { name: 'parallel', kind: 'int', defaultValue: '-1', usage: '' },
  { name: 'detach', short: 'd', kind: 'bool', usage: '' },
];

interface Parsed {
  args: string[];
  dash: number;
  values: Record<string, unknown>;
}

function parse(argv: string[], interspersed = true): Parsed {
  const values = new FlagValues();
  const { args, argsLenAtDash } = parseFlags(new FlagSet(SPECS), argv, values, interspersed);
  const changed: Record<string, unknown> = {};
  for (const name of values.changed) {
    const spec = SPECS.find((s) => s.name === name) as FlagSpec;
    changed[name] =
      spec.kind === 'bool' ? values.bool(name) : spec.kind === 'int' ? values.int(name) : spec.kind === 'stringArray' ? values.strings(name) : values.string(name);
  }
  return { args, dash: argsLenAtDash, values: changed };
}

// argv -> positional args, args before `--`, and the flags the user set.
const OK: Array<[string[], string[], number, Record<string, unknown>]> = [
  [[], [], -1, {}],
  [['web'], ['web'], -1, {}],
  [['--format', 'json'], [], -1, { format: 'json' }],
  [['--format=json'], [], -1, { format: 'json' }],
  [['--format='], [], -1, { format: '' }],
  [['--format=a=b'], [], -1, { format: 'a=b' }],
  [['--format', '--quiet'], [], -1, { format: '--quiet' }],
  [['-q'], [], -1, { quiet: true }],
  [['--quiet'], [], -1, { quiet: true }],
  [['--quiet=false'], [], -1, { quiet: false }],
  [['--quiet=0'], [], -1, { quiet: false }],
  [['--quiet=T'], [], -1, { quiet: true }],
  [['-q=false'], [], -1, { quiet: false }],
  [['--quiet', 'false'], ['false'], -1, { quiet: true }],
  [['-qd'], [], -1, { quiet: true, detach: true }],
  [['-qo', 'out.yaml'], [], -1, { quiet: true, output: 'out.yaml' }],
  [['-qoout.yaml'], [], -1, { quiet: true, output: 'out.yaml' }],
  [['-o=x.json'], [], -1, { output: 'x.json' }],
  [['-oout'], [], -1, { output: 'out' }],
  [['-f', 'a.yaml', '-f', 'b.yaml'], [], -1, { file: ['a.yaml', 'b.yaml'] }],
  [['--file=a', '-fb', '--file', 'c'], [], -1, { file: ['a', 'b', 'c'] }],
  [['-f', '-'], [], -1, { file: ['-'] }],
  [['--profile', 'a', 'web', '--profile', 'b'], ['web'], -1, { profile: ['a', 'b'] }],
  [['web', '-q', 'db'], ['web', 'db'], -1, { quiet: true }],
  [['-'], ['-'], -1, {}],
  [['--', '--services', '-q'], ['--services', '-q'], 0, {}],
  [['web', '--', 'db'], ['web', 'db'], 1, {}],
  [['-q', '--', '--'], ['--'], 0, { quiet: true }],
  [['--parallel', '4'], [], -1, { parallel: 4 }],
  [['--parallel=-1'], [], -1, { parallel: -1 }],
  [['--parallel', '0x10'], [], -1, { parallel: 16 }],
  [['--parallel', '1_000'], [], -1, { parallel: 1000 }],
  [['--parallel', '010'], [], -1, { parallel: 8 }],
  [['--parallel', '+5'], [], -1, { parallel: 5 }],
  [['--dry-run', '--services'], [], -1, { 'dry-run': true, services: true }],
];

describe('parseFlags (pflag semantics)', () => {
  it.each(OK)('%j', (argv, args, dash, values) => {
    expect(parse(argv)).toEqual({ args, dash, values });
  });

  it('stops at the first positional argument when not interspersed (the root command)', () => {
    expect(parse(['-q', 'config', '--services', '-d'], false)).toEqual({ args: ['config', '--services', '-d'], dash: -1, values: { quiet: true } });
    expect(parse(['--', 'config'], false)).toEqual({ args: ['config'], dash: 0, values: {} });
  });

  it('keeps defaults for flags not given', () => {
    const values = new FlagValues();
    parseFlags(new FlagSet(SPECS), [], values, true);
    expect([values.string('format'), values.int('parallel'), values.bool('quiet'), values.strings('file')]).toEqual(['yaml', -1, false, []]);
    expect(values.changed.size).toBe(0);
  });
});

// The exact texts pflag prints (checked against docker compose 2.26.1).
const ERRORS: Array<[string[], string]> = [
  [['--fil', 'x'], 'unknown flag: --fil'],
  [['--fil=x'], 'unknown flag: --fil'],
  [['-x'], "unknown shorthand flag: 'x' in -x"],
  [['-qx'], "unknown shorthand flag: 'x' in -x"],
  [['-qdx'], "unknown shorthand flag: 'x' in -x"],
  [['--format'], 'flag needs an argument: --format'],
  [['-o'], "flag needs an argument: 'o' in -o"],
  [['-qo'], "flag needs an argument: 'o' in -o"],
  [['--quiet=maybe'], 'invalid argument "maybe" for "-q, --quiet" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
  [['--quiet='], 'invalid argument "" for "-q, --quiet" flag: strconv.ParseBool: parsing "": invalid syntax'],
  [['--dry-run=yes'], 'invalid argument "yes" for "--dry-run" flag: strconv.ParseBool: parsing "yes": invalid syntax'],
  [['--parallel', 'abc'], 'invalid argument "abc" for "--parallel" flag: strconv.ParseInt: parsing "abc": invalid syntax'],
  [['--parallel', '99999999999999999999'], 'invalid argument "99999999999999999999" for "--parallel" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range'],
  [['--parallel', '1__0'], 'invalid argument "1__0" for "--parallel" flag: strconv.ParseInt: parsing "1__0": invalid syntax'],
  [['---x'], 'bad flag syntax: ---x'],
  [['--=x'], 'bad flag syntax: --=x'],
];

describe('parseFlags errors', () => {
  it.each(ERRORS)('%j -> %s', (argv, message) => {
    expect(() => parse(argv)).toThrow(new FlagError(message));
  });
});

describe('Go value parsers', () => {
  it.each([
    ['1', true], ['t', true], ['TRUE', true], ['True', true], ['0', false], ['F', false], ['false', false],
  ] as const)('ParseBool(%s)', (s, want) => expect(parseGoBool(s)).toBe(want));

  it.each(['yes', 'tRue', '', 'on'])('ParseBool(%j) fails', (s) => expect(() => parseGoBool(s)).toThrow(/invalid syntax/));

  it.each([
    ['42', 42], ['-42', -42], ['0', 0], ['0b101', 5], ['0o17', 15], ['017', 15], ['0X1f', 31], ['0x_1f', 31], ['9223372036854775807', 9223372036854775807],
  ] as const)('ParseInt(%s, 0, 64)', (s, want) => expect(parseGoInt(s)).toBe(want));

  it.each([
    ['', 'invalid syntax'], ['0x', 'invalid syntax'], ['08', 'invalid syntax'], ['1_', 'invalid syntax'], ['_1', 'invalid syntax'], ['1.5', 'invalid syntax'],
    ['9223372036854775808', 'value out of range'], ['-9223372036854775809', 'value out of range'], ['99999999999999999999x', 'value out of range'],
  ])('ParseInt(%j) fails: %s', (s, reason) => expect(() => parseGoInt(s)).toThrow(`strconv.ParseInt: parsing "${s}": ${reason}`));
});
