/**
 * An exec session through the monitor's exec helper (native/monitor/exec.c):
 * the helper is the new process's parent whichever runtime runs it, so the
 * exit code is known; its fd 3 carries status lines one way and terminal
 * resizes the other.
 */
import type { Readable, Writable } from 'node:stream';
import type { CommandRunner } from '../../host/command.js';
import type { ProcessSpawner } from '../../host/process.js';
import { MonitorError } from '../errors.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { waitForExitRecord } from './launch.js';
import { parseStatusLine } from './protocol.js';

export interface ExecLaunch {
  binary: string;
  runtime: ContainerRuntime;
  id: string;
  /** run/containers/<id>/exec/<exec id>: exec.pid, and for a detached session its exit record. */
  dir: string;
  processFile: string;
  tty: boolean;
  stdin: boolean;
}

export interface ExecExit {
  exitCode: number;
  signal: number;
}

export interface ExecSession {
  /** The process's pid; rejects with the runtime's message when it could not be started. */
  pid: Promise<number>;
  stdin: Writable | null;
  stdout: Readable | null;
  stderr: Readable | null;
  resize(rows: number, cols: number): void;
  exit: Promise<ExecExit>;
}

function helperArgs(l: ExecLaunch, extra: string[]): string[] {
  const args = ['exec', '--id', l.id, '--runtime', l.runtime.binary];
  for (const a of l.runtime.globalArgs) args.push('--runtime-arg', a);
  args.push('--process', l.processFile, '--dir', l.dir, ...extra);
  if (l.tty) args.push('--tty');
  if (l.stdin) args.push('--stdin');
  return args;
}

export function startExec(spawner: ProcessSpawner, l: ExecLaunch): ExecSession {
  const child = spawner.spawn(l.binary, helperArgs(l, ['--status-fd', '3']), { stdio: [l.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'] });
  const status = child.stdio[3] as (Readable & Writable) | null;
  let text = '';
  let settle: { ok: (pid: number) => void; fail: (e: Error) => void } | undefined;
  const pid = new Promise<number>((ok, fail) => (settle = { ok, fail }));
  pid.catch(() => undefined);
  let last: ExecExit | undefined;
  // A resize racing the helper's exit meets a closed pipe (EPIPE); the exit itself comes from 'close'.
  status?.on('error', () => undefined);
  status?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    let nl: number;
    while ((nl = text.indexOf('\n')) !== -1) {
      const line = text.slice(0, nl);
      text = text.slice(nl + 1);
      const v = JSON.parse(line) as { pid?: number; exitCode?: number; signal?: number; error?: string };
      if (typeof v.exitCode === 'number') last = { exitCode: v.exitCode, signal: v.signal ?? 0 };
      else if (typeof v.pid === 'number') settle?.ok(v.pid);
      else settle?.fail(new MonitorError(v.error ?? line));
    }
  });
  const exit = new Promise<ExecExit>((resolve) => {
    child.on('close', (code, sig) => {
      settle?.fail(new MonitorError(`exec ${l.id}: the exec helper ended before the process started`));
      resolve(last ?? { exitCode: code ?? (sig === null ? 255 : 128), signal: 0 });
    });
    child.on('error', (e) => {
      settle?.fail(new MonitorError(`exec ${l.id}: ${e.message}`));
      resolve({ exitCode: 126, signal: 0 });
    });
  });
  return {
    pid,
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    resize: (rows, cols) => {
      if (l.tty && status !== null && !status.destroyed) status.write(`resize ${rows} ${cols}\n`);
    },
    exit,
  };
}

/** A detached session: resolves with the pid; the exit record lands in the session's dir. */
export async function startDetachedExec(runner: CommandRunner, l: ExecLaunch): Promise<{ pid: number; exit: Promise<ExecExit> }> {
  const r = await runner.run(l.binary, helperArgs({ ...l, stdin: false }, ['--detach']), { allowFailure: true });
  const pid = parseStatusLine(r.stdout, `exec ${l.id}`);
  const exit = waitForExitRecord(l.dir).then((rec) => ({ exitCode: rec?.exitCode ?? 255, signal: rec?.signal ?? 0 }));
  return { pid, exit };
}
