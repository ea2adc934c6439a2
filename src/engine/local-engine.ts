/**
 * The engine on this host: containers as records, bundles and monitors
 * (state layout in state.ts), driven through the OCI runtime each was
 * created with. Reading operations live in observe.ts, exec and attach in
 * sessions.ts.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareBundle, teardownBundle } from './bundle.js';
import { pruneCgroup } from './cgroups/prune.js';
import { oomEventsFile } from './cgroups/stats.js';
import type { EngineDeps } from './deps.js';
import type {
  AttachHandle, ContainerEngine, ContainerInspect, ContainerStats, ContainerSummary, CreateRequest, ExecHandle, ExecOptions, LogConfig, LogEntry, LogOptions, StopOptions, TopResult,
} from './engine.js';
import { ContainerStateError, InvalidContainerConfigError, RuntimeError } from './errors.js';
import { launchMonitor, waitForExitRecord } from './monitor/launch.js';
import { cgroupsPathOf } from './spec/generate.js';
import { findContainer, inspectRecord, logsOf, statsOf, topOf } from './observe.js';
import { runtimeMessage } from './runtime/oci-cli.js';
import { attachContainer, execIn } from './sessions.js';
import { containerPaths, listRecordIds, loadRecord, saveRecord, type ContainerRecord } from './state.js';
import { monitorAlive, monitorPid, readState } from './status.js';

const DEFAULT_LOG: LogConfig = { driver: 'local', maxSize: 0, maxFiles: 1 };

function now(): string {
  return new Date().toISOString();
}

export class LocalEngine implements ContainerEngine {
  constructor(readonly deps: EngineDeps) {}

  private rec(id: string): ContainerRecord {
    return loadRecord(this.deps.roots, id);
  }

  async find(nameOrId: string): Promise<string | undefined> {
    return findContainer(this.deps, nameOrId);
  }

  async create(req: CreateRequest): Promise<{ id: string; warnings: string[] }> {
    const id = req.description.id ?? process.getBuiltinModule('node:crypto').randomBytes(32).toString('hex');
    if (!/^[0-9a-f]{64}$/.test(id)) throw new InvalidContainerConfigError('id', `container id must be 64 hex characters, got "${id}"`);
    if ((await this.find(req.name)) !== undefined || (await this.find(id)) !== undefined) {
      throw new ContainerStateError(req.name, `Conflict. The container name "/${req.name}" is already in use`, { hint: 'remove that container or choose another name' });
    }
    const rec: ContainerRecord = {
      version: 1,
      id,
      name: req.name,
      runtime: this.deps.runtime,
      created: now(),
      image: req.image ?? '',
      labels: { ...req.labels },
      layerDirs: [...req.layerDirs],
      description: { ...req.description, id, cgroupsPath: cgroupsPathOf({ ...req.description, id }, this.deps.cgroupParent) },
      logging: { ...DEFAULT_LOG, ...req.logging },
      ...(req.hosts === undefined ? {} : { hosts: req.hosts }),
      ...(req.resolvConf === undefined ? {} : { resolvConf: req.resolvConf }),
      warnings: [],
      startedAt: '',
      restartCount: 0,
    };
    try {
      saveRecord(this.deps.roots, rec);
      rec.warnings = await this.materialize(rec);
      saveRecord(this.deps.roots, rec);
    } catch (e) {
      await this.discard(id, rec.description.cgroupsPath ?? '');
      throw e;
    }
    return { id, warnings: rec.warnings };
  }

  /** Bundle and monitor: afterwards the runtime holds a created container. */
  private async materialize(rec: ContainerRecord): Promise<string[]> {
    const p = containerPaths(this.deps.roots, rec.id);
    const warnings = await prepareBundle(this.deps, rec, async (other) => (await this.inspect(other)).state.pid, (other) => this.shmOf(other));
    for (const f of ['exit', 'pidfile', 'monitor.pid']) rmSync(join(p.run, f), { force: true });
    const runtime = this.deps.runtimeFor(rec.runtime);
    try {
      await launchMonitor(this.deps.runner, {
        binary: this.deps.monitorBinary,
        runtime,
        id: rec.id,
        bundle: p.bundle,
        dir: p.run,
        ...(rec.logging.driver === 'none' ? {} : { log: { path: p.log, maxSize: rec.logging.maxSize, maxFiles: rec.logging.maxFiles } }),
        tty: rec.description.tty === true,
        stdin: rec.description.stdinOpen === true,
        oomFile: oomEventsFile(this.deps.layout, rec.description.cgroupsPath ?? ''),
      });
    } catch (e) {
      throw new RuntimeError(`cannot create container ${rec.name}: ${runtimeMessage((e as Error).message)}`, { cause: e });
    }
    return warnings;
  }

  private shmOf(other: string): string {
    const rec = this.rec(other);
    if (rec.description.ipc?.mode === 'host') return '/dev/shm';
    if (rec.description.ipc?.mode !== 'shareable') throw new ContainerStateError(other, 'non-shareable IPC (hint: use IpcMode:shareable for the donor container)');
    return containerPaths(this.deps.roots, other).shm;
  }

  /** Best-effort removal of whatever a failed create left. */
  private async discard(id: string, cgroupsPath: string): Promise<void> {
    try {
      await this.deps.runtimeFor(this.deps.runtime).delete(id, { force: true });
    } catch {
      // The runtime may never have heard of it.
    }
    await teardownBundle(this.deps, id).catch(() => undefined);
    pruneCgroup(this.deps.layout, cgroupsPath);
  }

  async start(id: string): Promise<void> {
    const rec = this.rec(id);
    const state = await readState(this.deps, rec);
    if (state.status === 'running' || state.status === 'paused') return;
    const runtime = this.deps.runtimeFor(rec.runtime);
    if (state.status === 'exited') {
      // A new process on the same rootfs and network namespace, as `docker start` of an exited container.
      await this.monitorGone(rec.id);
      await runtime.delete(rec.id, { force: true });
      await this.materialize(rec);
      rec.restartCount += rec.startedAt === '' ? 0 : 1;
    }
    rec.startedAt = now();
    saveRecord(this.deps.roots, rec);
    await runtime.start(rec.id);
  }

  /** The previous monitor writes the exit record a moment before it ends; wait for the end. */
  private async monitorGone(id: string): Promise<void> {
    for (let i = 0; i < 150 && monitorAlive(this.deps, id); i++) await new Promise((r) => setTimeout(r, 20));
  }

  async kill(id: string, signal = 'SIGKILL'): Promise<void> {
    const rec = this.rec(id);
    const state = await readState(this.deps, rec);
    if (!state.running) throw new ContainerStateError(id, `Cannot kill container: ${rec.name}: Container ${rec.id} is not running`);
    await this.signal(rec, signal);
    if (state.paused) await this.deps.runtimeFor(rec.runtime).resume(rec.id).catch(() => undefined);
  }

  private async signal(rec: ContainerRecord, signal: string): Promise<void> {
    // Without its own pid namespace, killing the first process leaves the others: signal them all.
    const all = rec.description.pid !== undefined && rec.description.pid.mode !== 'private' && signal.replace(/^SIG/, '') === 'KILL';
    await this.deps.runtimeFor(rec.runtime).kill(rec.id, signal, { all });
  }

  private async waitExit(rec: ContainerRecord, timeoutMs: number): Promise<boolean> {
    const p = containerPaths(this.deps.roots, rec.id);
    const r = await waitForExitRecord(p.run, { timeoutMs, gone: () => !monitorAlive(this.deps, rec.id) });
    return r !== undefined || !monitorAlive(this.deps, rec.id);
  }

  async stop(id: string, opts: StopOptions = {}): Promise<void> {
    const rec = this.rec(id);
    const state = await readState(this.deps, rec);
    // As docker stop: nothing to do for a container whose process is not running.
    if (state.status === 'exited' || state.status === 'created') return;
    const timeout = opts.timeout ?? 10;
    await this.signal(rec, opts.signal ?? 'SIGTERM').catch(() => undefined);
    if (state.paused) await this.deps.runtimeFor(rec.runtime).resume(rec.id).catch(() => undefined);
    if (timeout > 0 && (await this.waitExit(rec, timeout * 1000))) return;
    await this.signal(rec, 'SIGKILL').catch(() => undefined);
    if (!(await this.waitExit(rec, 10_000))) throw new ContainerStateError(id, 'did not exit after SIGKILL');
  }

  async restart(id: string, opts: StopOptions = {}): Promise<void> {
    await this.stop(id, opts);
    await this.start(id);
  }

  async remove(id: string, opts: { force?: boolean } = {}): Promise<void> {
    const rec = this.rec(id);
    const state = await readState(this.deps, rec);
    if (state.running && opts.force !== true) {
      throw new ContainerStateError(id, `You cannot remove a ${state.status} container ${rec.id}. Stop the container before attempting removal or force remove`);
    }
    if (state.status !== 'exited') {
      await this.signal(rec, 'SIGKILL').catch(() => undefined);
      if (state.paused) await this.deps.runtimeFor(rec.runtime).resume(rec.id).catch(() => undefined);
      await this.waitExit(rec, 10_000);
    }
    await this.deps.runtimeFor(rec.runtime).delete(rec.id, { force: true });
    await this.monitorGone(rec.id);
    // A monitor still alive now is stuck (say, on a client that does not read); it is ours to end.
    if (monitorAlive(this.deps, rec.id)) process.kill(monitorPid(this.deps, rec.id), 'SIGKILL');
    await teardownBundle(this.deps, rec.id);
    pruneCgroup(this.deps.layout, rec.description.cgroupsPath ?? '');
  }

  async pause(id: string): Promise<void> {
    const rec = this.rec(id);
    const state = await readState(this.deps, rec);
    if (state.status !== 'running') throw new ContainerStateError(id, `Container ${rec.id} is not running`);
    await this.deps.runtimeFor(rec.runtime).pause(rec.id);
  }

  async resume(id: string): Promise<void> {
    const rec = this.rec(id);
    const state = await readState(this.deps, rec);
    if (state.status !== 'paused') throw new ContainerStateError(id, `Container ${rec.id} is not paused`);
    await this.deps.runtimeFor(rec.runtime).resume(rec.id);
  }

  async exec(id: string, opts: ExecOptions): Promise<ExecHandle> {
    return execIn(this.deps, this.rec(id), opts);
  }

  async attach(id: string): Promise<AttachHandle> {
    return attachContainer(this.deps, this.rec(id));
  }

  logs(id: string, opts: LogOptions = {}): AsyncIterable<LogEntry> {
    return logsOf(this.deps, this.rec(id), opts);
  }

  async wait(id: string, signal?: AbortSignal): Promise<{ exitCode: number; oomKilled: boolean }> {
    const rec = this.rec(id);
    const p = containerPaths(this.deps.roots, rec.id);
    for (;;) {
      const r = await waitForExitRecord(p.run, { ...(signal === undefined ? {} : { signal }), gone: () => !monitorAlive(this.deps, rec.id) });
      if (r !== undefined) return { exitCode: r.exitCode, oomKilled: r.oomKilled };
      if (signal?.aborted === true || !existsSync(p.run)) throw new ContainerStateError(id, 'wait was interrupted');
      const st = await readState(this.deps, rec);
      if (st.status === 'exited') return { exitCode: st.exitCode, oomKilled: st.oomKilled };
      // The monitor is gone but the runtime says the process lives: poll the runtime.
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async inspect(id: string): Promise<ContainerInspect> {
    return inspectRecord(this.deps, this.rec(id));
  }

  async list(): Promise<ContainerInspect[]> {
    const out: ContainerInspect[] = [];
    for (const id of listRecordIds(this.deps.roots)) out.push(await this.inspect(id));
    return out;
  }

  async summaries(): Promise<ContainerSummary[]> {
    return listRecordIds(this.deps.roots).map((id) => {
      const r = this.rec(id);
      return { id: r.id, name: r.name, image: r.image, labels: { ...r.labels } };
    });
  }

  async stats(id: string): Promise<ContainerStats> {
    return statsOf(this.deps, this.rec(id));
  }

  async top(id: string, psArgs: string[] = ['-ef']): Promise<TopResult> {
    return topOf(this.deps, this.rec(id), psArgs);
  }
}
