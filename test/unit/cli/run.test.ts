import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlagSet, FlagValues, parseFlags } from '../../../src/cli/flags.js';
import { entrypointFlag, runCommand, runTty } from '../../../src/cli/commands/run.js';
import { cli } from './run-cli.js';

function flags(argv: string[]): FlagValues {
  const into = new FlagValues();
  for (const s of runCommand.flags) into.init(s);
  parseFlags(new FlagSet(runCommand.flags), argv, into, false);
  return into;
}

const tty = { stdoutIsTTY: true, stdinIsTTY: true };
const piped = { stdoutIsTTY: true, stdinIsTTY: false };
const noTerminal = { stdoutIsTTY: false, stdinIsTTY: false };

describe('run`s pseudo-terminal decision (docker compose`s PreRunE)', () => {
  it('a terminal by default on a terminal, none when stdout or (by default) stdin is not one', () => {
    expect(runTty(flags([]), tty)).toBe(true);
    expect(runTty(flags([]), piped)).toBe(false);
    expect(runTty(flags([]), noTerminal)).toBe(false);
  });

  it('-T, -t and -i decide when given', () => {
    expect(runTty(flags(['-T']), tty)).toBe(false);
    expect(runTty(flags(['-t']), noTerminal)).toBe(true);
    expect(runTty(flags(['-i']), piped)).toBe(true);
    expect(() => runTty(flags(['-t', '-T']), tty)).toThrow("--tty and --no-TTY can't be used together");
  });

  it('--entrypoint is split into words as compose splits it; absent, the image`s stays', () => {
    expect(entrypointFlag(flags(['--entrypoint', `sh -c 'echo a'`]))).toEqual(['sh', '-c', 'echo a']);
    expect(entrypointFlag(flags(['--entrypoint', '']))).toEqual([]);
    expect(entrypointFlag(flags([]))).toBeUndefined();
  });

  it('flags end at the service: the command keeps its own', () => {
    const f = flags(['--rm', '-e', 'A=1', 'web', 'ls', '-l']);
    expect(f.bool('rm')).toBe(true);
    expect(f.strings('env')).toEqual(['A=1']);
  });
});

describe('run on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsctulr-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'compose.yaml'), `name: tsctulrunit
services:
  db:
    image: busybox
    healthcheck: {test: [CMD, "true"]}
  web:
    image: busybox
    depends_on: {db: {condition: service_healthy}}
  tool:
    image: busybox
    profiles: [tools]
`);
  const run = (argv: string[]) => cli(argv, { cwd: dir, env: { TSCOMPOSE_ROOT: join(dir, 'state') } });

  it('--dry-run prints the plan: dependencies, their wait, then the one-off', async () => {
    const r = await run(['--dry-run', 'run', 'web', 'echo', 'hi']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^plan for project tsctulrunit: 6 operations\n/);
    expect(r.stdout).toMatch(/#5 wait for db healthy: tsctulrunit-db-1 \(after #4\)\n#6 create container tsctulrunit-web-run-[0-9a-f]{12} \(one-off\) \(after #1, #2, #4, #5\)\n$/);
  });

  it('a service in a profile is run when named; --no-deps leaves the dependencies out', async () => {
    expect((await run(['--dry-run', 'run', 'tool'])).stdout).toMatch(/create container tsctulrunit-tool-run-[0-9a-f]{12} \(one-off\)/);
    const alone = await run(['--dry-run', 'run', '--no-deps', 'web']);
    // The db service's operations, by name: the one-off's random hex id may hold the letters "db".
    expect(alone.stdout).not.toMatch(/tsctulrunit-db-|\bdb\b/);
    expect(alone.stdout).toMatch(/: 3 operations\n/);
  });

  it('create selects as run does: a named service in a profile is created, an unknown one refused', async () => {
    expect((await run(['--dry-run', 'create', 'tool'])).stdout).toMatch(/create container tsctulrunit-tool-1 /);
    expect((await run(['--dry-run', 'create'])).stdout).not.toMatch(/tool/);
    expect(await run(['--dry-run', 'create', 'nope'])).toMatchObject({ code: 1, stderr: 'no such service: nope\nhint: known services: db, web\n' });
  });

  it('refuses an unknown service with the known ones, and bad flags, before anything is made', async () => {
    expect(await run(['run', 'nope'])).toMatchObject({ code: 1, stderr: 'no such service: nope\nhint: known services: db, web\n' });
    expect(await run(['run', '-T', '-P', '-p', '80', 'web'])).toMatchObject({ code: 16, stderr: '--service-ports and --publish are incompatible\n' });
    expect((await run(['run', '-T', '--pull', 'sometimes', 'web'])).stderr).toBe('invalid --pull option "sometimes"\n');
    expect((await run(['run', '-T', '-l', 'x', 'web'])).stderr).toBe('label must be set as KEY=VALUE\n');
    expect((await run(['run'])).code).toBe(1);
    expect((await run(['run', '-d', '--rm', 'web'])).stderr).toMatch(/^tscompose run cannot combine --rm with -d yet\n/);
  });
});
