/**
 * The observed state the planner starts from: the project's records, the
 * engine's view of each recorded container, the networks and volumes that
 * exist and the local image of each reference. A driver that is not wired
 * yet contributes nothing, and the caller is told which ones (a dry run
 * then plans against what it can see and says so).
 */
import type { ExecPorts } from '../exec/ports.js';
import type { ContainerState, ObservedContainer, ObservedResource, ObservedState } from '../plan/types.js';
import type { ProjectRecord } from '../state/records.js';
import { isWired } from './drivers.js';

export interface Observation {
  observed: ObservedState;
  /** Drivers that could not be asked: "the container engine", ... */
  blind: string[];
}

export interface Wanted {
  /** Image references the desired services use. */
  images: readonly string[];
  /** Network names the model declares (external ones included). */
  networks: readonly string[];
  /**
   * down removes every recorded container whatever its state, and removing
   * one the engine lost is a success: the records are enough to plan it.
   */
  recordedContainers?: boolean;
}

export async function observe(record: ProjectRecord | undefined, ports: Omit<ExecPorts, 'records'>, wanted: Wanted): Promise<Observation> {
  const blind: string[] = [];
  const containers = wanted.recordedContainers === true
    ? recorded(record)
    : isWired(ports.containers) ? await observeContainers(record, ports) : blindly(blind, 'the container engine', []);
  const networks = isWired(ports.networks)
    ? await observeNetworks(record, ports, wanted.networks)
    : wanted.recordedContainers === true
      ? (record?.networks ?? []).map((n) => ({ name: n.name, project: record?.name ?? '' }))
      : blindly(blind, 'the network driver', []);
  const volumes: ObservedResource[] = (await ports.volumes.list()).map((v) => (v.project === undefined ? { name: v.name } : { name: v.name, project: v.project }));
  const found: Record<string, string> = {};
  if (isWired(ports.images)) {
    for (const ref of [...new Set(wanted.images)]) {
      const info = await ports.images.inspect(ref);
      if (info !== undefined) found[ref] = info.id;
    }
  } else blind.push('the image store');
  return { observed: { containers, networks, volumes, images: found }, blind };
}

function blindly<T>(blind: string[], what: string, value: T): T {
  blind.push(what);
  return value;
}

function recorded(record: ProjectRecord | undefined): ObservedContainer[] {
  return (record?.containers ?? []).map((c) => ({
    name: c.name, service: c.service, number: c.number, hash: c.hash, image: c.image, imageId: c.imageId,
    dependsOn: c.dependsOn.map((d) => d.service), state: 'running', oneOff: c.oneOff, stop: c.stop,
  }));
}

/** A recorded container the engine no longer has is gone: it is not observed (up creates it again). */
async function observeContainers(record: ProjectRecord | undefined, ports: Omit<ExecPorts, 'records'>): Promise<ObservedContainer[]> {
  const out: ObservedContainer[] = [];
  for (const c of record?.containers ?? []) {
    const st = await ports.containers.inspect(c.name);
    if (st === undefined) continue;
    out.push({
      name: c.name, service: c.service, number: c.number, hash: c.hash, image: c.image, imageId: c.imageId,
      dependsOn: c.dependsOn.map((d) => d.service), state: st.state as ContainerState, oneOff: c.oneOff, stop: c.stop,
    });
  }
  return out;
}

async function observeNetworks(record: ProjectRecord | undefined, ports: Omit<ExecPorts, 'records'>, wanted: readonly string[]): Promise<ObservedResource[]> {
  const out: ObservedResource[] = [];
  for (const name of [...new Set([...(record?.networks.map((n) => n.name) ?? []), ...wanted])].sort()) {
    const info = await ports.networks.inspect(name);
    if (info !== undefined) out.push(info.project === undefined ? { name: info.name } : { name: info.name, project: info.project });
  }
  return out;
}
