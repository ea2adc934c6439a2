/**
 * `kill`, `pause` and `unpause`, as docker compose 2.26.1: they act on the
 * running containers of the selected services all at once (kill includes
 * one-off containers and, with --remove-orphans, those of services the
 * compose file no longer declares); pause freezes the container's cgroup,
 * unpause thaws it.
 */
import type { GlobalOptions, HostContext } from './load-project.js';
import type { Session } from './run-context.js';
import { allOf } from '../host/lazy.js';
import { prepare, projectServices, step } from './service-ops.js';
import { selectContainers } from './service-targets.js';
import { markStopped } from './user-stopped.js';

export interface KillRequest {
  services: string[];
  signal: string;
  removeOrphans: boolean;
}

export async function runKill(global: GlobalOptions, host: HostContext, req: KillRequest, s: Session): Promise<{ none: boolean }> {
  const p = await prepare(global, host, s, req.services);
  let found = await selectContainers(p.engine, p.record, { services: req.services, oneOff: 'include', stopped: false });
  if (!req.removeOrphans && p.target.declared !== undefined) {
    const declared = p.target.declared;
    found = found.filter((t) => declared.includes(t.record.service));
  }
  if (found.length === 0) return { none: true };
  if (!s.dryRun) await markStopped(s.drivers.projects, s.drivers.roots.run, p.target.name, found.map((t) => t.record.name), true);
  await allOf(found.map((t) => step(s, t, { working: 'Killing', done: 'Killed', failed: 'Error while Killing' }, () => p.ops.kill(t, req.signal))));
  return { none: false };
}

export async function runPause(global: GlobalOptions, host: HostContext, services: string[], s: Session, pause: boolean): Promise<void> {
  const p = await prepare(global, host, s, services);
  const declared = projectServices(p);
  const found = (await selectContainers(p.engine, p.record, { services, oneOff: 'exclude', stopped: false }))
    .filter((t) => services.length > 0 || declared.includes(t.record.service))
    // docker refuses to pause a paused container or unpause a running one; there is nothing to do for either.
    .filter((t) => t.inspect.state.paused !== pause);
  await allOf(found.map((t) => step(s, t, { working: '', done: pause ? 'Paused' : 'Unpaused' }, () => (pause ? p.engine.pause(t.inspect.id) : p.engine.resume(t.inspect.id)))));
}
