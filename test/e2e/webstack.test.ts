/**
 * The README's first command's work on examples/webstack, end to end on the
 * real kernel: the base image from Debian's packages (cached tarball), `up -d
 * --build --wait`, a page served by nginx with data that came from
 * PostgreSQL through the app, a note that survives `down` and `up` and is
 * gone after `down -v`, and the restart policy bringing a killed database
 * back with the app recovering by itself. Everything lives under a throwaway
 * state root and a `tsctu9…` project name, so a leak is traceable.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';

const exec = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'tscompose.js');
const EXAMPLE = join(ROOT, 'examples', 'webstack');
const isRoot = process.getuid?.() === 0;

const state = mkdtempSync(join(tmpdir(), 'tsctu9-'));
const project = `tsctu9${Math.random().toString(36).slice(2, 8)}`;
let port = 0;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a !== null ? done(a.port) : fail(new Error('no port'))));
    });
  });
}

function env(): NodeJS.ProcessEnv {
  return { ...process.env, TSCOMPOSE_ROOT: state, WEB_PORT: String(port) };
}

async function tscompose(...args: string[]): Promise<string> {
  const { stdout } = await exec(CLI, ['-f', join(EXAMPLE, 'compose.yaml'), '-p', project, ...args], { env: env(), maxBuffer: 1 << 24 });
  return stdout;
}

async function http(path: string, body?: string): Promise<{ status: number; text: string }> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', body, headers: { 'content-type': 'application/json' } };
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, signal: AbortSignal.timeout(5000) });
  return { status: r.status, text: await r.text() };
}

async function notes(): Promise<string[]> {
  const r = await http('/api/notes');
  if (r.status !== 200) throw new Error(`GET /api/notes: ${r.status} ${r.text}`);
  return (JSON.parse(r.text) as { body: string }[]).map((n) => n.body);
}

/** The host pid of a service container's first process: the first row of `top` (docker compose's columns: UID PID PPID ...). */
async function mainPid(service: string): Promise<number> {
  const rows = (await tscompose('top', service)).split('\n').filter((l) => /^\S+\s+\d+\s+\d+\s/.test(l));
  const pid = Number(rows[0]?.split(/\s+/)[1]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no process in top ${service}`);
  return pid;
}

describe.skipIf(!isRoot)('examples/webstack, brought up as the README does', () => {
  beforeAll(async () => {
    port = await freePort();
    // Cached after the first run on a machine: the import alone takes seconds; debootstrap takes minutes once.
    await exec('bash', [join(EXAMPLE, 'base', 'make-base.sh'), CLI], { env: env(), maxBuffer: 1 << 24 });
    await tscompose('up', '-d', '--build', '--wait');
  }, 900_000);

  afterAll(async () => {
    try {
      await tscompose('down', '-v', '--rmi', 'local', '-t', '2');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  }, 120_000);

  it('serves the page, and the API answers with data from PostgreSQL', async () => {
    const page = await http('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Notes</h1>');
    const info = JSON.parse((await http('/api/info')).text) as { postgres: string; app_env: string };
    expect(info.postgres).toMatch(/^15\./);
    expect(info.app_env).toBe('development');
  });

  it('keeps a note across down and up, and forgets it after down -v', async () => {
    const written = await http('/api/notes', JSON.stringify({ body: `kept by ${project}` }));
    expect(written.status).toBe(201);
    await tscompose('down', '-t', '5');
    await tscompose('up', '-d', '--wait');
    expect(await notes()).toContain(`kept by ${project}`);
    await tscompose('down', '-v', '-t', '5');
    await tscompose('up', '-d', '--wait');
    expect(await notes()).toEqual([]);
  });

  it('brings a killed database back through its restart policy, and the app recovers', async () => {
    const main = await mainPid('db');
    process.kill(main, 'SIGKILL');
    await eventually(async () => (await mainPid('db')) !== main, 60_000, 250);
    await eventually(async () => Array.isArray(await notes()), 60_000, 250);
    expect((await http('/api/notes', JSON.stringify({ body: 'after the crash' }))).status).toBe(201);
  });
});
