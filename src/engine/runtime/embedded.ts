/**
 * The embedded runtime (native/runtime) with `start`, `kill` and `delete`
 * done in this process when they are plain: one byte into the created
 * process's exec.fifo, a signal to the container's first process, or
 * removing a stopped container's cgroups and state directory. Each was a
 * runtime process per container, which was most of what `down` of fifty
 * containers cost on a loaded machine (a fork of the CLI's Node process and
 * an exec, twice per container) and a third of what `up` spawned. Anything else (`kill --all`,
 * a process still alive at delete, a busy cgroup, a poststop hook, a state
 * file this code does not understand) goes to the runtime's command line,
 * which stays the one implementation of the hard cases.
 *
 * The state the runtime writes (native/runtime/state.c), under --root:
 *   <root>/<id>/state.json   {"pid", "startTime" (field 22 of
 *                            /proc/<pid>/stat), "cgroup": {"ownDepth",
 *                            "dirs": {hierarchy: absolute dir}}, ...}
 *   <root>/<id>/config.json  the bundle's config, for the poststart and poststop hooks
 *   <root>/<id>/exec.fifo    while created: the process waits to read one byte
 * The process is the container's only while its start time matches and it
 * is not a zombie (state_alive in state.c): a recycled pid never is.
 */
import { constants as os } from 'node:os';
import { closeSync, constants, existsSync, openSync, readFileSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandRunner } from '../../host/command.js';
import { removeTree } from '../../host/remove-tree.js';
import { OciCliRuntime } from './oci-cli.js';

interface EmbeddedState {
  pid: number;
  startTime: number;
  cgroupDirs: string[];
  ownDepth: number;
}

/** state.json as the runtime wrote it, or undefined when it is missing or not what state.c writes. */
export function readEmbeddedState(dir: string): EmbeddedState | undefined {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as { pid?: unknown; startTime?: unknown; cgroup?: { dirs?: unknown; ownDepth?: unknown } };
  if (typeof s.pid !== 'number' || typeof s.startTime !== 'number') return undefined;
  const dirs = s.cgroup?.dirs;
  if (s.cgroup !== undefined && (typeof dirs !== 'object' || dirs === null || typeof s.cgroup.ownDepth !== 'number')) return undefined;
  const cgroupDirs = Object.values((dirs ?? {}) as Record<string, unknown>);
  if (!cgroupDirs.every((d): d is string => typeof d === 'string' && d.startsWith('/'))) return undefined;
  return { pid: s.pid, startTime: s.startTime, cgroupDirs, ownDepth: typeof s.cgroup?.ownDepth === 'number' ? s.cgroup.ownDepth : 0 };
}

/** Whether `pid` is still the process the state names: same start time, not a zombie. */
export function stateAlive(s: Pick<EmbeddedState, 'pid' | 'startTime'>, proc = '/proc'): boolean {
  if (s.pid <= 0) return false;
  let stat: string;
  try {
    stat = readFileSync(join(proc, String(s.pid), 'stat'), 'utf8');
  } catch {
    return false;
  }
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = Number(fields[19]);
  return start === s.startTime && state !== 'Z' && state !== 'X';
}

/** A signal as the runtime's command line takes it (TERM, SIGTERM, 15), as a number; undefined when unknown. */
export function signalNumber(signal: string): number | undefined {
  if (/^\d+$/.test(signal)) return Number(signal);
  const name = signal.toUpperCase();
  const n = (os.signals as Record<string, number | undefined>)[name.startsWith('SIG') ? name : `SIG${name}`];
  return n;
}

/**
 * rmdir of the container's cgroups and their empty parents; false when one
 * is still in use (a process left in it, a child cgroup): the runtime's
 * delete then kills what is left and waits. A cgroup whose last task was
 * just reaped stays busy a moment, so an empty one is tried again briefly.
 */
async function removeCgroups(s: EmbeddedState): Promise<boolean> {
  for (const dir of s.cgroupDirs) {
    if (!(await rmdirWhenEmpty(dir))) return false;
    // As destroy() in cgroup-ops.c: parents only containers used go too; one still in use stays.
    let parent = dir;
    for (let level = 1; level < s.ownDepth; level++) {
      parent = dirname(parent);
      try {
        rmdirSync(parent);
      } catch {
        break;
      }
    }
  }
  return true;
}

async function rmdirWhenEmpty(dir: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      rmdirSync(dir);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return true;
      if (code !== 'EBUSY' || attempt >= 25 || hasTasks(dir)) return false;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

function hasTasks(dir: string): boolean {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim() !== '';
  } catch {
    return true;
  }
}

function hasHooks(dir: string, kind: 'poststart' | 'poststop'): boolean {
  try {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { hooks?: Record<string, unknown> };
    const hooks = config.hooks?.[kind];
    return Array.isArray(hooks) && hooks.length > 0;
  } catch {
    // Unreadable: the runtime decides what that means.
    return true;
  }
}

/** As cmd_start: the created process waits on exec.fifo; one byte lets it exec. False when nobody waits there. */
function wakeCreated(dir: string): boolean {
  const fifo = join(dir, 'exec.fifo');
  let fd: number;
  try {
    // Non-blocking: ENXIO instead of hanging when nobody waits on the other end.
    fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    if (writeSync(fd, '0') !== 1) return false;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
  rmSync(fifo, { force: true });
  return true;
}

export class EmbeddedRuntime extends OciCliRuntime {
  constructor(
    binary: string,
    private readonly root: string,
    runner: CommandRunner,
  ) {
    super('embedded', binary, root, runner);
  }

  private dir(id: string): string | undefined {
    // The runtime's own id check (state_validate_id) is stricter; anything unusual goes to it.
    return /^[A-Za-z0-9_.-]+$/.test(id) && !id.startsWith('.') && id !== 'seccomp' ? join(this.root, id) : undefined;
  }

  override async start(id: string): Promise<void> {
    const dir = this.dir(id);
    const st = dir === undefined ? undefined : readEmbeddedState(dir);
    // Created (alive, its fifo there) and no poststart hook to run: the start is one byte into the fifo.
    if (dir === undefined || st === undefined || !stateAlive(st) || !existsSync(join(dir, 'exec.fifo')) || hasHooks(dir, 'poststart') || !wakeCreated(dir)) return super.start(id);
  }

  override async kill(id: string, signal: string, opts: { all?: boolean } = {}): Promise<void> {
    const dir = this.dir(id);
    const st = dir === undefined ? undefined : readEmbeddedState(dir);
    const sig = signalNumber(signal.replace(/^SIG/i, ''));
    if (opts.all === true || st === undefined || sig === undefined || !stateAlive(st)) return super.kill(id, signal, opts);
    try {
      process.kill(st.pid, sig);
    } catch (e) {
      // It ended between the check and the signal: the runtime reports that as it always does.
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return super.kill(id, signal, opts);
      throw e;
    }
  }

  override async delete(id: string, opts: { force?: boolean } = {}): Promise<void> {
    const dir = this.dir(id);
    // Deleting what is already gone is fine with --force, as in runc.
    if (dir !== undefined && opts.force === true && !existsSync(dir)) return;
    const st = dir === undefined ? undefined : readEmbeddedState(dir);
    if (dir === undefined || st === undefined || stateAlive(st) || hasHooks(dir, 'poststop') || !(await removeCgroups(st))) return super.delete(id, opts);
    await removeTree(dir);
  }
}
