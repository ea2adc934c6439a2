/**
 * The supervisor's work for one project: it watches every recorded
 * container (polling the engine every `pollMs`), runs its healthcheck while
 * it runs (health.ts decides), restarts it after it dies when its policy
 * says so (restart.ts decides, the clock waits), and reports what happens
 * as events: `start`, `die`, `restart`, `health_status: healthy`...
 */
import type { ContainerRecord } from '../state/records.js';
import type { ContainerStatus } from '../exec/ports.js';
import type { Clock } from './clock.js';
import { applyResult, errorResult, healthJson, initialHealth, nextProbeDelay, probeCommand, timeoutResult, type HealthState } from './health.js';
import type { SupervisorPorts } from './ports.js';
import { decideRestart, initialRestartState, restartAtBoot, type RestartState } from './restart.js';

export interface SupervisorEvent {
  time: string;
  container: string;
  service: string;
  action: string;
  attributes: Record<string, string>;
}

interface Watched {
  record: ContainerRecord;
  last?: ContainerStatus;
  /** Whether the engine answered for it yet: the first answer may be an exit nobody saw. */
  seen?: boolean;
  startedAt: number;
  health?: HealthState;
  probeTimer?: unknown;
  restart: RestartState;
  restartTimer?: unknown;
  /** A restart under way (the engine's start), awaited by a reload that says the user stopped it. */
  restarting?: Promise<void>;
}

export interface ContainerReport {
  name: string;
  service: string;
  state: string;
  exitCode: number;
  restarts: number;
  health?: ReturnType<typeof healthJson>;
}

/** Exited both times, but started again in between: the engine's start time moved. */
function ranBetween(before: ContainerStatus | undefined, now: ContainerStatus): boolean {
  return before?.state === 'exited' && now.startedAt !== undefined && now.startedAt !== before.startedAt;
}

export class ProjectMonitor {
  private readonly watched = new Map<string, Watched>();
  private pollTimer: unknown;
  private stopped = false;
  private readonly listeners = new Set<(e: SupervisorEvent) => void>();

  constructor(private readonly ports: SupervisorPorts, private readonly clock: Clock, private readonly pollMs = 1000) {}

  onEvent(fn: (e: SupervisorEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Takes the project's current records: new containers are watched, gone ones forgotten. */
  async load(records: readonly ContainerRecord[], boot = false): Promise<void> {
    const names = new Set(records.map((r) => r.name));
    for (const [name, w] of this.watched) if (!names.has(name)) this.forget(name, w);
    for (const r of records) {
      const known = this.watched.get(r.name);
      if (known !== undefined) {
        known.record = r;
        // The user's stop comes after this reload: no restart may start after it, nor still be half done.
        if (r.stoppedByUser) {
          this.clock.clearTimeout(known.restartTimer);
          await known.restarting;
        }
        continue;
      }
      const w: Watched = { record: r, startedAt: this.clock.now(), restart: initialRestartState() };
      this.watched.set(r.name, w);
      await this.observe(w, boot);
    }
    this.schedulePoll();
  }

  status(): ContainerReport[] {
    return [...this.watched.values()].sort((a, b) => (a.record.name < b.record.name ? -1 : 1)).map((w) => ({
      name: w.record.name, service: w.record.service, state: w.last?.state ?? 'unknown', exitCode: w.last?.exitCode ?? 0, restarts: w.restart.restarts,
      ...(w.health === undefined ? {} : { health: healthJson(w.health) }),
    }));
  }

  /** The health the supervisor knows, for the engine adapter's inspect. */
  healthOf(name: string): HealthState['status'] | undefined {
    return this.watched.get(name)?.health?.status;
  }

  /** No timer fires after it; the promise settles once every restart under way is done. */
  stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.pollTimer);
    const restarting = [...this.watched.values()].flatMap((w) => (w.restarting === undefined ? [] : [w.restarting]));
    for (const [name, w] of this.watched) this.forget(name, w);
    return Promise.all(restarting).then(() => undefined);
  }

  private forget(name: string, w: Watched): void {
    this.clock.clearTimeout(w.probeTimer);
    this.clock.clearTimeout(w.restartTimer);
    this.watched.delete(name);
  }

  private emit(w: Watched, action: string, attributes: Record<string, string> = {}): void {
    const e: SupervisorEvent = { time: new Date(this.clock.now()).toISOString(), container: w.record.name, service: w.record.service, action, attributes: { image: w.record.image, name: w.record.name, ...attributes } };
    for (const fn of this.listeners) fn(e);
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.clock.clearTimeout(this.pollTimer);
    this.pollTimer = this.clock.setTimeout(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    for (const w of [...this.watched.values()]) await this.observe(w, false);
    this.schedulePoll();
  }

  /** Compares the engine's state with the last one seen and reacts to the change. */
  private async observe(w: Watched, boot: boolean): Promise<void> {
    const now = await this.ports.inspect(w.record.name).catch(() => undefined);
    const before = w.last;
    const was = before?.state;
    w.last = now;
    if (now === undefined) return;
    const first = w.seen !== true;
    w.seen = true;
    if (now.state === 'running' && was !== 'running') this.started(w, now, was !== undefined);
    else if (now.state === 'exited' && was === 'running') this.died(w, now);
    else if (now.state === 'exited' && first) this.exitedUnseen(w, now, boot);
    else if (now.state === 'exited' && ranBetween(before, now)) {
      // A process that ends at once (`exit 3`) starts and dies between two looks: both happened.
      this.started(w, now, true);
      this.died(w, now);
    }
  }

  /**
   * Exited before this supervisor watched it: a process that ended within
   * its first poll, or while no supervisor ran. The policy decides as for an
   * exit seen live, counting the restarts the engine made before (so a new
   * supervisor does not grant on-failure:N afresh); at boot `always` comes
   * back even after a user's stop, as dockerd does at its start.
   */
  private exitedUnseen(w: Watched, st: ContainerStatus, boot: boolean): void {
    const restarts = st.restartCount ?? 0;
    w.restart = { ...w.restart, restarts, counted: restarts };
    if (boot && restartAtBoot(w.record.restart, w.record.stoppedByUser)) return this.scheduleRestart(w, 0, true);
    if (st.startedAt === undefined) return;
    w.startedAt = Date.parse(st.startedAt);
    // At boot the exit may be old news; after a reload it happened just now.
    this.died(w, st, !boot);
  }

  private started(w: Watched, st: ContainerStatus, announce: boolean): void {
    w.startedAt = st.startedAt === undefined ? this.clock.now() : Date.parse(st.startedAt);
    if (announce) this.emit(w, 'start');
    const hc = w.record.healthcheck;
    if (hc === undefined || probeCommand(hc.test) === undefined) return;
    w.health = initialHealth();
    this.scheduleProbe(w);
  }

  private died(w: Watched, st: ContainerStatus, announce = true): void {
    this.clock.clearTimeout(w.probeTimer);
    const ranForMs = (st.finishedAt === undefined ? this.clock.now() : Date.parse(st.finishedAt)) - w.startedAt;
    if (announce) this.emit(w, 'die', { exitCode: String(st.exitCode) });
    const d = decideRestart(w.record.restart, w.restart, { exitCode: st.exitCode, stoppedByUser: w.record.stoppedByUser, ranForMs });
    w.restart = d.state;
    if (d.restart) this.scheduleRestart(w, d.delayMs);
  }

  /** `boot`: the restart at the supervisor's start that `always` gets even after a user's stop. */
  private scheduleRestart(w: Watched, delayMs: number, boot = false): void {
    this.clock.clearTimeout(w.restartTimer);
    w.restartTimer = this.clock.setTimeout(() => {
      if (w.record.stoppedByUser && !boot) return;
      this.emit(w, 'restart');
      w.restarting = this.ports.start(w.record.name).then(() => this.observe(w, false), () => undefined).finally(() => {
        w.restarting = undefined;
      });
    }, delayMs);
  }

  private scheduleProbe(w: Watched): void {
    const hc = w.record.healthcheck;
    if (hc === undefined || w.health === undefined || this.stopped) return;
    this.clock.clearTimeout(w.probeTimer);
    w.probeTimer = this.clock.setTimeout(() => void this.probe(w), nextProbeDelay(hc, w.health, w.startedAt, this.clock.now()));
  }

  private async probe(w: Watched): Promise<void> {
    const hc = w.record.healthcheck;
    const cmd = hc === undefined ? undefined : probeCommand(hc.test);
    if (hc === undefined || cmd === undefined || w.health === undefined) return;
    const start = this.clock.now();
    const ctl = new AbortController();
    let timedOut = false;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, hc.timeoutMs);
    const outcome = await this.ports.exec(w.record.name, cmd, { signal: ctl.signal }).then((r) => r, (e: unknown) => e as Error);
    this.clock.clearTimeout(timer);
    const end = this.clock.now();
    const result = timedOut ? timeoutResult(hc, start, end, outcome instanceof Error ? '' : outcome.output)
      : outcome instanceof Error ? errorResult(start, end, outcome.message) : { start, end, ...outcome };
    const before = w.health.status;
    w.health = applyResult(hc, w.health, result, w.startedAt);
    if (w.health.status !== before) this.emit(w, `health_status: ${w.health.status}`);
    if (w.last?.state === 'running') this.scheduleProbe(w);
  }
}
