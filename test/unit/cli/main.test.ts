import { describe, expect, it } from 'vitest';
import { report, type CliIo } from '../../../src/cli/main.js';
import { ComposeError, FileNotFoundError, TscomposeError } from '../../../src/errors.js';
import { cli } from './run-cli.js';

describe('version', () => {
  it.each([
    [['version'], 'tscompose version v0.1.0\n'],
    [['-v'], 'tscompose version v0.1.0\n'],
    [['--version'], 'tscompose version v0.1.0\n'],
    [['version', '--format', 'json'], '{"version":"v0.1.0"}\n'],
    [['version', '-f', 'json'], '{"version":"v0.1.0"}\n'],
    [['version', '--format=xml'], 'tscompose version v0.1.0\n'],
    [['version', '--short'], '0.1.0\n'],
    [['version', '--short', '--format', 'json'], '0.1.0\n'],
    // version skips the root's option checks, as docker compose's does.
    [['--progress', 'bogus', 'version'], 'tscompose version v0.1.0\n'],
  ])('%j', async (argv, stdout) => {
    expect(await cli(argv)).toEqual({ code: 0, stdout, stderr: '' });
  });
});

describe('command-line errors, as docker compose 2.26.1 reports them', () => {
  it.each([
    [['config', '--fil', 'x'], 16, 'unknown flag: --fil\n'],
    [['--fil', 'x', 'config'], 1, 'unknown flag: --fil\n'],
    [['-x', 'config'], 16, "unknown shorthand flag: 'x' in -x\n"],
    [['version', 'extra'], 1, 'unknown command "extra" for "tscompose version"\n'],
    [['--progress', 'foo', 'config'], 1, 'unsupported --progress value "foo"\n'],
    [['--ansi', 'never', '--progress', 'tty', 'config'], 1, "can't use --progress tty while ANSI support is disabled\n"],
    [['--ansi', 'always', '--progress', 'plain', 'config'], 1, "can't use --progress plain while ANSI support is forced\n"],
    [['--no-ansi', '--ansi', 'never', 'config'], 1, 'cannot specify DEPRECATED "--no-ansi" and "--ansi". Please use only "--ansi"\n'],
    [['--workdir', 'a', '--project-directory', 'b', 'config'], 1, 'cannot specify DEPRECATED "--workdir" and "--project-directory". Please use only "--project-directory" instead\n'],
  ])('%j -> exit %i', async (argv, code, stderr) => {
    expect(await cli(argv)).toEqual({ code, stdout: '', stderr });
  });

  it('COMPOSE_ANSI and COMPOSE_PARALLEL_LIMIT are checked like the flags', async () => {
    expect(await cli(['--progress', 'tty', 'config'], { env: { COMPOSE_ANSI: 'never' } })).toMatchObject({
      code: 1,
      stderr: "can't use --progress tty while ANSI support is disabled\n",
    });
    // The flag wins over the variable.
    expect((await cli(['--ansi', 'auto', '--progress', 'tty', 'run'], { env: { COMPOSE_ANSI: 'never' } })).stderr).toMatch(/^requires at least 1 arg\(s\), only received 0\n$/);
    expect(await cli(['run'], { env: { COMPOSE_PARALLEL_LIMIT: 'lots' } })).toMatchObject({
      code: 1,
      stderr: 'COMPOSE_PARALLEL_LIMIT must be an integer (found: "lots")\n',
    });
    expect((await cli(['--parallel', '2', 'run'], { env: { COMPOSE_PARALLEL_LIMIT: 'lots' } })).stderr).toMatch(/^requires at least 1 arg/);
  });

  it('an unknown command prints the root help, then the error with suggestions', async () => {
    const r = await cli(['confg']);
    expect(r.code).toBe(16);
    expect(r.stdout).toBe((await cli(['--help'])).stdout);
    expect(r.stderr).toBe('unknown tscompose command: "confg"\n\nDid you mean this?\n\tconfig\n');
  });

  it('prints deprecation notices as docker compose does', async () => {
    const r = await cli(['--no-ansi', '--workdir', '/tmp', 'run']);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      "option '--no-ansi' is DEPRECATED ! Please use '--ansi' instead.",
      "\x1b[31moption '--workdir' is DEPRECATED at root level! Please use '--project-directory' instead.",
    ]);
  });
});

describe('the error boundary', () => {
  function capture(e: unknown, debug = false): { code: number; stderr: string } {
    let stderr = '';
    const io: CliIo = { cwd: '/', env: {}, stdout: () => {}, stderr: (s) => (stderr += s), readStdin: () => '', stdoutIsTTY: false };
    return { code: report(e, io, debug), stderr };
  }

  it('prints a TscomposeError as its message and hint, with its exit code', () => {
    expect(capture(new ComposeError('E_X', 'bad port', { file: 'compose.yaml', line: 3, col: 5 }, { hint: 'write 80:80' }))).toEqual({
      code: 15,
      stderr: 'compose.yaml:3:5: bad port\nhint: write 80:80\n',
    });
    expect(capture(new FileNotFoundError('/x', 'open /x: no such file or directory'))).toEqual({ code: 14, stderr: 'open /x: no such file or directory\n' });
    expect(capture(new TscomposeError('E_Y', 'plain'))).toEqual({ code: 1, stderr: 'plain\n' });
  });

  it('adds the stack in debug mode', () => {
    const r = capture(new TscomposeError('E_Y', 'plain'), true);
    expect(r.stderr).toMatch(/^plain\nTscomposeError: plain\n\s+at /);
  });

  it('reports anything else as an internal error with its stack', () => {
    const r = capture(new TypeError('x is undefined'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^internal error: x is undefined\nTypeError: x is undefined\n\s+at /);
    expect(capture('thrown string').stderr).toBe('internal error: thrown string\n');
  });

  it('prints an operating-system error as its message: the path is the user\'s to fix', () => {
    const err = Object.assign(new Error("EACCES: permission denied, open '/etc/shadow'"), { code: 'EACCES', syscall: 'open' });
    expect(capture(err)).toEqual({ code: 1, stderr: "EACCES: permission denied, open '/etc/shadow'\n" });
  });

  it('--verbose and TSCOMPOSE_DEBUG=1 turn stacks on for user errors', async () => {
    expect((await cli(['--verbose', 'run'])).stderr).toMatch(/^requires at least 1 arg\(s\), only received 0\nTscomposeError: requires at least 1 arg\(s\), only received 0\n\s+at /);
    expect((await cli(['run'], { env: { TSCOMPOSE_DEBUG: '1' } })).stderr).toMatch(/\nTscomposeError: /);
    expect((await cli(['run'])).stderr).not.toMatch(/\n\s+at /);
  });
});
