/**
 * Build containers a killed build left (its pid, in the container's label,
 * is gone) are removed before the next build runs one: the engine keeps
 * them otherwise, with their mounts.
 */
import type { ContainerEngine } from '../../engine/index.js';
import { BUILD_CONTAINER_PREFIX, BUILD_PID_LABEL } from './run-step.js';

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function removeStaleContainers(engine: ContainerEngine): Promise<void> {
  for (const c of await engine.list()) {
    if (!c.name.startsWith(BUILD_CONTAINER_PREFIX)) continue;
    const pid = Number(c.labels[BUILD_PID_LABEL]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
    await engine.remove(c.id, { force: true }).catch(() => undefined);
  }
}
