/**
 * A container's state from what is on disk, without asking the runtime:
 * the monitor's exit record means exited; a container never started is
 * created; otherwise it runs, or is paused when its freezer says so. Only
 * when the monitor is gone without a record (killed, or lost to a reboot)
 * does the runtime have the last word.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupDirs } from './cgroups/stats.js';
import type { EngineDeps } from './deps.js';
import type { ContainerState } from './engine.js';
import { readExitRecord } from './monitor/launch.js';
import { containerPaths, type ContainerRecord } from './state.js';

function pidFrom(path: string): number {
  try {
    return Number.parseInt(readFileSync(path, 'utf8'), 10) || 0;
  } catch {
    return 0;
  }
}

export function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function monitorPid(deps: EngineDeps, id: string): number {
  return pidFrom(join(containerPaths(deps.roots, id).run, 'monitor.pid'));
}

/** Alive and still our monitor for this container: a recycled pid must not pass for it. */
export function monitorAlive(deps: EngineDeps, id: string): boolean {
  const pid = monitorPid(deps, id);
  if (!alive(pid)) return false;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv[0]?.endsWith('tscompose-monitor') === true && argv[1] !== 'exec' && argv.includes(id);
  } catch {
    return false;
  }
}

export function containerPid(deps: EngineDeps, id: string): number {
  return pidFrom(join(containerPaths(deps.roots, id).run, 'pidfile'));
}

function frozen(deps: EngineDeps, cgroupsPath: string): boolean {
  const dirs = cgroupDirs(deps.layout, cgroupsPath);
  const file = deps.layout.mode === 'v2' ? join(dirs.dir(''), 'cgroup.freeze') : join(dirs.dir('freezer'), 'freezer.state');
  try {
    const v = readFileSync(file, 'utf8').trim();
    return v === '1' || v === 'FROZEN' || v === 'FREEZING';
  } catch {
    return false;
  }
}

export async function readState(deps: EngineDeps, rec: ContainerRecord): Promise<ContainerState> {
  const p = containerPaths(deps.roots, rec.id);
  const base: ContainerState = { status: 'created', running: false, paused: false, pid: 0, exitCode: 0, oomKilled: false, startedAt: rec.startedAt, finishedAt: '', restartCount: rec.restartCount };
  const exit = readExitRecord(p.run);
  if (exit !== undefined) return { ...base, status: 'exited', exitCode: exit.exitCode, oomKilled: exit.oomKilled, finishedAt: exit.finishedAt };
  const monitor = existsSync(p.run) && monitorAlive(deps, rec.id);
  if (!monitor) {
    const st = existsSync(p.run) ? await deps.runtimeFor(rec.runtime).state(rec.id) : undefined;
    if (st !== undefined && (st.status === 'running' || st.status === 'paused')) return { ...base, status: st.status, running: true, paused: st.status === 'paused', pid: st.pid };
    // Nothing records how it ended; 255 is what a lost process reports.
    return rec.startedAt === '' && st?.status === 'created' ? base : { ...base, status: 'exited', exitCode: 255 };
  }
  if (rec.startedAt === '') return base;
  const paused = frozen(deps, rec.description.cgroupsPath ?? '');
  return { ...base, status: paused ? 'paused' : 'running', running: true, paused, pid: containerPid(deps, rec.id) };
}
