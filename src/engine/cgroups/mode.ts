/**
 * Which cgroup layout the host has, read from the files each layout puts at
 * the mount point rather than from statfs magic numbers, so tests can point
 * it at a fake cgroupfs in a temp dir:
 *   v2      <root>/cgroup.controllers exists (one unified hierarchy)
 *   hybrid  v1 controllers under <root>/<controller>, plus cgroup2 at <root>/unified
 *   v1      controllers under <root>/<controller> only
 * crun 1.8 refuses a hybrid host whose unified hierarchy has controllers
 * (this machine's has hugetlb); runc and the embedded runtime drive v1 there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type CgroupMode = 'v1' | 'hybrid' | 'v2';

export const CGROUP_ROOT = '/sys/fs/cgroup';

export interface CgroupLayout {
  mode: CgroupMode;
  root: string;
  /** v1 (and hybrid): controller name -> its hierarchy's mount point. */
  v1: Record<string, string>;
  /** Controllers the unified hierarchy offers (v2, or hybrid's /unified). */
  unifiedControllers: string[];
}

const V1_CONTROLLERS = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'hugetlb', 'net_cls', 'net_prio', 'perf_event'];

function readWords(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').trim().split(/\s+/).filter((w) => w !== '');
  } catch {
    return [];
  }
}

export function detectCgroupLayout(root = CGROUP_ROOT): CgroupLayout {
  if (existsSync(join(root, 'cgroup.controllers'))) {
    return { mode: 'v2', root, v1: {}, unifiedControllers: readWords(join(root, 'cgroup.controllers')) };
  }
  const v1: Record<string, string> = {};
  for (const c of V1_CONTROLLERS) {
    // A controller may be co-mounted (cpu,cpuacct); the per-name symlink or directory works either way.
    const dir = join(root, c);
    if (existsSync(join(dir, 'cgroup.procs'))) v1[c] = dir;
  }
  const unified = join(root, 'unified');
  if (existsSync(join(unified, 'cgroup.controllers'))) {
    return { mode: 'hybrid', root, v1, unifiedControllers: readWords(join(unified, 'cgroup.controllers')) };
  }
  return { mode: 'v1', root, v1, unifiedControllers: [] };
}

/** Why crun cannot run here, or undefined when it can. */
export function crunRefusal(layout: CgroupLayout): string | undefined {
  if (layout.mode !== 'hybrid' || layout.unifiedControllers.length === 0) return undefined;
  return (
    `crun does not support cgroups in hybrid mode: this host mounts cgroup v1 controllers and a cgroup2 hierarchy at ` +
    `${join(layout.root, 'unified')} with controllers (${layout.unifiedControllers.join(' ')}); crun refuses such hosts`
  );
}
