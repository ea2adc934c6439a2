import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dryRunPorts } from '../../../src/exec/dry-run-ports.js';
import { executePlan } from '../../../src/exec/execute.js';
import { fakePorts } from '../../../src/exec/fake-ports.js';
import { defaultUpOptions, planDown, planUp } from '../../../src/plan/index.js';
import type { ObservedState } from '../../../src/plan/types.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import { runFor } from './helpers.js';

const STACK = `
services:
  db:
    image: busybox
    volumes: [data:/var/lib/db, /scratch]
    healthcheck: {test: [CMD, "true"], interval: 1s}
    stop_grace_period: 3s
  web:
    image: busybox
    depends_on: {db: {condition: service_healthy}}
    networks: {default: {aliases: [www]}}
volumes:
  data: {}
`;

const BUSYBOX = { id: 'sha256:bb', config: { Volumes: { '/scratch': {} }, StopSignal: 'SIGQUIT' } };

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsctu-exec-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function setup() {
  const ports = fakePorts();
  ports.images.registry.set('busybox', BUSYBOX);
  ports.containers.behaviour.set('db', { health: 'healthy' });
  const store = new ProjectStore(join(root, 'projects'));
  const records = new ProjectRecorder(store, 'p', () => new Date('2024-01-01T00:00:00Z'));
  return { ports: { ...ports, records }, store, records };
}

const empty = (): ObservedState => ({ containers: [], networks: [], volumes: [], images: {} });

describe('executePlan on fake drivers', () => {
  it('brings a stack up in dependency order with docker compose`s events and records what it made', async () => {
    const t = runFor(STACK);
    const { ports, store } = setup();
    await executePlan(planUp(t.desired, empty(), defaultUpOptions), t.ctx, ports, { mode: 'fail-fast', parallel: 1 });
    expect(t.lines()).toEqual([
      ' Network p_default  Creating', ' Network p_default  Created',
      ' Volume "p_data"  Creating', ' Volume "p_data"  Created',
      ' db Pulling ', ' web Pulling ', ' db Pulled ', ' web Pulled ',
      ' Container p-db-1  Creating', ' Container p-db-1  Created',
      ' Container p-db-1  Starting', ' Container p-db-1  Started',
      ' Container p-web-1  Creating', ' Container p-web-1  Created',
      ' Container p-db-1  Waiting', ' Container p-db-1  Healthy',
      ' Container p-web-1  Starting', ' Container p-web-1  Started',
    ]);
    const rec = store.read('p');
    const db = rec?.containers.find((c) => c.name === 'p-db-1');
    expect(db).toMatchObject({
      service: 'db', number: 1, imageId: 'sha256:bb', networks: ['p_default'], volumes: ['p_data'],
      stop: { signal: 'SIGQUIT', timeoutSeconds: 3 }, restart: { name: 'no', maxAttempts: 0 },
      healthcheck: { test: ['CMD', 'true'], intervalMs: 1000, timeoutMs: 30000, retries: 3, startPeriodMs: 0, startIntervalMs: 5000 },
    });
    expect(db?.anonymousVolumes.map((a) => a.target)).toEqual(['/scratch']);
    expect(rec?.networks).toEqual([{ key: 'default', name: 'p_default' }]);
    const webReq = ports.containers.containers.get('p-web-1')?.request;
    expect(webReq?.networks).toEqual([{ name: 'p_default', key: 'default', aliases: ['p-web-1', 'web', 'www'] }]);
    expect(webReq?.labels['com.docker.compose.depends_on']).toBe('db:service_healthy:false');
    // db's named volume, and the image's VOLUME /scratch of both containers.
    expect(ports.volumes.calls.filter((c) => c.startsWith('copy-up'))).toEqual([
      'copy-up p_data /var/lib/db', expect.stringMatching(/^copy-up anon\d+ \/scratch$/), expect.stringMatching(/^copy-up anon\d+ \/scratch$/),
    ]);
  });

  it('recreates with the old anonymous volumes, or new ones with -V (the old ones removed)', async () => {
    const t = runFor(STACK);
    const { ports, records } = setup();
    await executePlan(planUp(t.desired, empty(), defaultUpOptions), t.ctx, ports, { mode: 'fail-fast', parallel: -1 });
    const anon = records.container('p-db-1')?.anonymousVolumes[0]?.name;
    const observed: ObservedState = {
      containers: records.current.containers.map((c) => ({ ...c, hash: c.service === 'db' ? 'old' : c.hash, state: 'running', dependsOn: [] })),
      networks: [{ name: 'p_default', project: 'p' }], volumes: [{ name: 'p_data', project: 'p' }], images: { busybox: 'sha256:bb' },
    };
    await executePlan(planUp(t.desired, observed, defaultUpOptions), t.ctx, ports, { mode: 'fail-fast', parallel: -1 });
    expect(records.container('p-db-1')?.anonymousVolumes[0]?.name).toBe(anon);
    expect(ports.containers.calls.slice(-4)).toEqual(['stop p-db-1', 'rm p-db-1', 'create p-db-1', 'start p-db-1']);
    await executePlan(planUp(t.desired, observed, { ...defaultUpOptions, inherit: false }), t.ctx, ports, { mode: 'fail-fast', parallel: -1 });
    expect(records.container('p-db-1')?.anonymousVolumes[0]?.name).not.toBe(anon);
    expect(ports.volumes.volumes.has(anon as string)).toBe(false);
  });

  it('fails with docker compose`s words when a dependency becomes unhealthy, and starts nothing after it', async () => {
    const t = runFor(STACK);
    const { ports } = setup();
    ports.containers.behaviour.set('db', { health: 'unhealthy' });
    await expect(executePlan(planUp(t.desired, empty(), defaultUpOptions), t.ctx, ports, { mode: 'fail-fast', parallel: -1 })).rejects.toThrow(
      'dependency failed to start: container p-db-1 is unhealthy',
    );
    expect(t.lines()).toContain(' Container p-db-1  Error');
    expect(ports.containers.calls).not.toContain('start p-web-1');
  });

  it('service_completed_successfully: exit 0 goes on, another code stops the run; an optional one only warns', async () => {
    const yaml = (required: boolean) => `services:\n  init: {image: busybox}\n  app:\n    image: busybox\n    depends_on: {init: {condition: service_completed_successfully, required: ${required}}}\n`;
    for (const [code, required, expected] of [[0, true, 'ok'], [3, true, 'fail'], [3, false, 'ok']] as const) {
      const t = runFor(yaml(required));
      const { ports } = setup();
      ports.containers.behaviour.set('init', { exitCode: code });
      const run = executePlan(planUp(t.desired, empty(), defaultUpOptions), t.ctx, ports, { mode: 'fail-fast', parallel: -1 });
      if (expected === 'fail') {
        await expect(run).rejects.toThrow(`service "init" didn't complete successfully: exit 3`);
        expect(t.lines()).toContain(` Container p-init-1  service "init" didn't complete successfully: exit 3`);
      } else {
        await run;
        expect(ports.containers.calls).toContain('start p-app-1');
      }
      if (!required) expect(t.warnings).toEqual([`optional dependency "init" didn't complete successfully: exit 3`]);
    }
  });

  it('down stops in reverse order, with anonymous volumes under -v, and a second down finds nothing', async () => {
    const t = runFor(STACK);
    const { ports, records, store } = setup();
    await executePlan(planUp(t.desired, empty(), defaultUpOptions), t.ctx, ports, { mode: 'fail-fast', parallel: -1 });
    const observed: ObservedState = {
      containers: records.current.containers.map((c) => ({ ...c, state: 'running', dependsOn: c.dependsOn.map((d) => d.service) })),
      networks: [{ name: 'p_default', project: 'p' }], volumes: [{ name: 'p_data', project: 'p' }], images: {},
    };
    t.events.length = 0;
    await executePlan(planDown('p', t.desired, observed, { removeOrphans: false, volumes: true, services: [] }), t.ctx, ports, { mode: 'best-effort', parallel: -1 });
    const lines = t.lines().filter((l) => /Stopping|Stopped|Removed/.test(l));
    const at = (l: string): number => lines.indexOf(` ${l}`);
    // The dependant stopped before its dependency is asked to stop; each removed after its stop; the network and volume last.
    expect(at('Container p-web-1  Stopped')).toBeLessThan(at('Container p-db-1  Stopping'));
    expect(at('Container p-web-1  Stopped')).toBeLessThan(at('Container p-web-1  Removed'));
    expect(at('Container p-db-1  Stopped')).toBeLessThan(at('Container p-db-1  Removed'));
    expect(lines.slice(-2)).toEqual([' Network p_default  Removed', ' Volume p_data  Removed']);
    expect(lines).toHaveLength(8);
    records.finish();
    expect(store.read('p')).toBeUndefined();
    expect([...ports.volumes.volumes.keys()]).toEqual([]);
    expect(planDown('p', undefined, { containers: [], networks: [], volumes: [], images: {} }, { removeOrphans: false, volumes: true, services: [] }).empty).toBe(true);
  });

  it('a dry run reports the same events and touches nothing', async () => {
    const t = runFor(STACK, { dryRun: true });
    await executePlan(planUp(t.desired, empty(), defaultUpOptions), t.ctx, dryRunPorts(), { mode: 'fail-fast', parallel: -1 });
    expect(t.lines()).toContain(' Container p-db-1  Healthy');
    expect(t.lines()).toHaveLength(18);
  });
});
