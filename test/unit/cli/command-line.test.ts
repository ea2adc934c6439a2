import { describe, expect, it } from 'vitest';
import { resolveInvocation, standaloneArgs } from '../../../src/cli/command-line.js';
import { TscomposeError } from '../../../src/errors.js';

/** What an invocation boils down to, for table comparisons. */
function summary(argv: string[]): Record<string, unknown> {
  const inv = resolveInvocation(argv);
  const f = inv.flags;
  const root = { files: f.strings('file'), project: f.string('project-name'), profiles: f.strings('profile'), dryRun: f.bool('dry-run') };
  switch (inv.kind) {
    case 'root-help':
      return { kind: 'root-help' };
    case 'help':
      return { kind: 'help', command: inv.command.name };
    case 'unknown-command':
      return { kind: 'unknown', message: inv.error.message, code: inv.error.exitCode };
    case 'run':
      return { kind: 'run', command: inv.command.name, args: inv.args, ...root };
  }
}

const NONE = { files: [], project: '', profiles: [], dryRun: false };

// Cases checked against how docker compose 2.26.1 reads the same command line.
const CASES: Array<[string[], Record<string, unknown>]> = [
  [[], { kind: 'root-help' }],
  [['--help'], { kind: 'root-help' }],
  [['-h'], { kind: 'root-help' }],
  [['--dry-run'], { kind: 'root-help' }],
  [['--help', 'confg'], { kind: 'root-help' }],
  [['config'], { kind: 'run', command: 'config', args: [], ...NONE }],
  [['convert'], { kind: 'run', command: 'config', args: [], ...NONE }],
  [['config', 'web', 'db'], { kind: 'run', command: 'config', args: ['web', 'db'], ...NONE }],
  [['-f', 'a.yaml', '-f', 'b.yaml', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, files: ['a.yaml', 'b.yaml'] }],
  [['--file=a.yaml', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, files: ['a.yaml'] }],
  [['-fa.yaml', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, files: ['a.yaml'] }],
  [['-f', '-', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, files: ['-'] }],
  [['-p', 'demo', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, project: 'demo' }],
  [['-pdemo', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, project: 'demo' }],
  [['--project-name', 'config', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, project: 'config' }],
  [['--profile', 'a', '--profile=b', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, profiles: ['a', 'b'] }],
  [['--dry-run', 'config'], { kind: 'run', command: 'config', args: [], ...NONE, dryRun: true }],
  [['config', '--dry-run'], { kind: 'run', command: 'config', args: [], ...NONE, dryRun: true }],
  [['config', '--services', '--', 'web'], { kind: 'run', command: 'config', args: ['web'], ...NONE }],
  [['config', '--', '--services'], { kind: 'run', command: 'config', args: ['--services'], ...NONE }],
  [['--help', 'config'], { kind: 'help', command: 'config' }],
  [['config', '--help'], { kind: 'help', command: 'config' }],
  [['config', '-h'], { kind: 'help', command: 'config' }],
  [['config', '-qh'], { kind: 'help', command: 'config' }],
  [['-v'], { kind: 'run', command: 'version', args: [], ...NONE }],
  [['--version'], { kind: 'run', command: 'version', args: [], ...NONE }],
  [['--dry-run', '-v'], { kind: 'run', command: 'version', args: [], ...NONE, dryRun: true }],
  // A root --version after a flag's value is the root flag again: no command word, so help.
  [['-f', 'x.yaml', '--version'], { kind: 'root-help' }],
  [['version', '--format', 'json'], { kind: 'run', command: 'version', args: [], ...NONE }],
  [['run', '-d', '--build'], { kind: 'run', command: 'run', args: [], ...NONE }],
  [['run', '--', '--help'], { kind: 'run', command: 'run', args: ['--help'], ...NONE }],
  // run's flags end at the service: the command keeps its own.
  [['run', '--rm', 'web', 'ls', '-l', '--help'], { kind: 'run', command: 'run', args: ['web', 'ls', '-l', '--help'], ...NONE }],
  [['watch', '--help'], { kind: 'help', command: 'watch' }],
  [['up', '-d', '--build', 'web'], { kind: 'run', command: 'up', args: ['web'], ...NONE }],
  [['up', '--help'], { kind: 'help', command: 'up' }],
  [['confg'], { kind: 'unknown', message: 'unknown tscompose command: "confg"\n\nDid you mean this?\n\tconfig', code: 16 }],
  [['help'], { kind: 'unknown', message: 'unknown tscompose command: "help"', code: 16 }],
  [['xyzzy', 'config'], { kind: 'unknown', message: 'unknown tscompose command: "xyzzy"', code: 16 }],
  [['stat'], { kind: 'unknown', message: 'unknown tscompose command: "stat"\n\nDid you mean this?\n\tstart\n\tstats\n\tstop', code: 16 }],
  [['CONFIG'], { kind: 'unknown', message: 'unknown tscompose command: "CONFIG"\n\nDid you mean this?\n\tconfig', code: 16 }],
  [['ver'], { kind: 'unknown', message: 'unknown tscompose command: "ver"\n\nDid you mean this?\n\tversion', code: 16 }],
  // cobra treats `--` before the command as a flag taking `config` as its value.
  [['--', 'config'], { kind: 'unknown', message: 'unknown tscompose command: "config"\n\nDid you mean this?\n\tconfig', code: 16 }],
];

describe('resolveInvocation', () => {
  it.each(CASES)('%j', (argv, want) => {
    expect(summary(argv)).toEqual(want);
  });
});

// argv -> message and exit code: traversal errors exit 1, the command's own parse 16.
const ERRORS: Array<[string[], string, number]> = [
  [['config', '--fil', 'x'], 'unknown flag: --fil', 16],
  [['--fil', 'x', 'config'], 'unknown flag: --fil', 1],
  [['--fil=x', 'config'], 'unknown flag: --fil', 1],
  [['-x', 'config'], "unknown shorthand flag: 'x' in -x", 16],
  [['config', '-f', 'x'], "unknown shorthand flag: 'f' in -f", 16],
  [['--profile'], 'flag needs an argument: --profile', 16],
  [['--ansi'], 'flag needs an argument: --ansi', 16],
  [['config', '--format'], 'flag needs an argument: --format', 16],
  [['config', '-o'], "flag needs an argument: 'o' in -o", 16],
  [['--parallel', 'abc', 'config'], 'invalid argument "abc" for "--parallel" flag: strconv.ParseInt: parsing "abc": invalid syntax', 1],
  [['config', '--quiet=maybe'], 'invalid argument "maybe" for "-q, --quiet" flag: strconv.ParseBool: parsing "maybe": invalid syntax', 16],
  [['version', 'extra'], 'unknown command "extra" for "tscompose version"', 1],
  [['-v', 'extra'], 'unknown command "extra" for "tscompose version"', 1],
];

describe('resolveInvocation errors', () => {
  it.each(ERRORS)('%j -> %s (exit %i)', (argv, message, code) => {
    let caught: unknown;
    try {
      resolveInvocation(argv);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TscomposeError);
    expect([(caught as TscomposeError).message, (caught as TscomposeError).exitCode]).toEqual([message, code]);
  });
});

describe('standaloneArgs (docker-compose standalone spellings)', () => {
  it.each([
    [['-v'], ['version']],
    [['-h'], ['--help']],
    [['--dry-run', '--version'], ['--dry-run', 'version']],
    [['config', '-h'], ['config', '-h']],
    [['-f', 'x', '-v'], ['-f', 'x', '-v']],
    [['--verbose', 'config'], ['--verbose', 'config']],
  ])('%j -> %j', (argv, want) => expect(standaloneArgs(argv)).toEqual(want));
});
