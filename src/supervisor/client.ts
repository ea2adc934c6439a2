/**
 * The CLI's side of the supervisor: a request over its socket, a stream of
 * its events or logs, starting it (detached, so it outlives the CLI) when
 * it does not answer, and stopping it.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { lineReader, supervisorPaths, type Answer, type Method } from './protocol.js';
import { TscomposeError } from '../errors.js';

/**
 * node:net, loaded by the first request: most commands that hold a client
 * (exec, logs, ps of a project without healthchecks) never talk to the
 * supervisor, and the module with its stream stack took 5-18 ms to load.
 */
function connect(socketPath: string): import('node:net').Socket {
  return process.getBuiltinModule('node:net').connect(socketPath);
}

export class SupervisorError extends TscomposeError {
  constructor(message: string, hint?: string) {
    super('E_SUPERVISOR', message, { hint });
  }
}

/** One request, one answer; rejects when nothing listens or the supervisor answers an error. */
export function request(socketPath: string, method: Method, params?: Record<string, unknown>, timeoutMs = 5000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SupervisorError(`the supervisor did not answer ${method} within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (f: () => void): void => {
      clearTimeout(timer);
      socket.destroy();
      f();
    };
    socket.on('error', (e) => done(() => reject(e)));
    socket.on('data', lineReader((v) => {
      const a = v as Answer;
      if ('result' in a) done(() => resolve(a.result));
      else if ('error' in a) done(() => reject(new SupervisorError(a.error)));
    }, () => undefined));
    socket.write(`${JSON.stringify({ id: 1, method, ...(params === undefined ? {} : { params }) })}\n`);
  });
}

/** A stream (events, logs): calls `onItem` for each line until it ends or the signal fires. */
export function stream(socketPath: string, method: 'events' | 'logs', params: Record<string, unknown>, onItem: (item: unknown) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    signal.addEventListener('abort', () => {
      socket.destroy();
      resolve();
    }, { once: true });
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.on('data', lineReader((v) => {
      const a = v as Answer;
      if ('event' in a) onItem(a.event);
      else if ('log' in a) onItem(a.log);
      else if ('end' in a) socket.end();
      else if ('error' in a) reject(new SupervisorError(a.error));
    }, () => undefined));
    socket.write(`${JSON.stringify({ id: 1, method, params })}\n`);
  });
}

export async function isRunning(runRoot: string, project: string): Promise<boolean> {
  return request(supervisorPaths(runRoot, project).socket, 'ping', undefined, 1000).then(() => true, () => false);
}

export interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * Starts the project's supervisor unless one runs; it runs detached, its
 * output in supervisor.log. One that is alive but slow to answer (a loaded
 * machine, a reload of fifty containers) is never doubled: a second one
 * would take over the socket and leave the first running unseen. With
 * `wait: false` a supervisor that is starting is not waited for: it loads
 * the records once it listens (main.ts), so it sees every container whose
 * record was written before; the CLI does not pay its Node start-up.
 */
export async function ensureSupervisor(runRoot: string, project: string, launch: Launch, opts: { waitMs?: number; wait?: boolean } = {}): Promise<'running' | 'started' | 'starting'> {
  const waitMs = opts.waitMs ?? 10_000;
  const wait = opts.wait ?? true;
  const paths = supervisorPaths(runRoot, project);
  if (await isRunning(runRoot, project)) {
    await request(paths.socket, 'reload', undefined, waitMs);
    return 'running';
  }
  const booting = livePid(runRoot, project);
  if (booting !== undefined) {
    if (!wait) return 'starting';
    if (await answersWhileAlive(runRoot, project, booting, waitMs)) {
      await request(paths.socket, 'reload', undefined, waitMs);
      return 'running';
    }
  }
  mkdirSync(paths.dir, { recursive: true });
  const log = openSync(paths.log, 'a');
  // child_process (and the stream modules under it) loaded here: ps, logs and exec never start a supervisor.
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn(launch.command, [...launch.args, project], { detached: true, stdio: ['ignore', log, log], env: launch.env, cwd: '/' });
  closeSync(log);
  child.unref();
  // Written now, so a CLI that comes while it starts (down, another up) finds it; it writes the same file when it listens.
  if (child.pid !== undefined) writeFileSync(paths.pid, JSON.stringify({ version: 1, pid: child.pid }));
  if (!wait) return 'starting';
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (await isRunning(runRoot, project)) return 'started';
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new SupervisorError(`the supervisor of project "${project}" did not start within ${waitMs / 1000}s`, `see ${paths.log}`);
}

/** The pid of a live supervisor of the project, from its pid file. */
function livePid(runRoot: string, project: string): number | undefined {
  const pid = pidOf(runRoot, project);
  return pid !== undefined && alive(pid) && isSupervisorOf(pid, project) ? pid : undefined;
}

/** Whether the live supervisor `pid` answers before the deadline. */
async function answersWhileAlive(runRoot: string, project: string, pid: number, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline && alive(pid)) {
    if (await isRunning(runRoot, project)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

export interface SupervisorStop {
  /** The supervisor answered that it stopped watching: no restart is under way or will start. */
  quiet: boolean;
  /** Settles once the process is gone (reaped, not only exited), or after the wait gave up. */
  gone: Promise<void>;
}

/**
 * Asks the supervisor to stop. One that answers `stopped` has quiesced, so
 * the caller may go on while it exits. One that does not answer but is
 * alive (its pid file, its command line) gets SIGTERM, which ends it the
 * same way; that one, like an older supervisor answering `stopping`, is
 * not known to be quiet until it is gone. Undefined when none runs.
 */
export async function beginStopSupervisor(runRoot: string, project: string, waitMs = 10_000): Promise<SupervisorStop | undefined> {
  const socket = supervisorPaths(runRoot, project).socket;
  const owned = livePid(runRoot, project);
  const answer = await request(socket, 'stop', undefined, 2000).catch(() => undefined);
  if (answer === undefined) {
    if (owned === undefined || !alive(owned)) return undefined;
    process.kill(owned, 'SIGTERM');
  }
  const deadline = Date.now() + waitMs;
  const gone = (async () => {
    // Until it has exited: a zombie holds no memory, file, socket or namespace,
    // and waiting for its reaper (init, which may reap only every few seconds,
    // as this machine's does) made every down 1.6 s longer.
    while (Date.now() < deadline && (owned !== undefined ? alive(owned) : await isRunning(runRoot, project))) await new Promise((r) => setTimeout(r, 20));
  })();
  return { quiet: answer === 'stopped', gone };
}

/** Asks the supervisor to stop and waits until it is gone. */
export async function stopSupervisor(runRoot: string, project: string, waitMs = 10_000): Promise<'stopped' | 'not-running'> {
  const stop = await beginStopSupervisor(runRoot, project, waitMs);
  if (stop === undefined) return 'not-running';
  await stop.gone;
  return 'stopped';
}

/** Whether `pid` is a supervisor started for `project` (its last argument), not a process that reused the pid. */
function isSupervisorOf(pid: number, project: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    return argv[argv.length - 1] === project;
  } catch {
    return false;
  }
}

function pidOf(runRoot: string, project: string): number | undefined {
  try {
    const v = JSON.parse(readFileSync(supervisorPaths(runRoot, project).pid, 'utf8')) as { pid?: unknown };
    return typeof v.pid === 'number' ? v.pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie waiting for its parent to reap it. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
