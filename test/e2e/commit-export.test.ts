/**
 * `export` and `commit` through the CLI on the real kernel: a file written
 * in a running busybox container is in the exported tar (to -o and to
 * standard output), and the image commit makes of its changes (a written
 * file, a deleted one) is one `up` starts, with the -c command, -m and -a.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'tscompose.js');
const isRoot = process.getuid?.() === 0;
const state = mkdtempSync(join(tmpdir(), 'tsctulx-state-'));
const made: string[] = [];
const IMAGE = 'tscompose-examples/busybox:1.35';

interface Run {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function cli(dir: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(CLI, args, { cwd: dir, env: { ...process.env, TSCOMPOSE_ROOT: state }, encoding: 'buffer', maxBuffer: 1 << 26, timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr: stderr.toString() });
    });
    child.stdin?.end();
  });
}

async function ok(dir: string, ...args: string[]): Promise<string> {
  const r = await cli(dir, ...args);
  if (r.code !== 0) throw new Error(`tscompose ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return r.stdout.toString();
}

function project(compose: string): { dir: string; name: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tsctulx'));
  const name = `tsctulx${dir.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  made.push(dir);
  writeFileSync(join(dir, 'compose.yaml'), `name: ${name}\n${compose}`);
  return { dir, name };
}

const SLEEPER = `services:
  box:
    image: ${IMAGE}
    pull_policy: never
    command: ["sleep", "1000"]
    volumes: ["/vol"]
`;

describe.skipIf(!isRoot)('export and commit on the real kernel', () => {
  beforeAll(async () => {
    await new Promise<void>((done, fail) =>
      execFile('bash', [join(ROOT, 'examples', 'images', 'make-busybox.sh'), CLI], { env: { ...process.env, TSCOMPOSE_ROOT: state } }, (e) => (e === null ? done() : fail(e))),
    );
  }, 120_000);

  afterEach(async () => {
    for (const dir of made.splice(0)) {
      await cli(dir, 'down', '--remove-orphans', '-v', '-t', '0');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  afterAll(() => {
    execFileSync(CLI, ['image', 'rm', '-f', 'tsctulx-committed:1'], { env: { ...process.env, TSCOMPOSE_ROOT: state }, stdio: 'ignore' });
    rmSync(state, { recursive: true, force: true });
  });

  it('export writes the container`s file system, with what it wrote and without its volumes, to -o or standard output', async () => {
    const { dir } = project(SLEEPER);
    await ok(dir, 'up', '-d');
    await ok(dir, 'exec', '-T', 'box', 'sh', '-c', 'echo written-inside > /made.txt; echo in-volume > /vol/v.txt');
    await ok(dir, 'export', '-o', join(dir, 'fs.tar'), 'box');
    expect(execFileSync('tar', ['-xOf', join(dir, 'fs.tar'), 'made.txt']).toString()).toBe('written-inside\n');
    const names = execFileSync('tar', ['-tf', join(dir, 'fs.tar')]).toString().split('\n');
    expect(names).toContain('bin/busybox');
    expect(names).not.toContain('vol/v.txt');
    const piped = await cli(dir, 'export', 'box');
    expect(piped.code).toBe(0);
    writeFileSync(join(dir, 'piped.tar'), piped.stdout);
    expect(execFileSync('tar', ['-xOf', join(dir, 'piped.tar'), 'made.txt']).toString()).toBe('written-inside\n');
    expect((await cli(dir, 'export', 'nope')).stderr).toMatch(/^no such service: nope\n/);
  }, 120_000);

  it('commit makes an image of the container`s changes that up can start', async () => {
    const first = project(SLEEPER);
    await ok(first.dir, 'up', '-d');
    await ok(first.dir, 'exec', '-T', 'box', 'sh', '-c', 'echo from-commit > /made.txt; rm /etc/group');
    await ok(first.dir, 'commit', '-m', 'a note', '-a', 'tsctulx tester', '-c', 'CMD ["sh", "-c", "cat /made.txt; test -e /etc/group || echo no-group; exec sleep 1000"]', 'box', 'tsctulx-committed:1');
    const inspect = JSON.parse(await ok(first.dir, 'image', 'inspect', 'tsctulx-committed:1')) as Array<{ Author: string; Comment?: string; Config: { Cmd: string[] } }>;
    expect(inspect[0]).toMatchObject({ Author: 'tsctulx tester', Comment: 'a note' });
    expect(inspect[0]?.Config.Cmd).toEqual(['sh', '-c', 'cat /made.txt; test -e /etc/group || echo no-group; exec sleep 1000']);
    const second = project(`services:\n  again:\n    image: tsctulx-committed:1\n    pull_policy: never\n`);
    await ok(second.dir, 'up', '-d');
    // logs clears each line first (ESC[2K), as docker compose's printer does.
    await eventually(async () => (await ok(second.dir, 'logs', '--no-log-prefix', 'again')).replaceAll('\x1b[2K', '') === 'from-commit\nno-group\n', 15_000);
  }, 180_000);
});
