import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROGRAM_DESCRIPTION, wrap } from '../../../src/cli/help.js';
import { cli } from './run-cli.js';

// Help printed by docker compose 2.26.1 (fixtures/, captured off a terminal
// and on 60- and 40-column terminals). tscompose must print the same layout;
// the only differences are the ones listed in `adapt`.
const fixture = (name: string): string => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

const IMPLEMENTED = new Set(['watch', 'build', 'ps', 'ls', 'logs', 'top', 'port', 'events', 'stats', 'config', 'images', 'pull', 'push', 'version', 'up', 'create', 'down', 'start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'rm', 'wait', 'exec', 'attach', 'cp', 'scale', 'run']);
/** docker volume's commands under tscompose, and compose's `volumes` (added after 2.26.1). */
const VOLUME_COMMANDS = '  volume      Manage volumes\n  volumes     List volumes\n';

/** docker compose's help turned into what tscompose should print. */
function adapt(docker: string, inserts: Array<[after: RegExp, lines: string]> = []): string {
  let text = docker
    .replaceAll('docker compose', 'tscompose')
    .replace('Define and run multi-container applications with Docker', PROGRAM_DESCRIPTION)
    .replace('tty, plain, quiet)', 'tty, plain, json, quiet)')
    .replace('Show the Docker Compose version information', 'Show the tscompose version information')
    .replace("Compose's version number", "tscompose's version number");
  // Commands tscompose does not have yet say so.
  text = text.replace(/^ {2}([a-z]+) {2,}(.*?) ?$/gm, (line, name: string) =>
    IMPLEMENTED.has(name) ? line.trimEnd() : `${line.trimEnd()} (not implemented yet)`,
  );
  // `image` is tscompose's own (docker has `docker image`), listed among the commands.
  text = text.replace(/^ {2}exec .*\n/m, (m) => `${m}  image       Manage images\n`);
  // So is `doctor`, the host check.
  text = text.replace(/^ {2}create .*\n/m, (m) => `${m}  doctor      Check that this host can run tscompose stacks\n`);
  // `commit` and `export` came with docker compose releases after 2.26.1.
  text = text.replace(/^ {2}build .*\n/m, (m) => `${m}  commit      Create a new image from a service container's changes\n`);
  text = text.replace(/^ {2}exec .*\n/m, (m) => `${m}  export      Export a service container's filesystem as a tar archive\n`);
  for (const [after, lines] of inserts) text = text.replace(after, (m) => `${m}${lines}`);
  return text;
}

describe('help text', () => {
  it('root help, off a terminal (80 columns)', async () => {
    const want = adapt(fixture('docker-compose-help.txt'), [
      [/Options:\n/, '      --all-resources              Include all resources, even those not\n                                   used by services\n'],
      [/ {2}version .*\n/, VOLUME_COMMANDS],
    ]);
    for (const argv of [[], ['--help'], ['-h'], ['--dry-run', '--help']]) {
      expect(await cli(argv)).toEqual({ code: 0, stdout: want, stderr: '' });
    }
  });

  it('root help on a 40-column terminal gives up wrapping as pflag does', async () => {
    const want = adapt(fixture('docker-compose-help-40cols.txt'), [
      [/Options:\n/, '      --all-resources              Include all resources, even those not used by services\n'],
      [/ {2}version .*\n/, VOLUME_COMMANDS],
    ]);
    expect((await cli(['--help'], { stdoutIsTTY: true, columns: 40 })).stdout).toBe(want);
  });

  it('config help, with the two selections added after 2.26.1', async () => {
    const want = adapt(fixture('docker-compose-config-help.txt'), [
      [/--dry-run .*\n/, '      --environment             Print environment used for interpolation.\n'],
      [/--images .*\n/, '      --networks                Print the network names, one per line.\n'],
    ]);
    for (const argv of [['config', '--help'], ['--help', 'config'], ['convert', '-h'], ['config', '--services', '--help']]) {
      expect(await cli(argv)).toEqual({ code: 0, stdout: want, stderr: '' });
    }
  });

  it('config help on a 60-column terminal', async () => {
    const want = adapt(fixture('docker-compose-config-help-60cols.txt'), [
      [/--dry-run .*\n.*\n/, '      --environment             Print environment\n                                used for interpolation.\n'],
      [/--images .*\n.*\n/, '      --networks                Print the network\n                                names, one per line.\n'],
    ]);
    expect((await cli(['config', '--help'], { stdoutIsTTY: true, columns: 60 })).stdout).toBe(want);
  });

  it('version help', async () => {
    expect((await cli(['version', '--help'])).stdout).toBe(adapt(fixture('docker-compose-version-help.txt')));
  });

  it('down help, as docker compose prints it', async () => {
    expect((await cli(['down', '--help'])).stdout).toBe(adapt(fixture('docker-compose-down-help.txt')));
  });

  it('run lists docker compose`s flags (and --pull from later releases)', async () => {
    const r = await cli(['run', '--help']);
    expect(r.stdout).toMatch(/^\nUsage:  tscompose run \[OPTIONS\] SERVICE \[COMMAND\] \[ARGS\.\.\.\]\n\nRun a one-off command on a service\n/);
    for (const flag of ['--build', '--cap-add', '--cap-drop', '-d, --detach', '--entrypoint', '-e, --env', '-i, --interactive', '-l, --label', '--name', '-T, --no-TTY', '--no-deps', '-p, --publish', '--pull', '--quiet-pull', '--remove-orphans', '--rm', '-P, --service-ports', '--use-aliases', '-u, --user', '-v, --volume', '-w, --workdir']) {
      expect(r.stdout).toContain(`  ${flag} `);
    }
    expect(r.stdout).not.toContain('--tty');
  });
});

describe('wrap (pflag)', () => {
  it.each([
    // indent, columns, text -> wrapped
    [10, 0, 'a\nb', 'a\n          b'],
    [10, 79, 'short', 'short'],
    [10, 40, 'one two three four five six seven eight nine', 'one two three four five\n          six seven eight nine'],
    // The last line may run 5 columns over instead of leaving an orphan word.
    [10, 40, 'one two three four five sixes', 'one two three four five sixes'],
    [10, 40, 'one two three four five sixes!', 'one two three four five\n          sixes!'],
    [10, 79, 'first line\nsecond line', 'first line\n          second line'],
    [60, 79, 'not enough room', '\n                not enough room'],
    [70, 79, 'a\nb', '\n                a\n                b'],
    // Too narrow even for the fallback: only the line breaks are indented.
    [70, 39, 'a\nb', 'a\n                b'],
  ])('wrap(%i, %i, %j)', (indent, cols, text, want) => {
    expect(wrap(indent, cols, text)).toBe(want);
  });
});
