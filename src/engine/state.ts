/**
 * The engine's state on disk (roots from src/host/state-root.ts):
 *
 *   run/containers/<id>/          lost on reboot, rebuilt by start from the record
 *     config.json                 the OCI bundle's config (root.path = rootfs/)
 *     rootfs/                     the overlay mount point
 *     monitor.pid, pidfile        the monitor's and the container's pids
 *     attach                      the monitor's attach socket (native/monitor/attach.h)
 *     exit                        the exit record the monitor writes (monitor/protocol.ts)
 *     shm/                        tmpfs mounted for `ipc: shareable`
 *     exec/<exec id>/             process.json, exec.pid and (detached) exit of one exec session
 *   run/runtime/<runtime>/        the OCI runtime's --root
 *   lib/containers/<id>/
 *     container.json              the record below, written atomically (tmp + rename)
 *     upper/ work/ l/ empty/      the overlay's upper and work dirs and layer links (rootfs/overlay.ts)
 *     hostname hosts resolv.conf  bind-mounted over /etc/...
 *     container.log[.N]           the CRI-format log (native/monitor/log.h)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateRoots } from '../host/state-root.js';
import type { LogConfig } from './engine.js';
import { ContainerNotFoundError } from './errors.js';
import type { RuntimeName } from './runtime/types.js';
import type { ContainerDescription } from './spec/description.js';

export const RECORD_VERSION = 1;

export interface ContainerRecord {
  version: typeof RECORD_VERSION;
  id: string;
  name: string;
  runtime: RuntimeName;
  created: string;
  image: string;
  labels: Record<string, string>;
  layerDirs: string[];
  description: ContainerDescription;
  logging: LogConfig;
  hosts?: string;
  resolvConf?: string;
  warnings: string[];
  /** RFC 3339 of the last start; empty until the first. */
  startedAt: string;
  restartCount: number;
}

export interface ContainerPaths {
  run: string;
  lib: string;
  bundle: string;
  rootfs: string;
  config: string;
  record: string;
  log: string;
  shm: string;
  exec: string;
  hostname: string;
  hosts: string;
  resolvConf: string;
}

export function containerPaths(roots: StateRoots, id: string): ContainerPaths {
  const run = join(roots.run, 'containers', id);
  const lib = join(roots.lib, 'containers', id);
  // Appended, not joined: run and lib are normalized and the names plain, so this is what
  // join gives, and ps of 50 containers called join (unoptimized, checking each argument) 2,400 times.
  return {
    run,
    lib,
    bundle: run,
    rootfs: `${run}/rootfs`,
    config: `${run}/config.json`,
    record: `${lib}/container.json`,
    log: `${lib}/container.log`,
    shm: `${run}/shm`,
    exec: `${run}/exec`,
    hostname: `${lib}/hostname`,
    hosts: `${lib}/hosts`,
    resolvConf: `${lib}/resolv.conf`,
  };
}

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function saveRecord(roots: StateRoots, rec: ContainerRecord): void {
  const p = containerPaths(roots, rec.id);
  mkdirSync(p.lib, { recursive: true });
  writeAtomic(p.record, `${JSON.stringify(rec, null, 2)}\n`);
}

export function loadRecord(roots: StateRoots, id: string): ContainerRecord {
  const path = containerPaths(roots, id).record;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ContainerNotFoundError(id);
  }
  const rec = JSON.parse(text) as ContainerRecord;
  if (rec.version !== RECORD_VERSION) throw new ContainerNotFoundError(`${id} (record version ${String(rec.version)} is not ${RECORD_VERSION})`);
  return rec;
}

export function recordExists(roots: StateRoots, id: string): boolean {
  return existsSync(containerPaths(roots, id).record);
}

export function listRecordIds(roots: StateRoots): string[] {
  const dir = join(roots.lib, 'containers');
  try {
    return readdirSync(dir).filter((n) => /^[0-9a-f]{64}$/.test(n) && existsSync(join(dir, n, 'container.json')));
  } catch {
    return [];
  }
}
