/**
 * What every service command does first (docker compose's projectOrName,
 * then getContainers): find the project and its records, refuse service
 * names it does not know, open the engine, and know who depends on whom.
 * Each container operation reports docker compose's progress events
 * (`Container p-web-1  Stopping`, then `Stopped`) and, in a dry run, only
 * reports them.
 */
import type { ContainerEngine } from '../engine/index.js';
import { containerOps, type ContainerOps } from './container-ops.js';
import { containerId, event } from '../exec/events.js';
import type { ProjectRecord } from '../state/records.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import type { Session } from './run-context.js';
import { dependencyGraph, type DependencyGraph } from './service-order.js';
import { checkServices, loadTarget, type ServiceTarget, type Target } from './service-targets.js';

export interface Prepared {
  target: ServiceTarget;
  record: ProjectRecord | undefined;
  engine: ContainerEngine;
  graph: DependencyGraph;
  ops: ContainerOps;
}

export async function prepare(global: GlobalOptions, host: HostContext, s: Session, services: readonly string[]): Promise<Prepared> {
  const target = loadTarget(global, host, s.warn);
  const record = s.drivers.projects.read(target.name);
  checkServices(target, record, services);
  const engine = await s.drivers.engine();
  return { target, record, engine, graph: dependencyGraph(target.project, record), ops: containerOps(s.drivers.ports.containers, engine) };
}

/** The declared services (or, without a compose file, the recorded ones). */
export function projectServices(p: Prepared): string[] {
  const enabled = p.target.project === undefined ? undefined : Object.keys((p.target.project.model.services ?? {}) as Record<string, unknown>);
  return enabled ?? [...new Set((p.record?.containers ?? []).filter((c) => !c.oneOff).map((c) => c.service))].sort();
}

export interface Step {
  working: string;
  done: string;
  /** docker compose's text for a failed step ("Error while Stopping"); without it the event says nothing. */
  failed?: string;
}

/** One container operation with its events; dry runs only report. */
export async function step(s: Session, t: Target, st: Step, act: () => Promise<void>): Promise<void> {
  const id = containerId(t.record.name);
  if (st.working !== '') s.onEvent(event(id, 'working', st.working));
  if (!s.dryRun) {
    try {
      await act();
    } catch (e) {
      if (st.failed !== undefined) s.onEvent(event(id, 'error', st.failed));
      throw e;
    }
  }
  s.onEvent(event(id, 'done', st.done));
}

