/**
 * `up` and `down` through the CLI on the real kernel: two busybox services,
 * one serving HTTP on a published 127.0.0.1 port and answering its
 * healthcheck, the other waiting for it to be healthy and fetching its page
 * by service name; a named volume that outlives `down` and not `down -v`;
 * and bad input (a taken port, a missing image) failing with one clear
 * message while leaving nothing behind. Each test has its own project
 * (`tsctu9…`) under a throwaway state root.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'tscompose.js');
const isRoot = process.getuid?.() === 0;
const state = mkdtempSync(join(tmpdir(), 'tsctu9-state-'));
const made: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(dir: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(CLI, args, { cwd: dir, env: { ...process.env, TSCOMPOSE_ROOT: state }, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
    });
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

function project(compose: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsctu9'));
  made.push(dir);
  writeFileSync(join(dir, 'compose.yaml'), compose);
  return dir;
}

const IMAGE = 'tscompose-examples/busybox:1.35';
const GET = `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc`;

function twoTier(port: number): string {
  return `services:
  web:
    image: ${IMAGE}
    pull_policy: never
    command: ["sh", "-c", "[ -s /var/www/index.html ] || cat /proc/sys/kernel/random/uuid > /var/www/index.html; exec httpd -f -p 80 -h /var/www"]
    ports: ["127.0.0.1:${port}:80"]
    volumes: [site:/var/www]
    healthcheck:
      test: ["CMD-SHELL", "${GET} 127.0.0.1 80 | grep -q 200"]
      interval: 1s
      retries: 30
  client:
    image: ${IMAGE}
    pull_policy: never
    command: ["sh", "-c", "until ${GET} web 80 > /out/page && grep -q 200 /out/page; do sleep 0.2; done; exec sleep 1000"]
    volumes: ["./out:/out"]
    depends_on:
      web: {condition: service_healthy}
volumes:
  site: {}
`;
}

/** What a state directory holds (nothing, when a failed command cleaned up). */
function entries(rel: string): string[] {
  const dir = join(state, rel);
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function page(port: number): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(3000) });
  return (await r.text()).trim();
}

describe.skipIf(!isRoot)('up and down on the real kernel', () => {
  beforeAll(async () => {
    await new Promise<void>((done, fail) =>
      execFile('bash', [join(ROOT, 'examples', 'images', 'make-busybox.sh'), CLI], { env: { ...process.env, TSCOMPOSE_ROOT: state } }, (e) => (e === null ? done() : fail(e))),
    );
  }, 120_000);

  afterEach(async () => {
    for (const dir of made.splice(0)) {
      await cli(dir, 'down', '-v', '-t', '0');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it('serves a published port, waits for health, reaches services by name, and keeps named volumes until down -v', async () => {
    const port = await freePort();
    const dir = project(twoTier(port));
    mkdirSync(join(dir, 'out'));
    await ok(dir, 'up', '-d', '--wait');
    const first = await page(port);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    await eventually(() => readFileSync(join(dir, 'out', 'page'), 'utf8').includes(first), 15_000, 100);

    await ok(dir, 'down', '-t', '0');
    await ok(dir, 'up', '-d', '--wait');
    expect(await page(port)).toBe(first);

    await ok(dir, 'down', '-v', '-t', '0');
    await ok(dir, 'up', '-d', '--wait');
    expect(await page(port)).not.toBe(first);
  });

  it('refuses a port another program holds, naming it, and creates nothing', async () => {
    const port = await freePort();
    const holder: Server = await new Promise((done) => {
      const s = createServer().listen(port, '127.0.0.1', () => done(s));
    });
    try {
      const dir = project(twoTier(port));
      mkdirSync(join(dir, 'out'));
      const r = await cli(dir, 'up', '-d');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(String(port));
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(entries('lib/containers')).toEqual([]);
      expect(entries('lib/networks').filter((n) => n !== 'ports')).toEqual([]);
      expect(entries('lib/projects')).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('fails on a missing image with the image named, leaving no network or container', async () => {
    const dir = project(`services:\n  app:\n    image: tsctu9/nowhere:1\n    pull_policy: never\n`);
    const r = await cli(dir, 'up', '-d');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('tsctu9/nowhere:1');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(entries('lib/containers')).toEqual([]);
    expect(entries('lib/networks').filter((n) => n !== 'ports')).toEqual([]);
  });

  it('fails on a bind source that does not exist and may not be created, leaving no network or container', async () => {
    const dir = project(`services:\n  app:\n    image: ${IMAGE}\n    pull_policy: never\n    command: [sleep, '30']\n    volumes:\n      - {type: bind, source: ./not-there, target: /x, bind: {create_host_path: false}}\n`);
    const r = await cli(dir, 'up', '-d');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('services.app.volumes.0: bind source path does not exist');
    expect(r.stderr).toContain('not-there');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(entries('lib/containers')).toEqual([]);
    expect(entries('lib/networks').filter((n) => n !== 'ports')).toEqual([]);
    expect(entries('lib/projects')).toEqual([]);
  });
});
