/**
 * `run` through the CLI on the real kernel, with the busybox image the
 * examples use: the command's status is tscompose's, -e/-w/-u reach the
 * process, dependencies are started (and waited for) first, `--rm` leaves
 * no container, namespace, anonymous volume or record, the service's ports
 * are published only with --service-ports (or -p), and a one-off is listed
 * by `ps -a` only and removed by `down --remove-orphans`. Each test has its
 * own project (`tsctulr…`) under a throwaway state root.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'tscompose.js');
const isRoot = process.getuid?.() === 0;
const state = mkdtempSync(join(tmpdir(), 'tsctulr-state-'));
const made: string[] = [];
const IMAGE = 'tscompose-examples/busybox:1.35';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(dir: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(CLI, args, { cwd: dir, env: { ...process.env, TSCOMPOSE_ROOT: state }, maxBuffer: 1 << 24, timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
    });
    child.stdin?.end();
  });
}

async function ok(dir: string, ...args: string[]): Promise<string> {
  const r = await cli(dir, ...args);
  if (r.code !== 0) throw new Error(`tscompose ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

function project(compose: string): { dir: string; name: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tsctulr'));
  const name = `tsctulr${dir.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  made.push(dir);
  writeFileSync(join(dir, 'compose.yaml'), `name: ${name}\n${compose}`);
  return { dir, name };
}

function records(name: string): string[] {
  const file = join(state, 'lib', 'projects', name, 'project.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { containers: Array<{ name: string }> }).containers.map((c) => c.name);
}

function entries(rel: string): string[] {
  const dir = join(state, rel);
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function status(port: number): Promise<number | string> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/etc/passwd`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 'refused';
  }
}

const SERVICES = (port: number): string => `services:
  db:
    image: ${IMAGE}
    pull_policy: never
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 1000"]
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30}
  web:
    image: ${IMAGE}
    pull_policy: never
    command: ["httpd", "-f", "-p", "80", "-h", "/"]
    environment: {FROM_FILE: file}
    ports: ["127.0.0.1:${port}:80"]
    volumes: ["/scratch"]
    restart: always
    depends_on: {db: {condition: service_healthy}}
`;

describe.skipIf(!isRoot)('run on the real kernel', () => {
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

  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it('starts the dependencies first, passes -e/-w/-u to the process and its status back; --rm leaves nothing', async () => {
    const { dir, name } = project(SERVICES(await freePort()));
    const r = await cli(dir, 'run', '--rm', '-T', '-e', 'FOO=bar', '-w', '/tmp', '-u', '65534', 'web', 'sh', '-c', 'echo $FOO $FROM_FILE $(id -u) $(pwd); test -d /scratch; exit 7');
    expect(r, r.stderr).toMatchObject({ stdout: 'bar file 65534 /tmp\n', code: 7 });
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(`Container ${name}-db-1  Healthy`);
    expect(records(name)).toEqual([`${name}-db-1`]);
    const ps = await ok(dir, 'ps', '-a', '--format', '{{.Name}}');
    expect(ps).toBe(`${name}-db-1\n`);
    // One container (db) is left: its state dir, its namespace, no volume but the one-off's was removed.
    expect(entries('run/containers')).toHaveLength(1);
    expect(entries('run/netns').filter((n) => !n.endsWith('.json'))).toHaveLength(1);
    expect(entries('lib/volumes')).toEqual([]);
  }, 120_000);

  it('publishes the service`s ports only with --service-ports, -p its own; ps -a lists one-offs, down --remove-orphans removes them', async () => {
    const port = await freePort();
    const { dir, name } = project(SERVICES(port));
    const quiet = await ok(dir, 'run', '-d', 'web');
    expect(quiet).toMatch(/^[0-9a-f]{64}\n$/);
    await eventually(async () => (await ok(dir, 'ps', '-a', '--format', '{{.State}}')).includes('running'), 10_000);
    expect(await status(port)).toBe('refused');
    await ok(dir, 'run', '-d', '--service-ports', 'web');
    await eventually(async () => (await status(port)) === 200, 10_000);
    const other = await freePort();
    await ok(dir, 'run', '-d', '-p', `127.0.0.1:${other}:80`, 'web');
    await eventually(async () => (await status(other)) === 200, 10_000);
    const all = (await ok(dir, 'ps', '-a', '--format', '{{.Name}}')).trim().split('\n');
    expect(all.filter((n) => new RegExp(`^${name}-web-run-[0-9a-f]{12}$`).test(n))).toHaveLength(3);
    expect(await ok(dir, 'ps', '--format', '{{.Name}}')).toBe(`${name}-db-1\n`);
    await ok(dir, 'down', '-t', '0');
    expect(records(name)).toHaveLength(3);
    await ok(dir, 'down', '--remove-orphans', '-t', '0');
    expect(records(name)).toEqual([]);
    expect(entries('run/containers')).toEqual([]);
    expect(entries('run/netns')).toEqual([]);
    expect(await status(other)).toBe('refused');
  }, 180_000);

  it('--no-deps runs the service alone; an unknown service is refused with the known ones', async () => {
    const { dir, name } = project(SERVICES(await freePort()));
    expect(await cli(dir, 'run', '--rm', '--no-deps', '-T', '--entrypoint', 'echo', 'web', 'alone')).toMatchObject({ code: 0, stdout: 'alone\n' });
    expect(records(name)).toEqual([]);
    expect(await cli(dir, 'run', 'nope')).toMatchObject({ code: 1, stderr: 'no such service: nope\nhint: known services: db, web\n' });
  }, 60_000);
});
