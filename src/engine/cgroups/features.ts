/**
 * What this host's cgroups can limit, so the spec generator can warn about
 * (and drop) a limit the kernel would not enforce, as Docker's sysinfo does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupFeatures } from '../spec/context.js';
import type { CgroupLayout } from './mode.js';

function v1Has(layout: CgroupLayout, controller: string, file?: string): boolean {
  const dir = layout.v1[controller];
  if (dir === undefined) return false;
  return file === undefined || existsSync(join(dir, file));
}

export function cgroupFeatures(layout: CgroupLayout): CgroupFeatures {
  if (layout.mode === 'v2') {
    const has = (c: string): boolean => layout.unifiedControllers.includes(c);
    return {
      memoryLimit: has('memory'),
      memorySwap: has('memory'),
      memoryReservation: has('memory'),
      // cgroup v2 has no per-group swappiness and no way to turn the OOM killer off.
      memorySwappiness: false,
      oomKillDisable: false,
      cpuShares: has('cpu'),
      cpuCfs: has('cpu'),
      cpuset: has('cpuset'),
      pids: has('pids'),
      blkioWeight: has('io'),
    };
  }
  return {
    memoryLimit: v1Has(layout, 'memory', 'memory.limit_in_bytes'),
    memorySwap: v1Has(layout, 'memory', 'memory.memsw.limit_in_bytes'),
    memoryReservation: v1Has(layout, 'memory', 'memory.soft_limit_in_bytes'),
    memorySwappiness: v1Has(layout, 'memory', 'memory.swappiness'),
    oomKillDisable: v1Has(layout, 'memory', 'memory.oom_control'),
    cpuShares: v1Has(layout, 'cpu', 'cpu.shares'),
    cpuCfs: v1Has(layout, 'cpu', 'cpu.cfs_quota_us'),
    cpuset: v1Has(layout, 'cpuset', 'cpuset.cpus'),
    pids: v1Has(layout, 'pids'),
    // Kernels without CFQ (5.0+) have only BFQ's weight, which exists in child groups when BFQ is active.
    blkioWeight: v1Has(layout, 'blkio', 'blkio.weight') || v1Has(layout, 'blkio', 'blkio.bfq.io_service_bytes'),
  };
}
