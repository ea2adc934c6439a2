/**
 * The read commands' integration set-up: a throwaway TSCOMPOSE_ROOT under
 * /tmp/tsctuo-*, a busybox layer, an engine on the embedded runtime (or the
 * first one this host has) with a cgroup parent named tsctuo-<suffix>, and
 * project records written as `up` writes them for the containers the test
 * makes. Everything is removed in cleanup, whatever the test did.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { detectCgroupLayout } from '../../../src/engine/cgroups/mode.js';
import { pruneCgroup } from '../../../src/engine/cgroups/prune.js';
import { createEngine, type ContainerEngine } from '../../../src/engine/index.js';
import { ProjectRecorder, ProjectStore } from '../../../src/state/project-store.js';
import type { ContainerRecord } from '../../../src/state/records.js';
import { busyboxLayer, runtimesHere, skipReason as engineSkip } from '../engine/support.js';

export { eventually } from '../engine/support.js';

const runtime = runtimesHere().find((r) => r.name === 'embedded') ?? runtimesHere().find((r) => r.name === 'runc');
export const skipReason = engineSkip ?? (runtime === undefined ? 'needs the embedded runtime or runc' : undefined);

export interface ReadLab {
  dir: string;
  env: Record<string, string>;
  project: string;
  engine: ContainerEngine;
  /** Creates (and unless told otherwise starts) `project-service-N` and records it. */
  container(service: string, command: string[], o?: { number?: number; start?: boolean; restart?: ContainerRecord['restart']; exposed?: string[] }): Promise<string>;
  cleanup(): Promise<void>;
}

export function newReadLab(): ReadLab {
  const dir = mkdtempSync('/tmp/tsctuo-');
  const suffix = dir.slice(-6).toLowerCase().replace(/[^a-z0-9]/g, 'x');
  const project = `tsctuo${suffix}`;
  const roots = { run: join(dir, 'run'), lib: join(dir, 'lib') };
  const cgroupParent = `/tsctuo-${suffix}`;
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
      const exposed = Object.fromEntries((o.exposed ?? []).map((p) => [p, {}]));
      const { id } = await engine.create({ name, layerDirs: [layer], image: 'tsctuo-bb:1', description: { image: { Env: ['PATH=/bin'], ExposedPorts: exposed }, command }, labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': service } });
      recorder.putContainer({
        name, id, service, number, oneOff: false, hash: 'h', image: 'tsctuo-bb:1', imageId: 'sha256:0', networks: [`${project}_default`], volumes: [], anonymousVolumes: [], mounts: [],
        dependsOn: [], stop: { signal: 'SIGTERM', timeoutSeconds: 2 }, restart: o.restart ?? { name: 'no', maxAttempts: 0 }, stoppedByUser: false, createdAt: new Date().toISOString(),
      });
      if (o.start !== false) await engine.start(id);
      return id;
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
