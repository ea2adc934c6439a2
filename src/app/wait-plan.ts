/**
 * `up --wait`: one wait per service after the run, as docker compose's
 * start --wait: running or healthy, or exited 0 for a service another one
 * waits for with service_completed_successfully.
 */
import type { DesiredState, Plan } from '../plan/types.js';
import type { ContainerRecord } from '../state/records.js';

export function waitPlan(desired: DesiredState, containers: readonly ContainerRecord[]): Plan {
  const completedOnes = new Set(desired.services.flatMap((s) => s.dependsOn.filter((d) => d.condition === 'service_completed_successfully').map((d) => d.service)));
  const nodes = desired.services
    .filter((s) => s.replicas > 0)
    .map((s, i) => ({
      id: i + 1,
      after: [],
      op: {
        kind: 'container.wait' as const,
        service: s.name,
        containers: containers.filter((c) => c.service === s.name && !c.oneOff).map((c) => c.name).sort(),
        condition: completedOnes.has(s.name) ? ('completed' as const) : ('running_or_healthy' as const),
        required: true,
        dependant: desired.project,
      },
    }));
  return { project: desired.project, nodes, warnings: [] };
}

/** Go's time.Duration String for whole seconds: 30s, 1m30s, 2h0m0s. */
export function goSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
