/**
 * Stopping a project's running containers as docker compose's Stop does
 * when an attached `up` ends (Ctrl-C, --abort-on-container-exit): dependents
 * before their dependencies, each with its recorded stop signal and grace
 * period (or `-t`), reporting `Container x  Stopping` then `Stopped`; and
 * Kill for the second Ctrl-C. The records say who depends on whom.
 */
import type { ContainerEngine } from '../engine/index.js';
import { containerId, event, type EventSink } from '../exec/events.js';
import { ProjectRecorder } from '../state/project-store.js';
import type { ContainerRecord } from '../state/records.js';
import { request } from '../supervisor/client.js';
import { supervisorPaths } from '../supervisor/protocol.js';
import type { ReadDrivers } from './project-containers.js';

export interface StopRequest {
  project: string;
  /** Only these services (empty: all). */
  services: readonly string[];
  timeoutSeconds?: number;
  onEvent: EventSink;
}

function selected(d: ReadDrivers, req: StopRequest): ContainerRecord[] {
  return (d.projects.read(req.project)?.containers ?? []).filter((c) => !c.oneOff && (req.services.length === 0 || req.services.includes(c.service)));
}

/** Services in the order to stop them: a service only after every service depending on it. */
export function stopOrder(records: readonly ContainerRecord[]): string[][] {
  const services = [...new Set(records.map((r) => r.service))];
  const dependents = new Map<string, Set<string>>(services.map((s) => [s, new Set<string>()]));
  for (const r of records) for (const dep of r.dependsOn) dependents.get(dep.service)?.add(r.service);
  const done = new Set<string>();
  const waves: string[][] = [];
  while (done.size < services.length) {
    const wave = services.filter((s) => !done.has(s) && [...(dependents.get(s) ?? [])].every((x) => done.has(x) || x === s));
    // A cycle cannot be planned by up; stop what is left together rather than hang.
    const next = wave.length > 0 ? wave : services.filter((s) => !done.has(s));
    for (const s of next) done.add(s);
    waves.push(next.sort());
  }
  return waves;
}

async function isRunning(engine: ContainerEngine, id: string): Promise<boolean> {
  return engine.inspect(id).then((i) => i.state.running || i.state.paused, () => false);
}

/**
 * Marks the containers stopped by the user (restart policies other than
 * `always` leave them down, as dockerd does after `docker stop`) and tells
 * the supervisor, so it does not start them again behind our back.
 */
async function markStopped(d: ReadDrivers, project: string, records: readonly ContainerRecord[]): Promise<void> {
  const recorder = new ProjectRecorder(d.projects, project);
  for (const r of records) {
    const current = recorder.container(r.name);
    if (current !== undefined && !current.stoppedByUser) recorder.putContainer({ ...current, stoppedByUser: true });
  }
  await request(supervisorPaths(d.roots.run, project).socket, 'reload', undefined, 2000).catch(() => undefined);
}

export async function stopProjectContainers(d: ReadDrivers, req: StopRequest): Promise<void> {
  const engine = await d.engine();
  const records = selected(d, req);
  await markStopped(d, req.project, records);
  for (const wave of stopOrder(records)) {
    await Promise.all(records.filter((r) => wave.includes(r.service)).map(async (r) => {
      if (!(await isRunning(engine, r.id))) return;
      req.onEvent(event(containerId(r.name), 'working', 'Stopping'));
      await engine.stop(r.id, { signal: r.stop.signal, timeout: req.timeoutSeconds ?? r.stop.timeoutSeconds }).catch(() => undefined);
      req.onEvent(event(containerId(r.name), 'done', 'Stopped'));
    }));
  }
}

export async function killProjectContainers(d: ReadDrivers, req: StopRequest): Promise<void> {
  const engine = await d.engine();
  await Promise.all(selected(d, req).map(async (r) => {
    if (!(await isRunning(engine, r.id))) return;
    req.onEvent(event(containerId(r.name), 'working', 'Killing'));
    await engine.kill(r.id, 'SIGKILL').catch(() => undefined);
    req.onEvent(event(containerId(r.name), 'done', 'Killed'));
  }));
}
