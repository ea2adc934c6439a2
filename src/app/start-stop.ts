/**
 * `start`, `stop` and `restart`, as docker compose 2.26.1 runs them:
 * start visits services in dependency order (the named ones with their
 * dependencies), waits for the service_healthy and
 * service_completed_successfully dependencies of a service it has to
 * start (start-waits.ts), and starts each container that is not running; stop visits
 * them in reverse order (dependents first) with each container's stop
 * signal and grace period unless `-t`; restart restarts the named services
 * and those depending on them with `restart: true` (only the named ones
 * with --no-deps), in dependency order.
 */
import { TscomposeError } from '../errors.js';
import { isMapping } from '../compose/tree.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import type { Session } from './run-context.js';
import { allOf } from '../host/lazy.js';
import { prepare, projectServices, step, type Prepared } from './service-ops.js';
import { startWaves, stopWaves, withRestartDependents } from './service-order.js';
import { selectContainers } from './service-targets.js';
import { waitForDependencies } from './start-waits.js';
import { keepSupervised } from './supervisor.js';
import { markStopped } from './user-stopped.js';

export interface StopRequest {
  services: string[];
  timeoutSeconds?: number;
}

export interface RestartRequest extends StopRequest {
  noDeps: boolean;
}

/** The named services and what they depend on, transitively (compose-go's WithSelectedServices). */
function withDependencies(p: Prepared, named: readonly string[]): string[] {
  const out = new Set(named);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of [...out]) {
      for (const d of p.graph.get(s) ?? []) {
        if (!out.has(d.service) && p.graph.has(d.service)) {
          out.add(d.service);
          grew = true;
        }
      }
    }
  }
  return [...out];
}

function replicas(p: Prepared, service: string): number {
  const svc = (p.target.project?.model.services as Record<string, unknown> | undefined)?.[service];
  if (!isMapping(svc)) return 1;
  const deploy = isMapping(svc.deploy) ? svc.deploy : {};
  if (typeof deploy.replicas === 'number') return deploy.replicas;
  return typeof svc.scale === 'number' ? svc.scale : 1;
}

export async function runStart(global: GlobalOptions, host: HostContext, services: string[], s: Session): Promise<void> {
  const p = await prepare(global, host, s, services);
  const selected = services.length === 0 ? projectServices(p) : withDependencies(p, services);
  const all = await selectContainers(p.engine, p.record, { oneOff: 'exclude', stopped: true });
  if (!s.dryRun) await markStopped(s.drivers.projects, s.drivers.roots.run, p.target.name, all.filter((t) => selected.includes(t.record.service)).map((t) => t.record.name), false);
  for (const wave of startWaves(p.graph, selected)) {
    for (const service of wave) {
      const mine = all.filter((t) => t.record.service === service);
      if (mine.length === 0) {
        if (p.target.project === undefined || replicas(p, service) === 0) continue;
        throw new TscomposeError('E_NO_CONTAINER', `service "${service}" has no container to start`);
      }
      const stopped = mine.filter((t) => !t.inspect.state.running);
      // docker compose's start waits for service_healthy / service_completed_successfully first; a running service needs no wait.
      if (stopped.length > 0) await waitForDependencies(s, p.target.name, service, p.graph.get(service) ?? [], all);
      for (const t of stopped) await step(s, t, { working: 'Starting', done: 'Started' }, () => p.ops.start(t));
    }
  }
  if (!s.dryRun && s.supervisor !== undefined && all.length > 0) await keepSupervised(s.drivers.roots.run, p.target.name, s.supervisor, s.warn);
}

export async function runStop(global: GlobalOptions, host: HostContext, req: StopRequest, s: Session): Promise<void> {
  const p = await prepare(global, host, s, req.services);
  const selected = req.services.length === 0 ? projectServices(p) : req.services;
  const all = (await selectContainers(p.engine, p.record, { oneOff: 'exclude', stopped: true })).filter((t) => selected.includes(t.record.service));
  if (!s.dryRun) await markStopped(s.drivers.projects, s.drivers.roots.run, p.target.name, all.map((t) => t.record.name), true);
  for (const wave of stopWaves(p.graph, selected)) {
    await allOf(all.filter((t) => wave.includes(t.record.service)).map((t) => step(s, t, { working: 'Stopping', done: 'Stopped', failed: 'Error while Stopping' }, () => p.ops.stop(t, req.timeoutSeconds))));
  }
}

export async function runRestart(global: GlobalOptions, host: HostContext, req: RestartRequest, s: Session): Promise<void> {
  const p = await prepare(global, host, s, req.services);
  const selected = req.services.length === 0 ? projectServices(p) : req.noDeps ? req.services : withRestartDependents(p.graph, req.services);
  const all = (await selectContainers(p.engine, p.record, { oneOff: 'exclude', stopped: true })).filter((t) => selected.includes(t.record.service));
  if (!s.dryRun) await markStopped(s.drivers.projects, s.drivers.roots.run, p.target.name, all.map((t) => t.record.name), false);
  for (const wave of startWaves(p.graph, selected)) {
    await allOf(all.filter((t) => wave.includes(t.record.service)).map((t) => step(s, t, { working: 'Restarting', done: 'Started' }, async () => {
      // docker's restart is a stop then a start; the port's start also reattaches what the engine does not know.
      if (t.inspect.state.running || t.inspect.state.paused) await p.ops.stop(t, req.timeoutSeconds);
      await p.ops.start(t);
    })));
  }
  if (!s.dryRun && s.supervisor !== undefined && all.length > 0) await keepSupervised(s.drivers.roots.run, p.target.name, s.supervisor, s.warn);
}
