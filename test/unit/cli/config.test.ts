import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

// fixtures/config-demo: a project and what docker compose 2.26.1 printed for
// it (`{{DIR}}` stands for the project directory). Each run copies it to a
// fresh directory under the system temp dir.
const FIXTURE = new URL('fixtures/config-demo/', import.meta.url);
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tscompose-cli-'));
  cpSync(FIXTURE, dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expected = (name: string): string => readFileSync(new URL(name, FIXTURE), 'utf8').replaceAll('{{DIR}}', dir);
const run = (argv: string[], env: Record<string, string> = {}) => cli(argv, { cwd: dir, env: { HOME: '/home/test', ...env } });

describe('config selections (outputs of docker compose 2.26.1)', () => {
  it.each([
    // Each service after what it depends on.
    [['config', '--services'], 'db\napi\nweb\n'],
    [['--profile', 'tools', 'config', '--services'], 'db\napi\ndebug\nseed\nweb\n'],
    [['config', '--services', 'nosuch'], 'db\napi\nweb\n'],
    // Volumes no service uses are left out.
    [['config', '--volumes'], 'pgdata\n'],
    [['config', '--networks'], 'default\n'],
    // A service without an image is tagged <project>-<service>.
    [['config', '--images'], 'demo-api\npostgres:16\nnginx:1.25\n'],
    [['--compatibility', 'config', '--images'], 'demo_api\npostgres:16\nnginx:1.25\n'],
    [['--profile', '*', 'config', '--images'], 'demo-api\npostgres:16\nbusybox\ndemo-seed\nnginx:1.25\n'],
    [['config', '--images', 'web'], 'demo-api\npostgres:16\nnginx:1.25\n'],
    // Profiles of every service, enabled or not.
    [['config', '--profiles'], 'debug\ntools\n'],
    [
      ['config', '--variables'],
      [
        'NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE',
        'DB_NAME             true                                    ',
        'SUFFIX              false                                   -musl',
        'TAG                 false               1.25                ',
        '',
      ].join('\n'),
    ],
    // The first selection wins, in docker compose's order.
    [['config', '--images', '--services'], 'db\napi\nweb\n'],
  ])('%j', async (argv, stdout) => {
    expect(await run(argv)).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('--environment prints the interpolation environment, sorted', async () => {
    expect(await run(['config', '--environment'], { ZED: 'last', DB_NAME: 'from-os' })).toEqual({
      code: 0,
      stdout: 'COMPOSE_PROJECT_NAME=demo\nDB_NAME=from-os\nHOME=/home/test\nZED=last\n',
      stderr: '',
    });
  });

  it('--hash prints the config hash of each service, sorted by name', async () => {
    expect(await run(['config', '--hash', '*'])).toEqual({
      code: 0,
      stdout: [
        'api 7a0e0d77c0c50d19b3ab51c5ee21e0b8556e9ff6e0592af44a2efd701e5575fe',
        'db fad771c09e521430938c273e1ec8b4dee49f2da599a86b8f3b854624fbb97af8',
        'web 741032572adba4d579104fdc5ba09df8fcb8525f2439f8a65265946fde7eccaa',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect((await run(['--profile', 'tools', 'config', '--hash', 'web,seed'])).stdout).toBe(
      'seed e08b877c41148f06f4d94bcc694ac36d5e571b473c3fc498a514b8182fc6fdd7\nweb 741032572adba4d579104fdc5ba09df8fcb8525f2439f8a65265946fde7eccaa\n',
    );
  });
});

describe('config model output', () => {
  it.each([
    [['config'], 'expected-config.yaml'],
    [['config', '--format', 'json'], 'expected-config.json'],
    [['config', 'web'], 'expected-config-web.yaml'],
    [['convert'], 'expected-config.yaml'],
    [['config', '--no-interpolate'], 'expected-no-interpolate.yaml'],
    [['config', '--no-interpolate', '--format', 'json'], 'expected-no-interpolate.json'],
  ])('%j', async (argv, file) => {
    expect(await run(argv)).toEqual({ code: 0, stdout: expected(file), stderr: '' });
  });

  it('-o writes the output to a file instead', async () => {
    const out = join(dir, 'out.yaml');
    expect(await run(['config', '-o', 'out.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(expected('expected-config.yaml'));
    rmSync(out);
  });

  it.each([
    ['missing/x.yaml', 'open missing/x.yaml: no such file or directory\n'],
    ['.', 'open .: is a directory\n'],
  ])('-o %s that cannot be written: exit 1', async (target, stderr) => {
    expect(await run(['config', '-o', target])).toEqual({ code: 1, stdout: '', stderr });
  });

  it('-q validates only: nothing printed, no file written', async () => {
    expect(await run(['config', '-q', '-o', 'quiet.yaml'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(dir, 'quiet.yaml'))).toBe(false);
    expect(await run(['config', '-q', '--services'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('config errors and warnings', () => {
  it.each([
    [['config', '--format', 'xml'], 1, 'unsupported format "xml"\n'],
    [['config', 'nosuch'], 1, 'no such service: nosuch\nhint: known services: api, db, web\n'],
    [['config', '--hash', 'nosuch'], 1, 'no such service: nosuch: not found\n'],
    [['config', '--hash', 'web,debug'], 1, 'no such service: debug: disabled\n'],
  ])('%j -> exit %i', async (argv, code, stderr) => {
    expect(await run(argv)).toEqual({ code, stdout: '', stderr });
  });

  it('prints loader warnings on stderr as logrus lines when not on a terminal', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tscompose-cli-warn-'));
    writeFileSync(join(project, 'compose.yaml'), 'services:\n  a:\n    image: x${UNSET}\n');
    const r = await cli(['-p', 'warn', 'config', '--services'], { cwd: project, env: {} });
    rmSync(project, { recursive: true, force: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('a\n');
    expect(r.stderr).toMatch(/^time="[^"]+" level=warning msg="The \\"UNSET\\" variable is not set\. Defaulting to a blank string\."\n$/);
  });

  it('prints the warnings met before an error that ends the load, as docker compose does', async () => {
    const project = mkdtempSync(join(tmpdir(), 'tscompose-cli-warn-'));
    writeFileSync(join(project, 'compose.yaml'), 'services:\n  a:\n    image: x${UNSET}\n    imgae: y\n');
    const r = await cli(['-p', 'warn', 'config'], { cwd: project, env: {} });
    rmSync(project, { recursive: true, force: true });
    expect(r.code).toBe(15);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      expect.stringMatching(/^time="[^"]+" level=warning msg="The \\"UNSET\\" variable is not set\. Defaulting to a blank string\."$/),
      expect.stringMatching(/compose\.yaml:4:5: services\.a\.imgae: validating .*compose\.yaml: services\.a Additional property imgae is not allowed$/),
      '',
    ]);
  });

  it('reads the compose file from stdin with -f -', async () => {
    const r = await cli(['-p', 'stdin', '-f', '-', 'config', '--services'], {
      cwd: dir,
      env: {},
      readStdin: () => 'services:\n  one:\n    image: a\n  two:\n    image: b\n    depends_on: [one]\n',
    });
    expect(r).toEqual({ code: 0, stdout: 'one\ntwo\n', stderr: '' });
  });
});
