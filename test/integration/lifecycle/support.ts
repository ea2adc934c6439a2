/**
 * The service commands' integration set-up: a throwaway TSCOMPOSE_ROOT under
 * /tmp/tsctul-*, a compose file naming the project, a busybox layer, an
 * engine on the embedded runtime (or runc) with a cgroup parent named
 * tsctul-<suffix>, and project records written as `up` writes them for the
 * containers the test makes. Everything is removed in cleanup, whatever the
 * test did.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectCgroupLayout } from '../../../src/engine/cgroups/mode.js';
import { pruneCgroup } from '../../../src/engine/cgroups/prune.js';
import { createEngine, type ContainerEngine } from '../../../src/engine/index.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import type { ContainerRecord } from '../../../src/state/records.js';
import { busyboxLayer, runtimesHere, skipReason as engineSkip } from '../engine/support.js';

export { eventually, collect } from '../engine/support.js';

const runtime = runtimesHere().find((r) => r.name === 'embedded') ?? runtimesHere().find((r) => r.name === 'runc');
export const skipReason = engineSkip ?? (runtime === undefined ? 'needs the embedded runtime or runc' : undefined);

export interface ServiceLab {
  dir: string;
  env: Record<string, string>;
  project: string;
  engine: ContainerEngine;
  /** Creates (and unless told otherwise starts) `project-service-N` and records it. */
  container(service: string, command: string[], o?: { number?: number; start?: boolean; stop?: ContainerRecord['stop']; dependsOn?: ContainerRecord['dependsOn'] }): Promise<string>;
  /** A file in the container's root file system, read from the host. */
  read(id: string, path: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** `services`: each service's depends_on. */
export function newServiceLab(services: Record<string, string[]>): ServiceLab {
  const dir = mkdtempSync('/tmp/tsctul-');
  const suffix = dir.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x');
  const project = `tsctul${suffix}`;
  writeFileSync(join(dir, 'compose.yaml'), `name: ${project}\nservices:\n${Object.entries(services).map(([s, deps]) => `  ${s}:\n    image: tsctul-bb:1\n${deps.length === 0 ? '' : `    depends_on: [${deps.join(', ')}]\n`}`).join('')}`);
  const roots = { run: join(dir, 'run'), lib: join(dir, 'lib') };
  const cgroupParent = `/tsctul-${suffix}`;
  const rt = runtime ?? { name: 'runc' as const, binary: 'runc' };
  const engine = createEngine({ roots, runtime: rt.name, cgroupParent, runtimeBinaries: { [rt.name]: rt.binary } });
  const layer = busyboxLayer(dir);
  const recorder = new ProjectRecorder(new ProjectStore(join(roots.lib, 'projects')), project, () => new Date(), { workingDir: dir, configFiles: [join(dir, 'compose.yaml')] });
  return {
    dir, project, engine,
    env: { TSCOMPOSE_ROOT: dir, TSCOMPOSE_RUNTIME: rt.name },
    async container(service, command, o = {}) {
      const number = o.number ?? 1;
      const name = `${project}-${service}-${number}`;
      const { id } = await engine.create({ name, layerDirs: [layer], image: 'tsctul-bb:1', description: { image: { Env: ['PATH=/bin'] }, command }, labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': service } });
      recorder.putContainer({
        name, id, service, number, oneOff: false, hash: 'h', image: 'tsctul-bb:1', imageId: 'sha256:0', networks: [], volumes: [], anonymousVolumes: [], mounts: [],
        dependsOn: o.dependsOn ?? [], stop: o.stop ?? { signal: 'SIGTERM', timeoutSeconds: 2 }, restart: { name: 'no', maxAttempts: 0 }, stoppedByUser: false, createdAt: new Date().toISOString(),
      });
      if (o.start !== false) await engine.start(id);
      return id;
    },
    async read(id, path) {
      return readFileSync(join((await engine.inspect(id)).paths.rootfs, path), 'utf8');
    },
    async cleanup() {
      for (const c of await engine.list()) await engine.remove(c.id, { force: true }).catch(() => undefined);
      pruneCgroup(detectCgroupLayout(), cgroupParent);
      for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
        const mp = line.split(' ')[4];
        if (mp?.startsWith(dir) === true) execFileSync('umount', ['-l', mp]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
