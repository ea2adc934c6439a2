/**
 * The per-project lock that serializes mutating commands (up, down, ...).
 *
 * Layout (run/projects/, shared with the supervisor):
 *   run/projects/<project>/lock   {"version":1,"pid":..,"startTime":..,"command":".."}
 *
 * The lock file is created with O_EXCL. A lock whose process is gone (or
 * whose pid now belongs to another process, told apart by the start time in
 * /proc/<pid>/stat) is stale and taken over: renamed away under a unique
 * name, checked to be the stale one, then removed, so two takers cannot
 * both win. A live holder makes the caller wait, saying once who it waits
 * for, until `timeoutMs` passes.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectLockedError } from './errors.js';

export interface LockOwner {
  pid: number;
  /** Clock ticks since boot when the process started (field 22 of /proc/<pid>/stat). */
  startTime: number;
  command: string;
}

export interface LockOptions {
  command: string;
  timeoutMs?: number;
  pollMs?: number;
  /** Told once when the lock is busy. */
  onWait?: (holder: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Whether a recorded owner still runs; the default reads /proc. */
  alive?: (owner: LockOwner) => boolean;
  self?: LockOwner;
}

export interface HeldLock {
  path: string;
  release(): void;
}

const DEFAULT_TIMEOUT_MS = 120_000;

export async function acquireProjectLock(runRoot: string, project: string, opts: LockOptions): Promise<HeldLock> {
  const dir = join(runRoot, 'projects', project);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'lock');
  const self = opts.self ?? currentProcess(opts.command);
  const alive = opts.alive ?? isAlive;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let waited = 0;
  let told = false;
  for (;;) {
    if (tryCreate(path, self)) return { path, release: () => releaseIfOurs(path, self) };
    const holder = readOwner(path);
    if (holder === undefined || !alive(holder)) {
      takeOver(path, holder);
      continue;
    }
    const who = `${holder.command} (pid ${holder.pid})`;
    if (waited >= timeout) throw new ProjectLockedError(project, who, waited);
    if (!told) opts.onWait?.(who);
    told = true;
    const step = opts.pollMs ?? 100;
    await sleep(step);
    waited += step;
  }
}

function tryCreate(path: string, self: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify({ version: 1, ...self }));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || typeof v.startTime !== 'number') return undefined;
    return { pid: v.pid, startTime: v.startTime, command: typeof v.command === 'string' ? v.command : 'tscompose' };
  } catch {
    // Unreadable or half-written by a process that died while creating it.
    return undefined;
  }
}

function takeOver(path: string, stale: LockOwner | undefined): void {
  const aside = `${path}.stale.${process.pid}.${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = readOwner(aside);
  const same = moved?.pid === stale?.pid && moved?.startTime === stale?.startTime;
  if (!same) {
    // Another taker already replaced the stale lock and we moved its fresh one: put it back
    // unless a third process created one meanwhile (link fails then, and that one stays).
    try {
      linkSync(aside, path);
    } catch {
      // The loop looks again.
    }
    rmSync(aside, { force: true });
    return;
  }
  rmSync(aside, { force: true });
}

function releaseIfOurs(path: string, self: LockOwner): void {
  const owner = readOwner(path);
  if (owner?.pid === self.pid && owner.startTime === self.startTime) rmSync(path, { force: true });
}

export function currentProcess(command: string): LockOwner {
  return { pid: process.pid, startTime: startTimeOf(process.pid) ?? 0, command };
}

function startTimeOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  const start = startTimeOf(owner.pid);
  return start !== undefined && (owner.startTime === 0 || start === owner.startTime);
}
