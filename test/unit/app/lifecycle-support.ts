/**
 * A project for the service commands' unit tests: a compose file in a temp
 * directory (prefix tsctul), the engine's FakeEngine holding its containers,
 * records as `up` writes them, and a Session that collects events.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Drivers } from '../../../src/app/drivers.js';
import type { GlobalOptions } from '../../../src/app/load-project.js';
import type { Session } from '../../../src/app/run-context.js';
import { FakeNetworkDriver } from '../../../src/network/fake.js';
import { FakeEngine } from '../../../src/engine/fake-engine.js';
import { fakePorts } from '../../../src/exec/fake-ports.js';
import type { ContainerPort } from '../../../src/exec/ports.js';
import { unwired } from '../../../src/exec/unwired.js';
import { hostFs } from '../../../src/host/fs.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import type { ContainerRecord, DependencyRecord } from '../../../src/state/records.js';

export const STACK = `
name: tsctulapp
services:
  db:
    image: busybox
    stop_signal: SIGINT
    stop_grace_period: 3s
  app:
    image: busybox
    depends_on: {db: {condition: service_started, restart: true}}
  web:
    image: busybox
    depends_on: [app]
  tool:
    image: busybox
    profiles: [tools]
`;

export interface Lab {
  dir: string;
  engine: FakeEngine;
  ports: ReturnType<typeof fakePorts>;
  drivers: Drivers;
  events: string[];
  warnings: string[];
  session(o?: { dryRun?: boolean; wiredPort?: boolean }): Session;
  global(extra?: Partial<GlobalOptions>): GlobalOptions;
  host(): { cwd: string; env: Record<string, string>; fs: typeof hostFs; homeDir: string; readStdin: () => string };
  /** Creates `tsctulapp-<service>-<n>` in the engine (started unless told) and records it. */
  container(service: string, o?: { number?: number; start?: boolean; oneOff?: boolean; deps?: DependencyRecord[]; anonymous?: string[] }): Promise<string>;
  record(): ReturnType<ProjectStore['read']>;
  cleanup(): void;
}

export function newLab(stack = STACK): Lab {
  const dir = mkdtempSync(join(tmpdir(), 'tsctul-'));
  writeFileSync(join(dir, 'compose.yaml'), stack);
  const roots = { run: join(dir, 'root', 'run'), lib: join(dir, 'root', 'lib') };
  mkdirSync(roots.run, { recursive: true });
  const engine = new FakeEngine();
  const network = new FakeNetworkDriver();
  const ports = fakePorts();
  const projects = new ProjectStore(join(roots.lib, 'projects'));
  const notHere = (what: string) => () => Promise.reject(new Error(`the unit test has no real ${what}`));
  const events: string[] = [];
  const warnings: string[] = [];
  const drivers: Drivers = { roots, projects, ports: { ...ports, containers: unwired<ContainerPort>('run containers', 4) }, engine: () => Promise.resolve(engine), imageStore: notHere('image store'), network: () => Promise.resolve(network) };
  const defaultDeps: Record<string, DependencyRecord[]> = {
    app: [{ service: 'db', condition: 'service_started', required: true, restart: true }],
    web: [{ service: 'app', condition: 'service_started', required: true, restart: false }],
  };
  return {
    dir, engine, ports, drivers, events, warnings,
    session: (o = {}) => ({
      drivers: o.wiredPort === true ? { ...drivers, ports: { ...drivers.ports, containers: ports.containers } } : drivers,
      onEvent: (e) => events.push(`${e.id} ${e.statusText}`),
      warn: (m) => warnings.push(m),
      dryRun: o.dryRun === true,
      parallel: -1,
      pollMs: 1,
      sleep: async () => undefined,
    }),
    global: (extra = {}) => ({ files: [], envFiles: [], profiles: [], dryRun: false, verbose: false, ...extra }),
    host: () => ({ cwd: dir, env: {}, fs: hostFs, homeDir: dir, readStdin: () => '' }),
    async container(service, o = {}) {
      const number = o.number ?? 1;
      const name = o.oneOff === true ? `tsctulapp-${service}-run-${number}` : `tsctulapp-${service}-${number}`;
      const { id } = await engine.create({ name, layerDirs: [], description: { image: {}, command: ['sleep', '1000'] } });
      const rec: ContainerRecord = {
        name, id, service, number, oneOff: o.oneOff === true, hash: 'h', image: 'busybox', imageId: 'sha256:1', networks: [], volumes: [],
        anonymousVolumes: (o.anonymous ?? []).map((v, i) => ({ target: `/v${i}`, name: v })), mounts: [],
        dependsOn: o.deps ?? defaultDeps[service] ?? [], stop: service === 'db' ? { signal: 'SIGINT', timeoutSeconds: 3 } : { signal: 'SIGTERM', timeoutSeconds: 10 },
        restart: { name: 'no', maxAttempts: 0 }, stoppedByUser: false, createdAt: '2024-01-01T00:00:00Z',
      };
      new ProjectRecorder(projects, 'tsctulapp').putContainer(rec);
      if (o.start !== false) await engine.start(id);
      engine.calls.length = 0;
      return id;
    },
    record: () => projects.read('tsctulapp'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
