/** Removing a container, as docker compose does everywhere: stop, then remove. */
import type { PlanBuilder } from './builder.js';
import type { ObservedContainer } from './types.js';

/** The two operations docker compose reports for every removal; anonymous volumes stay unless `down -v`. */
export function removeContainer(b: PlanBuilder, c: ObservedContainer, cause: string, timeoutSeconds: number | undefined, after: number[]): number {
  const stop = timeoutSeconds === undefined ? c.stop : { ...c.stop, timeoutSeconds };
  const stopped = b.add({ kind: 'container.stop', name: c.name, service: c.service, cause, stop }, after);
  return b.add({ kind: 'container.remove', name: c.name, service: c.service, cause, anonymousVolumes: false }, [stopped]);
}
