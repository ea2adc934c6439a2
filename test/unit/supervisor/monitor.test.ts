import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from '../../../src/exec/ports.js';
import type { ContainerRecord } from '../../../src/state/records.js';
import { FakeClock } from '../../../src/supervisor/clock.js';
import { ProjectMonitor, type SupervisorEvent } from '../../../src/supervisor/monitor.js';
import type { ExecResult, SupervisorPorts } from '../../../src/supervisor/ports.js';

const record = (extra: Partial<ContainerRecord> = {}): ContainerRecord => ({
  name: 'p-db-1', id: 'id1', service: 'db', number: 1, oneOff: false, hash: 'h', image: 'busybox', imageId: 'sha256:1', networks: [], volumes: [],
  anonymousVolumes: [], mounts: [], dependsOn: [], stop: { signal: 'SIGTERM', timeoutSeconds: 10 }, restart: { name: 'no', maxAttempts: 0 },
  stoppedByUser: false, createdAt: '', ...extra,
});

/** An engine a test scripts: container states, probe answers (or hangs), starts. */
class ScriptedEngine implements SupervisorPorts {
  readonly states = new Map<string, ContainerStatus>();
  readonly probes: Array<ExecResult | 'hang'> = [];
  readonly calls: string[] = [];
  constructor(private readonly clock: FakeClock) {}

  set(name: string, state: ContainerStatus['state'], exitCode = 0): void {
    const at = new Date(this.clock.now()).toISOString();
    this.states.set(name, { name, id: name, state, exitCode, ...(state === 'running' ? { startedAt: at } : { finishedAt: at }) });
  }
  async inspect(name: string) {
    return this.states.get(name);
  }
  exec(name: string, cmd: readonly string[], opts: { signal: AbortSignal }): Promise<ExecResult> {
    this.calls.push(`exec ${name} ${cmd.join(' ')}`);
    const next = this.probes.shift() ?? { exitCode: 0, output: '' };
    if (next !== 'hang') return Promise.resolve(next);
    return new Promise((_, reject) => opts.signal.addEventListener('abort', () => reject(new Error('aborted'))));
  }
  async start(name: string) {
    this.calls.push(`start ${name}`);
    this.set(name, 'running');
  }
  async *logs() {}
}

function setup(rec: ContainerRecord) {
  const clock = new FakeClock(1_000_000);
  const engine = new ScriptedEngine(clock);
  const monitor = new ProjectMonitor(engine, clock, 500);
  const events: string[] = [];
  monitor.onEvent((e: SupervisorEvent) => events.push(`${e.action}${e.attributes.exitCode === undefined ? '' : ` ${e.attributes.exitCode}`}`));
  return { clock, engine, monitor, events, rec };
}

const HC = { test: ['CMD-SHELL', 'pg_isready'], intervalMs: 1000, timeoutMs: 300, startPeriodMs: 0, startIntervalMs: 5000, retries: 2 };

describe('ProjectMonitor on a fake clock', () => {
  it('runs the healthcheck one interval after start and reports health changes', async () => {
    const t = setup(record({ healthcheck: HC }));
    t.engine.set('p-db-1', 'running');
    t.engine.probes.push({ exitCode: 1, output: 'no' }, { exitCode: 0, output: 'accepting' }, { exitCode: 1, output: '' }, { exitCode: 1, output: '' });
    await t.monitor.load([t.rec]);
    expect(t.monitor.status()[0]).toMatchObject({ state: 'running', health: { Status: 'starting', FailingStreak: 0 } });
    await t.clock.advance(999);
    expect(t.engine.calls).toEqual([]);
    await t.clock.advance(1);
    expect(t.engine.calls).toEqual(['exec p-db-1 /bin/sh -c pg_isready']);
    await t.clock.advance(3000);
    expect(t.events).toEqual(['health_status: healthy', 'health_status: unhealthy']);
    expect(t.monitor.status()[0]?.health?.Log.map((l) => l.ExitCode)).toEqual([1, 0, 1, 1]);
    t.monitor.stop();
  });

  it('a probe that outlives its timeout fails with the engine`s message', async () => {
    const t = setup(record({ healthcheck: { ...HC, retries: 1 } }));
    t.engine.set('p-db-1', 'running');
    t.engine.probes.push('hang');
    await t.monitor.load([t.rec]);
    await t.clock.advance(1300);
    expect(t.monitor.status()[0]?.health).toMatchObject({ Status: 'unhealthy', Log: [{ ExitCode: -1, Output: 'Health check exceeded timeout (300ms)' }] });
    t.monitor.stop();
  });

  it('restarts a dead container by its policy with docker`s back-off, and says so', async () => {
    const t = setup(record({ restart: { name: 'on-failure', maxAttempts: 2 } }));
    t.engine.set('p-db-1', 'running');
    await t.monitor.load([t.rec]);
    t.engine.set('p-db-1', 'exited', 3);
    await t.clock.advance(500);
    expect(t.events).toEqual(['die 3']);
    await t.clock.advance(100);
    expect(t.engine.calls).toEqual(['start p-db-1']);
    t.engine.set('p-db-1', 'exited', 3);
    await t.clock.advance(500 + 200);
    t.engine.set('p-db-1', 'exited', 3);
    await t.clock.advance(5000);
    expect(t.engine.calls).toEqual(['start p-db-1', 'start p-db-1']);
    expect(t.events).toEqual(['die 3', 'restart', 'start', 'die 3', 'restart', 'start', 'die 3']);
    expect(t.monitor.status()[0]).toMatchObject({ state: 'exited', restarts: 2 });
    t.monitor.stop();
  });

  it('a restarted process that ends before the next look still counts: on-failure:2 restarts twice, then stops', async () => {
    const t = setup(record({ restart: { name: 'on-failure', maxAttempts: 2 } }));
    let starts = 0;
    // The engine's start returns after `exit 3` already ran: the monitor only ever sees it exited, each time with a new start time.
    t.engine.start = async (name: string) => {
      t.engine.calls.push(`start ${name}`);
      starts += 1;
      const at = new Date(t.clock.now()).toISOString();
      t.engine.states.set(name, { name, id: name, state: 'exited', exitCode: 3, startedAt: at, finishedAt: at, restartCount: starts });
    };
    t.engine.set('p-db-1', 'running');
    await t.monitor.load([t.rec]);
    t.engine.set('p-db-1', 'exited', 3);
    await t.clock.advance(10_000);
    expect(t.engine.calls).toEqual(['start p-db-1', 'start p-db-1']);
    expect(t.events).toEqual(['die 3', 'restart', 'start', 'die 3', 'restart', 'start', 'die 3']);
    expect(t.monitor.status()[0]).toMatchObject({ state: 'exited', restarts: 2 });
    t.monitor.stop();
  });

  it('never restarts a container the user stopped; at boot, always brings it back', async () => {
    const t = setup(record({ restart: { name: 'always', maxAttempts: 0 }, stoppedByUser: true }));
    t.engine.set('p-db-1', 'running');
    await t.monitor.load([t.rec]);
    t.engine.set('p-db-1', 'exited', 0);
    await t.clock.advance(5000);
    expect(t.engine.calls).toEqual([]);
    t.monitor.stop();
    const boot = setup(record({ restart: { name: 'always', maxAttempts: 0 }, stoppedByUser: true }));
    boot.engine.set('p-db-1', 'exited', 0);
    await boot.monitor.load([boot.rec], true);
    await boot.clock.advance(1);
    expect(boot.engine.calls).toEqual(['start p-db-1']);
    boot.monitor.stop();
  });

  it('an exit before the first look counts as a death: on-failure restarts it, with the restarts the engine already made counted; no does not', async () => {
    const exited = (restartCount: number, exitCode = 3): ContainerStatus => ({ name: 'p-db-1', id: 'p-db-1', state: 'exited', exitCode, restartCount, startedAt: new Date(999_000).toISOString(), finishedAt: new Date(999_500).toISOString() });
    const fresh = setup(record({ restart: { name: 'on-failure', maxAttempts: 2 } }));
    fresh.engine.states.set('p-db-1', exited(0));
    await fresh.monitor.load([fresh.rec]);
    await fresh.clock.advance(100);
    expect(fresh.engine.calls).toEqual(['start p-db-1']);
    expect(fresh.events.slice(0, 2)).toEqual(['die 3', 'restart']);
    fresh.monitor.stop();

    const spent = setup(record({ restart: { name: 'on-failure', maxAttempts: 2 } }));
    spent.engine.states.set('p-db-1', exited(2));
    await spent.monitor.load([spent.rec], true);
    await spent.clock.advance(5000);
    expect(spent.engine.calls).toEqual([]);
    expect(spent.events).toEqual([]);
    spent.monitor.stop();

    const no = setup(record());
    no.engine.states.set('p-db-1', exited(0, 1));
    await no.monitor.load([no.rec]);
    await no.clock.advance(5000);
    expect(no.engine.calls).toEqual([]);
    no.monitor.stop();
  });

  it('a container created and never started is not a death', async () => {
    const t = setup(record({ restart: { name: 'always', maxAttempts: 0 } }));
    t.engine.states.set('p-db-1', { name: 'p-db-1', id: 'p-db-1', state: 'created', exitCode: 0 });
    await t.monitor.load([t.rec]);
    await t.clock.advance(5000);
    expect(t.engine.calls).toEqual([]);
    t.monitor.stop();
  });

  it('a reload saying the user stopped it cancels a restart that was waiting for its back-off', async () => {
    const t = setup(record({ restart: { name: 'unless-stopped', maxAttempts: 0 } }));
    t.engine.set('p-db-1', 'running');
    await t.monitor.load([t.rec]);
    t.engine.set('p-db-1', 'exited', 0);
    await t.clock.advance(500);
    expect(t.events).toEqual(['die 0']);
    await t.monitor.load([{ ...t.rec, stoppedByUser: true }]);
    await t.clock.advance(5000);
    expect(t.engine.calls).toEqual([]);
    t.monitor.stop();
  });

  it('stop settles only after a restart under way is done, and nothing starts after it', async () => {
    const t = setup(record({ restart: { name: 'always', maxAttempts: 0 } }));
    let finish = (): void => undefined;
    t.engine.start = (name: string) => {
      t.engine.calls.push(`start ${name}`);
      return new Promise<void>((resolve) => {
        finish = () => {
          t.engine.set(name, 'running');
          resolve();
        };
      });
    };
    t.engine.set('p-db-1', 'running');
    await t.monitor.load([t.rec]);
    t.engine.set('p-db-1', 'exited', 1);
    await t.clock.advance(500 + 100);
    expect(t.engine.calls).toEqual(['start p-db-1']);
    let settled = false;
    const stopped = t.monitor.stop().then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    finish();
    await stopped;
    t.engine.set('p-db-1', 'exited', 1);
    await t.clock.advance(10_000);
    expect(t.engine.calls).toEqual(['start p-db-1']);
  });
});
