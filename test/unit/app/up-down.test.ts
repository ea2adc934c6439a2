import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Drivers } from '../../../src/app/drivers.js';
import { runDown } from '../../../src/app/down.js';
import type { GlobalOptions } from '../../../src/app/load-project.js';
import type { Session } from '../../../src/app/run-context.js';
import { runUp, type UpRequest } from '../../../src/app/up.js';
import { FakeEngine } from '../../../src/engine/fake-engine.js';
import { FakeNetworkDriver } from '../../../src/network/fake.js';
import { fakePorts } from '../../../src/exec/fake-ports.js';
import { hostFs } from '../../../src/host/fs.js';
import { acquireProjectLock } from '../../../src/state/lock.js';
import { ProjectStore } from '../../../src/state/project-store.js';

const STACK = `
name: tsctuapp
services:
  db:
    image: busybox
    healthcheck: {test: [CMD, "true"], interval: 1s}
  web:
    image: busybox
    depends_on: {db: {condition: service_healthy}}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsctu-app-'));
  writeFileSync(join(dir, 'compose.yaml'), STACK);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const global = (extra: Partial<GlobalOptions> = {}): GlobalOptions => ({ files: [], envFiles: [], profiles: [], dryRun: false, verbose: false, ...extra });
const host = () => ({ cwd: dir, env: {}, fs: hostFs, homeDir: dir, readStdin: () => '' });
const request = (extra: Partial<UpRequest> = {}): UpRequest => ({
  services: [], noDeps: false, scale: {}, forceRecreate: false, noRecreate: false, alwaysRecreateDeps: false, renewAnonVolumes: false,
  removeOrphans: false, noStart: false, wait: false, waitTimeoutSeconds: 0, compatibility: false, ...extra,
});

function session(dryRun = false) {
  const ports = fakePorts();
  ports.images.registry.set('busybox', { id: 'sha256:2', config: {} });
  ports.containers.behaviour.set('db', { health: 'healthy' });
  const roots = { run: join(dir, 'root', 'run'), lib: join(dir, 'root', 'lib') };
  mkdirSync(roots.run, { recursive: true });
  const engine = new FakeEngine();
  const network = new FakeNetworkDriver();
  const notHere = (what: string) => () => Promise.reject(new Error(`the unit test has no real ${what}`));
  const drivers: Drivers = { roots, projects: new ProjectStore(join(roots.lib, 'projects')), ports, engine: () => Promise.resolve(engine), imageStore: notHere('image store'), network: () => Promise.resolve(network) };
  const events: string[] = [];
  const warnings: string[] = [];
  const s: Session = { drivers, onEvent: (e) => events.push(`${e.id} ${e.text ?? ''}${e.statusText}`.trim()), warn: (m) => warnings.push(m), dryRun, parallel: -1, pollMs: 1, sleep: async () => undefined };
  return { s, ports, drivers, events, warnings, engine, network };
}

describe('runUp and runDown on fake drivers', () => {
  it('pulls, plans again, brings the project up, then a second up keeps everything', async () => {
    const t = session();
    const first = await runUp(global(), host(), request(), t.s);
    expect(first.plan.nodes.some((n) => n.op.kind === 'image.pull')).toBe(false);
    expect(t.ports.images.calls).toEqual(['pull busybox']);
    expect(t.drivers.projects.read('tsctuapp')?.containers.map((c) => [c.name, c.imageId])).toEqual([['tsctuapp-db-1', 'sha256:2'], ['tsctuapp-web-1', 'sha256:2']]);
    const again = await runUp(global(), host(), request(), t.s);
    expect(again.plan.nodes.map((n) => n.op.kind)).toEqual(['container.keep', 'container.keep']);
  });

  it('--wait waits for every service and fails after --wait-timeout in docker compose`s words', async () => {
    const t = session();
    await runUp(global(), host(), request({ wait: true }), t.s);
    expect(t.events.filter((e) => e.endsWith('Healthy'))).toEqual(['Container tsctuapp-db-1 Healthy', 'Container tsctuapp-db-1 Healthy', 'Container tsctuapp-web-1 Healthy']);
    const slow = session();
    slow.ports.containers.behaviour.set('db', { health: 'starting' });
    slow.s.sleep = (ms, signal) => new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
    slow.s.pollMs = 20;
    await expect(runUp(global(), host(), request({ services: ['db'], wait: true, waitTimeoutSeconds: 1 }), slow.s)).rejects.toThrow('application not healthy after 1s');
  });

  it('down removes everything and forgets the project; with -p alone it works from the records', async () => {
    const t = session();
    await runUp(global(), host(), request(), t.s);
    const down = await runDown(global({ files: [join(dir, 'compose.yaml')] }), host(), { removeOrphans: false, volumes: true, services: [] }, t.s);
    expect(down.plan.nodes.filter((n) => n.op.kind === 'container.remove')).toHaveLength(2);
    expect(t.drivers.projects.read('tsctuapp')).toBeUndefined();
    expect([...t.ports.containers.containers.keys()]).toEqual([]);
    await runUp(global(), host(), request(), t.s);
    rmSync(join(dir, 'compose.yaml'));
    const byName = await runDown(global({ projectName: 'tsctuapp' }), host(), { removeOrphans: false, volumes: false, services: [] }, t.s);
    expect(byName.plan.nodes.map((n) => n.op.kind)).toEqual(['container.stop', 'container.remove', 'container.stop', 'container.remove', 'network.remove']);
    expect((await runDown(global({ projectName: 'tsctuapp' }), host(), { removeOrphans: false, volumes: false, services: [] }, t.s)).plan.empty).toBe(true);
  });

  it('a down of every container marks them all stopped by the user in one write, before the first stop', async () => {
    const t = session();
    await runUp(global(), host(), request(), t.s);
    const store = t.drivers.projects;
    const marks: string[] = [];
    const write = store.write.bind(store);
    store.write = (r) => {
      marks.push(r.containers.map((c) => `${c.service}:${c.stoppedByUser}`).join(' '));
      write(r);
    };
    const stop = t.ports.containers.stop.bind(t.ports.containers);
    const seen: string[] = [];
    t.ports.containers.stop = async (name: string) => {
      seen.push(`${name} ${store.read('tsctuapp')?.containers.map((c) => `${c.service}:${c.stoppedByUser}`).join(' ')}`);
      return stop(name);
    };
    await runDown(global(), host(), { removeOrphans: false, volumes: false, services: [] }, t.s);
    expect(marks[0]).toBe('db:true web:true');
    expect(seen).toEqual(['tsctuapp-web-1 db:true web:true', 'tsctuapp-db-1 db:true web:true']);
  });

  it('a down of some services marks only those, each as its stop comes', async () => {
    const t = session();
    await runUp(global(), host(), request(), t.s);
    await runDown(global(), host(), { removeOrphans: false, volumes: false, services: ['web'] }, t.s);
    expect(t.drivers.projects.read('tsctuapp')?.containers.map((c) => `${c.service}:${c.stoppedByUser}`)).toEqual(['db:false']);
  });

  it('up clears the mark of a container a down cut short left running', async () => {
    const t = session();
    await runUp(global(), host(), request(), t.s);
    const rec = t.drivers.projects.read('tsctuapp');
    if (rec === undefined) throw new Error('no record');
    t.drivers.projects.write({ ...rec, containers: rec.containers.map((c) => ({ ...c, stoppedByUser: true })) });
    await runUp(global(), host(), request(), t.s);
    expect(t.drivers.projects.read('tsctuapp')?.containers.map((c) => `${c.service}:${c.stoppedByUser}`)).toEqual(['db:false', 'web:false']);
  });

  it('a dry run plans and reports without touching drivers or records', async () => {
    const t = session(true);
    const r = await runUp(global({ dryRun: true }), host(), request(), t.s);
    expect(r.plan.nodes.length).toBeGreaterThan(0);
    expect(t.ports.containers.calls).toEqual([]);
    expect(t.drivers.projects.read('tsctuapp')).toBeUndefined();
    expect(t.events).toContain('Container tsctuapp-web-1 Started');
  });

  it('waits for the lock another command holds', async () => {
    const t = session();
    const held = await acquireProjectLock(t.drivers.roots.run, 'tsctuapp', { command: 'tscompose down', self: { pid: process.pid, startTime: 0, command: 'tscompose down' } });
    const told: string[] = [];
    t.s.onLockWait = (h) => {
      told.push(h);
      setTimeout(() => held.release(), 20);
    };
    await runUp(global(), host(), request(), t.s);
    expect(told).toEqual([`tscompose down (pid ${process.pid})`]);
  });

  it('refuses conflicting flags and empty selections', async () => {
    const t = session();
    await expect(runUp(global(), host(), request({ forceRecreate: true, noRecreate: true }), t.s)).rejects.toThrow('--force-recreate and --no-recreate are incompatible');
    await expect(runUp(global(), host(), request({ scale: { nope: 2 } }), t.s)).rejects.toThrow('no such service: nope');
  });

  it('refuses network_mode: bridge before it makes anything, and warns for a logging driver it does not have', async () => {
    writeFileSync(join(dir, 'compose.yaml'), 'name: tsctuapp\nservices:\n  web:\n    image: busybox\n    network_mode: bridge\n');
    const t = session();
    await expect(runUp(global(), host(), request(), t.s)).rejects.toThrow('service "web": network_mode: bridge names Docker\'s default bridge network');
    expect(t.ports.containers.calls).toEqual([]);
    expect(t.ports.networks.calls).toEqual([]);
    writeFileSync(join(dir, 'compose.yaml'), 'name: tsctuapp\nservices:\n  web:\n    image: busybox\n    logging: {driver: syslog}\n');
    await runUp(global(), host(), request(), t.s);
    expect(t.warnings).toContain('service "web": logging driver "syslog" is not available; the output is kept in the container\'s log file (tscompose logs reads it)');
  });
});
