import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContainerStatus } from '../../../src/exec/ports.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import type { ContainerRecord } from '../../../src/state/records.js';
import { request, stream } from '../../../src/supervisor/client.js';
import { FakeClock } from '../../../src/supervisor/clock.js';
import { ProjectMonitor } from '../../../src/supervisor/monitor.js';
import type { LogEntry, SupervisorPorts } from '../../../src/supervisor/ports.js';
import { startServer } from '../../../src/supervisor/server.js';

const record = (name: string): ContainerRecord => ({
  name, id: name, service: 'web', number: 1, oneOff: false, hash: 'h', image: 'busybox', imageId: 'sha256:1', networks: [], volumes: [],
  anonymousVolumes: [], mounts: [], dependsOn: [], stop: { signal: 'SIGTERM', timeoutSeconds: 10 }, restart: { name: 'always', maxAttempts: 0 },
  stoppedByUser: false, createdAt: '',
});

let dir: string;
let server: Server | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsctu-sup-'));
});
afterEach(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function setup() {
  const states = new Map<string, ContainerStatus>([['p-web-1', { name: 'p-web-1', id: '1', state: 'running', exitCode: 0, startedAt: new Date(0).toISOString() }]]);
  const ports: SupervisorPorts = {
    inspect: async (n) => states.get(n),
    exec: async () => ({ exitCode: 0, output: '' }),
    start: async (n) => void states.set(n, { name: n, id: '1', state: 'running', exitCode: 0 }),
    logs: async function* (name: string, opts: { follow: boolean }): AsyncIterable<LogEntry> {
      yield { container: name, stream: 'stdout', time: '2024-01-01T00:00:00.000000001Z', line: `hello from ${name}` };
      if (opts.follow) yield { container: name, stream: 'stderr', time: '2024-01-01T00:00:01Z', line: 'more' };
    },
  };
  const store = new ProjectStore(join(dir, 'projects'));
  new ProjectRecorder(store, 'p').putContainer(record('p-web-1'));
  const clock = new FakeClock(0);
  const monitor = new ProjectMonitor(ports, clock, 100);
  await monitor.load(store.read('p')?.containers ?? []);
  let stopped = false;
  let quiet = false;
  const socketPath = join(dir, 's.sock');
  const onStop = async (): Promise<void> => {
    await new Promise((r) => setTimeout(r, 10));
    quiet = true;
  };
  server = await startServer({ project: 'p', socketPath, monitor, store, ports, version: '0.1.0', onStop, onStopped: () => (stopped = !stopped && quiet) });
  return { socketPath, states, clock, monitor, store, stopped: () => stopped, quiet: () => quiet };
}

describe('the supervisor`s socket (line-delimited JSON)', () => {
  it('answers ping and status, and reloads the records', async () => {
    const t = await setup();
    expect(await request(t.socketPath, 'ping')).toEqual({ project: 'p', pid: process.pid, version: '0.1.0' });
    expect(await request(t.socketPath, 'status')).toEqual([{ name: 'p-web-1', service: 'web', state: 'running', exitCode: 0, restarts: 0 }]);
    new ProjectRecorder(t.store, 'p').dropContainer('p-web-1');
    expect(await request(t.socketPath, 'reload')).toBe('ok');
    expect(await request(t.socketPath, 'status')).toEqual([]);
    await expect(request(t.socketPath, 'bogus' as 'ping')).rejects.toThrow('unknown method "bogus"');
    t.monitor.stop();
  });

  it('streams events to an attached client as they happen', async () => {
    const t = await setup();
    const ctl = new AbortController();
    const events: string[] = [];
    const done = stream(t.socketPath, 'events', {}, (e) => {
      events.push((e as { action: string }).action);
      if (events.length === 3) ctl.abort();
    }, ctl.signal);
    await new Promise((r) => setTimeout(r, 50));
    t.states.set('p-web-1', { name: 'p-web-1', id: '1', state: 'exited', exitCode: 1 });
    await t.clock.advance(100);
    await t.clock.advance(100);
    await done;
    expect(events).toEqual(['die', 'restart', 'start']);
    t.monitor.stop();
  });

  it('streams logs, ending without follow; stop is answered once it is quiet, then the process is told to go', async () => {
    const t = await setup();
    const lines: string[] = [];
    await stream(t.socketPath, 'logs', { follow: false }, (l) => lines.push((l as LogEntry).line), new AbortController().signal);
    expect(lines).toEqual(['hello from p-web-1']);
    expect(await request(t.socketPath, 'stop')).toBe('stopped');
    expect(t.quiet()).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(t.stopped()).toBe(true);
    t.monitor.stop();
  });
});
