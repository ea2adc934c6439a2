/**
 * An in-memory ContainerEngine for the unit tests of upper layers (plan,
 * exec, app): it keeps the same state machine as LocalEngine (created ->
 * running <-> paused -> exited, start again, remove) and the same errors,
 * records every call in `calls`, and lets a test play the processes:
 * `exit(id, code)`, `output(id, stream, text)`, and `onExec` for exec.
 */
import { PassThrough } from 'node:stream';
import type {
  AttachHandle, ContainerEngine, ContainerInspect, ContainerState, ContainerStats, ContainerSummary, CreateRequest, ExecHandle, ExecOptions, LogEntry, LogOptions, StopOptions, TopResult,
} from './engine.js';
import { ContainerNotFoundError, ContainerStateError } from './errors.js';
import type { ContainerDescription } from './spec/description.js';

/** crypto taken when an id is made: engine/index.ts exports this fake, and every command that opens the engine imported it. */
const randomHex = (bytes: number): string => process.getBuiltinModule('node:crypto').randomBytes(bytes).toString('hex');

interface FakeContainer {
  inspect: ContainerInspect;
  logs: LogEntry[];
  waiters: Array<(r: { exitCode: number; oomKilled: boolean }) => void>;
  listeners: Array<() => void>;
}

export interface FakeExecResult {
  exitCode: number;
  stdout?: string;
  stderr?: string;
}

export class FakeEngine implements ContainerEngine {
  readonly calls: string[] = [];
  private readonly containers = new Map<string, FakeContainer>();
  /** What an exec returns; default: exit 0, no output. */
  onExec: (id: string, opts: ExecOptions) => FakeExecResult = () => ({ exitCode: 0 });
  /** The code a container exits with when stopped (a process that handles SIGTERM exits 0). */
  stopExitCode = 0;

  private get(id: string): FakeContainer {
    const found = this.containers.get(id) ?? [...this.containers.values()].find((c) => c.inspect.name === id);
    if (found === undefined) throw new ContainerNotFoundError(id);
    return found;
  }

  private setState(c: FakeContainer, patch: Partial<ContainerState>): void {
    c.inspect.state = { ...c.inspect.state, ...patch };
  }

  /** Test hook: the container's process exits with `code`. */
  exit(id: string, code: number, oomKilled = false): void {
    const c = this.get(id);
    this.setState(c, { status: 'exited', running: false, paused: false, pid: 0, exitCode: code, oomKilled, finishedAt: new Date().toISOString() });
    for (const w of c.waiters.splice(0)) w({ exitCode: code, oomKilled });
  }

  /** Test hook: the container's process writes a line. */
  output(id: string, stream: 'stdout' | 'stderr', text: string): void {
    const c = this.get(id);
    c.logs.push({ time: new Date().toISOString().replace('Z', '000000Z'), stream, text });
    for (const l of c.listeners) l();
  }

  async find(nameOrId: string): Promise<string | undefined> {
    try {
      return this.get(nameOrId).inspect.id;
    } catch {
      return undefined;
    }
  }

  async create(req: CreateRequest): Promise<{ id: string; warnings: string[] }> {
    this.calls.push(`create ${req.name}`);
    if ((await this.find(req.name)) !== undefined) throw new ContainerStateError(req.name, `Conflict. The container name "/${req.name}" is already in use`);
    const id = req.description.id ?? randomHex(32);
    const description: ContainerDescription = { ...req.description, id };
    const state: ContainerState = { status: 'created', running: false, paused: false, pid: 0, exitCode: 0, oomKilled: false, startedAt: '', finishedAt: '', restartCount: 0 };
    const paths = { bundle: `/fake/${id}`, rootfs: `/fake/${id}/rootfs`, upper: `/fake/${id}/upper`, log: `/fake/${id}/container.log`, hostname: '', hosts: '', resolvConf: '' };
    const inspect: ContainerInspect = { id, name: req.name, runtime: 'fake', created: new Date().toISOString(), image: req.image ?? '', labels: { ...req.labels }, state, description, warnings: [], paths };
    this.containers.set(id, { inspect, logs: [], waiters: [], listeners: [] });
    return { id, warnings: [] };
  }

  async start(id: string): Promise<void> {
    const c = this.get(id);
    this.calls.push(`start ${c.inspect.name}`);
    const s = c.inspect.state;
    if (s.running) return;
    const restartCount = s.status === 'exited' && s.startedAt !== '' ? s.restartCount + 1 : s.restartCount;
    this.setState(c, { status: 'running', running: true, pid: 1000 + this.containers.size, startedAt: new Date().toISOString(), restartCount, exitCode: 0, finishedAt: '' });
  }

  async stop(id: string, opts: StopOptions = {}): Promise<void> {
    const c = this.get(id);
    this.calls.push(`stop ${c.inspect.name} ${opts.signal ?? 'SIGTERM'} ${opts.timeout ?? 10}`);
    if (c.inspect.state.status !== 'exited') this.exit(c.inspect.id, c.inspect.state.running ? this.stopExitCode : 137);
  }

  async kill(id: string, signal = 'SIGKILL'): Promise<void> {
    const c = this.get(id);
    this.calls.push(`kill ${c.inspect.name} ${signal}`);
    if (!c.inspect.state.running) throw new ContainerStateError(id, `Cannot kill container: ${c.inspect.name}: Container ${c.inspect.id} is not running`);
    if (signal.replace(/^SIG/, '') === 'KILL') this.exit(c.inspect.id, 137);
  }

  async restart(id: string, opts: StopOptions = {}): Promise<void> {
    await this.stop(id, opts);
    await this.start(id);
  }

  async remove(id: string, opts: { force?: boolean } = {}): Promise<void> {
    const c = this.get(id);
    this.calls.push(`remove ${c.inspect.name}${opts.force === true ? ' --force' : ''}`);
    if (c.inspect.state.running && opts.force !== true) throw new ContainerStateError(id, `You cannot remove a ${c.inspect.state.status} container ${c.inspect.id}. Stop the container before attempting removal or force remove`);
    if (c.inspect.state.status !== 'exited') this.exit(c.inspect.id, 137);
    this.containers.delete(c.inspect.id);
    for (const l of c.listeners) l();
  }

  async pause(id: string): Promise<void> {
    const c = this.get(id);
    if (c.inspect.state.status !== 'running') throw new ContainerStateError(id, `Container ${c.inspect.id} is not running`);
    this.setState(c, { status: 'paused', paused: true });
  }

  async resume(id: string): Promise<void> {
    const c = this.get(id);
    if (c.inspect.state.status !== 'paused') throw new ContainerStateError(id, `Container ${c.inspect.id} is not paused`);
    this.setState(c, { status: 'running', paused: false });
  }

  async exec(id: string, opts: ExecOptions): Promise<ExecHandle> {
    const c = this.get(id);
    this.calls.push(`exec ${c.inspect.name} ${opts.args.join(' ')}`);
    if (!c.inspect.state.running || c.inspect.state.paused) throw new ContainerStateError(id, `Container ${c.inspect.id} is not running`);
    const r = this.onExec(c.inspect.id, opts);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.end(r.stdout ?? '');
    stderr.end(r.stderr ?? '');
    return { execId: randomHex(8), pid: 4242, stdin: null, stdout, stderr, resize: () => undefined, exit: Promise.resolve({ exitCode: r.exitCode, signal: 0 }) };
  }

  async *logs(id: string, opts: LogOptions = {}): AsyncGenerator<LogEntry> {
    const c = this.get(id);
    const start = opts.tail === undefined ? 0 : Math.max(0, c.logs.length - opts.tail);
    let i = start;
    for (;;) {
      while (i < c.logs.length) {
        const e = c.logs[i++];
        if (e !== undefined) yield e;
      }
      if (opts.follow !== true || opts.signal?.aborted === true || !this.containers.has(c.inspect.id)) return;
      await new Promise<void>((resolve) => {
        c.listeners.push(resolve);
        opts.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  async attach(id: string): Promise<AttachHandle> {
    const c = this.get(id);
    if (c.inspect.state.status === 'exited') throw new ContainerStateError(id, 'You cannot attach to a stopped container, start it first');
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const exit = this.wait(c.inspect.id).then((r) => {
      stdout.end();
      stderr.end();
      return r;
    });
    return { stdout, stderr, write: () => undefined, closeStdin: () => undefined, resize: () => undefined, exit, detach: () => undefined };
  }

  async wait(id: string): Promise<{ exitCode: number; oomKilled: boolean }> {
    const c = this.get(id);
    const s = c.inspect.state;
    if (s.status === 'exited') return { exitCode: s.exitCode, oomKilled: s.oomKilled };
    return new Promise((resolve) => c.waiters.push(resolve));
  }

  async inspect(id: string): Promise<ContainerInspect> {
    return structuredClone(this.get(id).inspect);
  }

  async list(): Promise<ContainerInspect[]> {
    return [...this.containers.values()].map((c) => structuredClone(c.inspect));
  }

  async summaries(): Promise<ContainerSummary[]> {
    return [...this.containers.values()].map(({ inspect: i }) => ({ id: i.id, name: i.name, image: i.image, labels: { ...i.labels } }));
  }

  async stats(id: string): Promise<ContainerStats> {
    this.get(id);
    return {
      memory: { usage: 0, limit: undefined, inactiveFile: 0, maxUsage: undefined },
      cpu: { usageNs: 0, userNs: 0, systemNs: 0, throttledPeriods: 0, throttledNs: 0 },
      pids: { current: 0, limit: undefined },
      blkio: { readBytes: 0, writeBytes: 0 },
      read: new Date().toISOString(),
      systemCpuNs: 0,
      onlineCpus: 1,
      network: { rx: 0, tx: 0 },
    };
  }

  async top(id: string): Promise<TopResult> {
    const c = this.get(id);
    if (!c.inspect.state.running) throw new ContainerStateError(id, `Container ${c.inspect.id} is not running`);
    return { titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], processes: [] };
  }
}
