/**
 * `stats`: each container's resource usage as the docker CLI computes it
 * from two samples: CPU % is the container's CPU time over the host's in
 * the interval times the online CPUs; memory is usage less the inactive
 * file cache, against the limit (the host's memory when there is none).
 */
import { totalmem } from 'node:os';
import type { ContainerEngine, ContainerStats } from '../engine/index.js';
import { projectContainers, type ReadDrivers } from './project-containers.js';

export interface ContainerUsage {
  id: string;
  name: string;
  cpuPercent: number;
  memUsage: number;
  memLimit: number;
  netRx: number;
  netTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

export interface StatsTarget {
  id: string;
  name: string;
  previous?: ContainerStats;
}

export async function statsTargets(d: ReadDrivers, project: string, services: readonly string[], all: boolean): Promise<StatsTarget[]> {
  const list = await projectContainers(d, project, { services });
  return list.filter((c) => all || c.inspect.state.running).map((c) => ({ id: c.inspect.id, name: c.record.name }));
}

export function usage(t: StatsTarget, s: ContainerStats | undefined): ContainerUsage {
  if (s === undefined) return { id: t.id, name: t.name, cpuPercent: 0, memUsage: 0, memLimit: 0, netRx: 0, netTx: 0, blockRead: 0, blockWrite: 0, pids: 0 };
  const p = t.previous;
  const cpuDelta = p === undefined ? 0 : s.cpu.usageNs - p.cpu.usageNs;
  const sysDelta = p === undefined ? 0 : s.systemCpuNs - p.systemCpuNs;
  const cpuPercent = cpuDelta > 0 && sysDelta > 0 ? (cpuDelta / sysDelta) * s.onlineCpus * 100 : 0;
  return {
    id: t.id, name: t.name, cpuPercent,
    memUsage: Math.max(0, s.memory.usage - s.memory.inactiveFile), memLimit: s.memory.limit ?? totalmem(),
    netRx: s.network.rx, netTx: s.network.tx, blockRead: s.blkio.readBytes, blockWrite: s.blkio.writeBytes, pids: s.pids.current,
  };
}

/** One sample of every target; a container that stopped meanwhile reads as zeros. */
export async function sample(engine: ContainerEngine, targets: StatsTarget[]): Promise<ContainerUsage[]> {
  return Promise.all(targets.map(async (t) => {
    const s = await engine.stats(t.id).catch(() => undefined);
    const u = usage(t, s);
    if (s !== undefined) t.previous = s;
    return u;
  }));
}
