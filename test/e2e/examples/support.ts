/**
 * An example from examples/ brought up as a user would: the example's
 * directory copied to a throwaway directory, commands run there by the
 * built CLI with a throwaway TSCOMPOSE_ROOT and a `tsctux…` project name
 * (COMPOSE_PROJECT_NAME, so the commands read exactly as the README's), and
 * the busybox image the examples use made by examples/images/make-busybox.sh.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'tscompose.js');
export const isRoot = process.getuid?.() === 0;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExampleLab {
  /** The copy of the example, where every command runs. */
  dir: string;
  project: string;
  env: NodeJS.ProcessEnv;
  cli(args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<Run>;
  /** Like cli, but a non-zero exit throws with the command's stderr. */
  ok(...args: string[]): Promise<string>;
  /** A long-running command (`up --watch`) in its own process group, as a terminal runs it. */
  spawn(args: readonly string[]): ChildProcess & { output: () => string };
  cleanup(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a !== null ? done(a.port) : fail(new Error('no port'))));
    });
  });
}

export async function exampleLab(example: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ExampleLab> {
  const work = mkdtempSync(join(tmpdir(), `tsctux-${example}-`));
  const dir = join(work, example);
  cpSync(join(ROOT, 'examples', example), dir, { recursive: true });
  const state = join(work, 'state');
  const project = `tsctux${example.slice(0, 4)}${Math.random().toString(36).slice(2, 8)}`;
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, TSCOMPOSE_ROOT: state, COMPOSE_PROJECT_NAME: project };
  delete env.COMPOSE_PROFILES;
  delete env.COMPOSE_FILE;
  const cli = (args: readonly string[], more: NodeJS.ProcessEnv = {}): Promise<Run> =>
    new Promise((done) => {
      execFile(CLI, args, { cwd: dir, env: { ...env, ...more }, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
        done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr });
      });
    });
  const ok = async (...args: string[]): Promise<string> => {
    const r = await cli(args);
    if (r.code !== 0) throw new Error(`tscompose ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
    return r.stdout;
  };
  const children: ChildProcess[] = [];
  const spawnCli = (args: readonly string[]): ChildProcess & { output: () => string } => {
    let out = '';
    const child = spawn(CLI, args, { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => void (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => void (out += b.toString()));
    children.push(child);
    return Object.assign(child, { output: () => out });
  };
  const made = await new Promise<Run>((done) =>
    execFile('bash', [join(ROOT, 'examples', 'images', 'make-busybox.sh'), CLI], { env }, (err, stdout, stderr) =>
      done({ code: err === null ? 0 : 1, stdout, stderr }),
    ),
  );
  if (made.code !== 0) throw new Error(`make-busybox.sh failed:\n${made.stderr}`);
  const cleanup = async (): Promise<void> => {
    try {
      for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) killGroup(c.pid);
      await cli(['--profile', '*', 'down', '-v', '-t', '0']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
  return { dir, project, env, cli, ok, spawn: spawnCli, cleanup };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** `ps` rows as `service state`, sorted. */
export async function serviceStates(lab: ExampleLab, ...flags: string[]): Promise<string[]> {
  const out = await lab.ok('ps', ...flags, '--format', '{{.Service}} {{.State}}');
  return out.split('\n').filter((l) => l !== '').sort();
}

export async function httpGet(port: number, path = '/'): Promise<{ status: number; text: string }> {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) });
  return { status: r.status, text: await r.text() };
}
