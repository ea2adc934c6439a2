/**
 * Everything a container needs on the host before its monitor can run the
 * runtime's `create`: the mounted rootfs, the /etc files, the shareable
 * /dev/shm, resolved `container:` namespaces and config.json. Rebuilding is
 * idempotent, which is how a container whose run/ directory was lost (a
 * reboot) starts again from its record.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { removeTree } from '../host/remove-tree.js';
import type { EngineDeps } from './deps.js';
import { ContainerStateError } from './errors.js';
import { DEFAULT_HOSTS, containerResolvConf } from './etc-files.js';
import { gatherFacts } from './host-facts.js';
import { containerPaths, writeAtomic, type ContainerRecord } from './state.js';
import { DEFAULT_SHM_SIZE } from './spec/defaults.js';
import type { ContainerDescription, NamespaceMode } from './spec/description.js';
import { generateSpec, serializeSpec } from './spec/generate.js';

/** Host pid of another container's process, for `container:<id>` namespaces. */
export type PidOf = (id: string) => Promise<number>;

async function resolveMode(mode: NamespaceMode | undefined, kind: string, pidOf: PidOf): Promise<NamespaceMode | undefined> {
  if (mode?.mode !== 'container') return mode;
  const pid = await pidOf(mode.id);
  if (pid <= 0) throw new ContainerStateError(mode.id, `cannot join its ${kind} namespace: it is not running`);
  return { mode: 'path', path: `/proc/${pid}/ns/${kind}` };
}

async function mountShm(deps: EngineDeps, path: string, size: number): Promise<void> {
  mkdirSync(path, { recursive: true });
  if (deps.overlay.isMounted(path)) return;
  await deps.runner.run('mount', ['-t', 'tmpfs', '-o', `nosuid,nodev,noexec,mode=1777,size=${size}`, 'shm', path]);
}

function writeEtc(rec: ContainerRecord, d: ContainerDescription, p: ReturnType<typeof containerPaths>, hostname: string): void {
  writeFileSync(p.hostname, `${hostname}\n`);
  const hostNet = d.network?.mode === 'host';
  if (rec.hosts !== undefined) writeFileSync(p.hosts, rec.hosts);
  else if (!existsSync(p.hosts)) writeFileSync(p.hosts, hostNet ? readFileSync('/etc/hosts', 'utf8') : DEFAULT_HOSTS);
  if (rec.resolvConf !== undefined) writeFileSync(p.resolvConf, rec.resolvConf);
  else if (!existsSync(p.resolvConf)) writeFileSync(p.resolvConf, containerResolvConf(readHostResolvConf(), hostNet));
}

function readHostResolvConf(): string {
  try {
    return readFileSync('/etc/resolv.conf', 'utf8');
  } catch {
    return '';
  }
}

/** Mounts, writes and generates; returns the generator's warnings. */
export async function prepareBundle(deps: EngineDeps, rec: ContainerRecord, pidOf: PidOf, shmFrom: (id: string) => string): Promise<string[]> {
  const p = containerPaths(deps.roots, rec.id);
  mkdirSync(p.run, { recursive: true });
  mkdirSync(p.lib, { recursive: true });
  await deps.overlay.mount({ layerDirs: rec.layerDirs, containerDir: p.lib, target: p.rootfs });
  const d: ContainerDescription = {
    ...rec.description,
    ipc: await resolveMode(rec.description.ipc, 'ipc', pidOf),
    pid: await resolveMode(rec.description.pid, 'pid', pidOf),
    uts: await resolveMode(rec.description.uts, 'uts', pidOf),
  };
  const ipc = rec.description.ipc;
  let shmPath: string | undefined;
  if (ipc?.mode === 'shareable') {
    await mountShm(deps, p.shm, d.shmSize ?? DEFAULT_SHM_SIZE);
    shmPath = p.shm;
  } else if (ipc?.mode === 'container') shmPath = shmFrom(ipc.id);
  const ctx = gatherFacts({
    description: d,
    rootfs: p.rootfs,
    layout: deps.layout,
    etcFiles: { hostname: p.hostname, hosts: p.hosts, resolvConf: p.resolvConf },
    ...(shmPath === undefined ? {} : { shmPath }),
    env: deps.env,
  });
  const { spec, warnings } = generateSpec(d, ctx);
  writeEtc(rec, d, p, spec.hostname ?? ctx.hostHostname ?? '');
  writeAtomic(p.config, serializeSpec(spec));
  return warnings;
}

/** Undoes prepareBundle and removes both directories; what is already gone is fine. */
export async function teardownBundle(deps: EngineDeps, id: string): Promise<void> {
  const p = containerPaths(deps.roots, id);
  const errors: string[] = [];
  for (const target of [p.rootfs, p.shm]) {
    try {
      await deps.overlay.unmount(target);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  if (errors.length > 0) throw new ContainerStateError(id, `cannot remove: ${errors.join('; ')}`);
  // In the thread pool: the unlinks of one container's files run while the next container is stopped or unmounted.
  await Promise.all([removeTree(p.run), removeTree(p.lib)]);
}
