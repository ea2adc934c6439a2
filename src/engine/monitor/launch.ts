/**
 * Starting a container's monitor (native/monitor, monitor.c): it runs the
 * runtime's `create` and answers with the container's pid, after which it
 * lives on by itself. The exit file it leaves is read and waited for here.
 */
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { CommandRunner } from '../../host/command.js';
import type { ContainerRuntime } from '../runtime/types.js';
import { parseExitRecord, parseStatusLine, type ExitRecord } from './protocol.js';

export interface MonitorLaunch {
  binary: string;
  runtime: ContainerRuntime;
  id: string;
  bundle: string;
  /** run/containers/<id>: attach socket, pid files, exit record. */
  dir: string;
  log?: { path: string; maxSize: number; maxFiles: number };
  tty: boolean;
  stdin: boolean;
  /** The cgroup file whose oom_kill counter the monitor compares at exit. */
  oomFile?: string;
}

export function monitorArgs(l: MonitorLaunch): string[] {
  const args = ['--id', l.id, '--runtime', l.runtime.binary];
  for (const a of l.runtime.globalArgs) args.push('--runtime-arg', a);
  args.push('--bundle', l.bundle, '--dir', l.dir);
  if (l.log !== undefined) args.push('--log', l.log.path, '--log-max-size', String(l.log.maxSize), '--log-max-files', String(l.log.maxFiles));
  if (l.tty) args.push('--tty');
  if (l.stdin) args.push('--stdin');
  if (l.oomFile !== undefined) args.push('--oom-file', l.oomFile);
  return args;
}

/** Runs the monitor; resolves with the container's pid once the runtime has created it. */
export async function launchMonitor(runner: CommandRunner, l: MonitorLaunch): Promise<number> {
  const r = await runner.run(l.binary, monitorArgs(l), { allowFailure: true });
  return parseStatusLine(r.stdout || r.stderr, `create ${l.id}`);
}

export function readExitRecord(dir: string): ExitRecord | undefined {
  const path = join(dir, 'exit');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return parseExitRecord(text, path);
}

export interface WaitOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Asked on every poll: true means no exit record will come (the monitor is gone). */
  gone?: () => boolean;
  pollMs?: number;
}

/** Resolves with the exit record when it appears; undefined on timeout, abort, or when `gone`. */
export async function waitForExitRecord(dir: string, o: WaitOptions = {}): Promise<ExitRecord | undefined> {
  const deadline = o.timeoutMs === undefined ? Infinity : Date.now() + o.timeoutMs;
  for (;;) {
    const rec = readExitRecord(dir);
    if (rec !== undefined) return rec;
    if (o.signal?.aborted === true || Date.now() >= deadline || !existsSync(dir)) return undefined;
    if (o.gone?.() === true) return readExitRecord(dir);
    await changeIn(dir, Math.min(o.pollMs ?? 200, deadline - Date.now()), o.signal);
  }
}

function changeIn(dir: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    let w: FSWatcher | undefined;
    const done = (): void => {
      clearTimeout(t);
      w?.close();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, Math.max(0, ms));
    try {
      w = watch(dir, (_, name) => {
        if (name === 'exit') done();
      });
      w.on('error', done);
    } catch {
      w = undefined;
    }
    signal?.addEventListener('abort', done, { once: true });
    // Written between the caller's look and the watch: no event will come, and
    // the wait would last the whole poll (the first stop of every down did).
    if (existsSync(join(dir, 'exit'))) done();
  });
}
