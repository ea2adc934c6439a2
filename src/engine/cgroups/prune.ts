/**
 * Removes a container's cgroup and then its parents (`/tscompose`) from
 * every hierarchy once they are empty, so that a host without containers
 * carries no cgroup of ours. rmdir of a cgroup with children or tasks fails
 * (EBUSY), which makes this safe next to a concurrent create: that runtime
 * simply makes the parent again.
 */
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupLayout } from './mode.js';

function hierarchies(layout: CgroupLayout): string[] {
  if (layout.mode === 'v2') return [layout.root];
  let names: string[];
  try {
    names = readdirSync(layout.root);
  } catch {
    return [];
  }
  return names.map((n) => join(layout.root, n)).filter((d) => existsSync(join(d, 'cgroup.procs')));
}

export function pruneCgroup(layout: CgroupLayout, cgroupsPath: string): void {
  const parts = cgroupsPath.split('/').filter((p) => p !== '');
  for (const h of hierarchies(layout)) {
    for (let n = parts.length; n > 0; n--) {
      const dir = join(h, ...parts.slice(0, n));
      if (!existsSync(dir)) continue;
      try {
        rmdirSync(dir);
      } catch {
        break;
      }
    }
  }
}
