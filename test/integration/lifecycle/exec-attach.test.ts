/**
 * exec and attach through the whole command line on a running busybox
 * container: exit codes passed through, -e/-u/-w, stdin, -d, a real
 * pseudo-terminal (the CLI run under script(1)), and attach following the
 * container until it exits with its status.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../../../src/engine/native.js';
import { cli } from '../../unit/cli/run-cli.js';
import { eventually, newServiceLab, skipReason, type ServiceLab } from './support.js';

const BUNDLE = join(import.meta.dirname, '..', '..', '..', 'dist', 'tscompose.js');

function inPty(lab: ServiceLab, args: string[]): Promise<{ code: number; out: string }> {
  const line = ['node', BUNDLE, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve) => {
    execFile('script', ['-qec', line, '/dev/null'], { cwd: lab.dir, env: { ...process.env, ...lab.env }, timeout: 30_000 }, (err, stdout) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, out: stdout });
    });
  });
}

describe.skipIf(skipReason !== undefined)(`exec and attach on real containers${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let lab: ServiceLab;
  const run = (argv: string[], stdin?: string) => cli(argv, { env: lab.env, cwd: lab.dir, ...(stdin === undefined ? {} : { stdinStream: () => Readable.from([Buffer.from(stdin)]) }) });

  beforeAll(async () => {
    lab = newServiceLab({ web: [], job: [] });
    await lab.container('web', ['sleep', '600']);
  });
  afterAll(async () => {
    await lab?.cleanup();
  });

  it('passes the exit code and both streams through; -e, -u and -w reach the process', async () => {
    expect(await run(['exec', '-T', 'web', 'sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    const argv = ['exec', '-T', '-e', 'FOO=bar', '-e', 'TSCTUL_FROM_HOST', '-e', 'TSCTUL_UNSET', '-u', '1000', '-w', '/tmp', 'web', 'sh', '-c', 'echo $FOO $(id -u) $(pwd) $TSCTUL_FROM_HOST ${TSCTUL_UNSET-unset}'];
    const env = await cli(argv, { env: { ...lab.env, TSCTUL_FROM_HOST: 'host' }, cwd: lab.dir });
    expect(env).toMatchObject({ code: 0, stdout: 'bar 1000 /tmp host unset\n' });
    expect((await run(['exec', '-T', 'web', 'nosuchprogram'])).code).toBe(127);
  });

  it('forwards standard input, then closes it', async () => {
    expect(await run(['exec', '-T', 'web', 'sh', '-c', 'cat; echo done'], 'hello\nworld\n')).toMatchObject({ code: 0, stdout: 'hello\nworld\ndone\n' });
  });

  it('-d runs the command in the background and returns at once', async () => {
    expect(await run(['exec', '-d', 'web', 'sh', '-c', 'sleep 0.2; echo bg > /tmp/bg'])).toMatchObject({ code: 0, stdout: '' });
    await eventually(async () => (await lab.read(await lab.engine.find(`${lab.project}-web-1`) as string, '/tmp/bg').catch(() => '')) === 'bg\n', 'the background command');
  });

  it('a service that does not run, an index that does not exist, a missing command', async () => {
    expect(await run(['exec', '-T', 'job', 'true'])).toMatchObject({ code: 1, stderr: 'service "job" is not running\n' });
    expect(await run(['exec', '-T', '--index', '2', 'web', 'true'])).toMatchObject({ code: 1, stderr: 'service "web" is not running container #2\n' });
    expect((await run(['exec', 'web'])).code).toBe(1);
    expect(await run(['exec', 'web', 'true'])).toMatchObject({ code: 0 });
  });

  it.skipIf(findOnPath('script') === undefined || !existsSync(BUNDLE))('allocates a pseudo-terminal when the CLI runs on one', async () => {
    const r = await inPty(lab, ['exec', 'web', 'sh', '-c', 'tty; exit 4']);
    expect(r.out.replaceAll('\r', '')).toMatch(/^\/dev\/pts\/\d+\n$/);
    expect(r.code).toBe(4);
    const plain = await inPty(lab, ['exec', '-T', 'web', 'sh', '-c', 'tty || true']);
    expect(plain.out.replaceAll('\r', '')).toBe('not a tty\n');
  });

  it('attach follows the container`s output and exits with its status', async () => {
    const id = await lab.container('job', ['sh', '-c', 'sleep 1.5; echo from-job; exit 5']);
    const r = await run(['attach', '--no-stdin', 'job']);
    expect(r).toMatchObject({ code: 5, stdout: 'from-job\n' });
    await eventually(async () => (await lab.engine.inspect(id)).state.status === 'exited', 'job to exit');
  });
});
