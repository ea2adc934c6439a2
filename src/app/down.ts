/**
 * `down`: the project from the compose file when there is one (else from
 * -p and its records alone, as docker compose's projectOrName), its lock,
 * then the down plan run best-effort: every removal is tried, "already
 * gone" is success, every error is reported. A project with nothing left
 * loses its record; a second down finds nothing (the plan says `empty` and
 * the CLI prints docker compose's "No resource found to remove").
 */
import { FileNotFoundError, TscomposeError } from '../errors.js';
import { planDown, type DownOptions } from '../plan/index.js';
import type { DesiredState, Plan } from '../plan/types.js';
import { acquireProjectLock } from '../state/lock.js';
import { loadLifecycleProject } from './lifecycle-project.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import { observe } from './observe.js';
import { execContext, portsFor, recorderFor, run, type Session } from './run-context.js';
import { recoverLeftovers } from './recover.js';
import { endSupervisor, quietSupervisor } from './supervisor.js';
import { lockOptions } from './up.js';
import type { LoadedProject } from '../compose/types.js';
import type { ProjectRecord } from '../state/records.js';
import type { ProjectRecorder } from '../state/project-store.js';

export interface DownRequest extends DownOptions {}

export interface DownResult {
  plan: Plan;
  project: string;
}

export async function runDown(global: GlobalOptions, host: HostContext, req: DownRequest, s: Session): Promise<DownResult> {
  const loaded = loadOrName(global, host, s);
  const name = loaded.project?.name ?? loaded.name;
  const lock = s.dryRun ? undefined : await acquireProjectLock(s.drivers.roots.run, name, lockOptions(s, 'down'));
  try {
    if (loaded.project !== undefined) checkServices(loaded.project, req.services);
    const record = s.drivers.projects.read(name);
    // Quieting takes a round trip to the supervisor: when the plan will surely remove every container, it runs while the leftovers are looked for.
    const early = !s.dryRun && s.supervisor !== undefined && removesAll(record, loaded, req) ? quietSupervisor(s.drivers.roots.run, name, s.warn) : undefined;
    if (!s.dryRun) await recoverLeftovers(s, name, false);
    // Only --rmi needs the images: without it the image store is not even opened.
    const images = req.rmi === undefined ? [] : (loaded.desired?.services.map((x) => x.image) ?? record?.containers.map((c) => c.image) ?? []);
    const { observed } = await observe(record, s.drivers.ports, { images, networks: [], recordedContainers: true });
    const plan = planDown(name, loaded.desired, observed, req);
    const project = loaded.project ?? emptyProject(name);
    const desired = loaded.desired ?? { project: name, services: [], otherServices: [], networks: [], volumes: [] };
    const recorder = recorderFor(s, name);
    // Removing every container: the supervisor goes first, so it neither restarts what
    // is being stopped nor has each stop tell it to reload. A down that fails half-way
    // leaves containers the next command supervises again.
    const removed = new Set(plan.nodes.flatMap((n) => (n.op.kind === 'container.remove' ? [n.op.name] : [])));
    const all = record !== undefined && record.containers.length > 0 && record.containers.every((c) => removed.has(c.name));
    // Quiet first, gone later: its process exits while the containers stop.
    const supervisor = await (early ?? (!s.dryRun && all && s.supervisor !== undefined ? quietSupervisor(s.drivers.roots.run, name, s.warn) : undefined));
    try {
      if (all && recorder !== undefined) await markAllStopping(recorder, plan);
      await run(plan, execContext(project, desired, s), portsFor(s, recorder), s, 'best-effort').finally(() => recorder?.finish());
    } finally {
      await supervisor?.gone;
    }
    const left = s.drivers.projects.read(name)?.containers.length ?? 0;
    if (!s.dryRun && left === 0 && s.supervisor !== undefined) await endSupervisor(s.drivers.roots.run, name, s.warn);
    // Networks the record never heard of (made just before a crash) go too, once no container is left.
    if (!s.dryRun && left === 0) await recoverLeftovers(s, name, true);
    return { plan, project: name };
  } finally {
    lock?.release();
  }
}

/**
 * Every container is about to be stopped: the marks each stop writes before
 * its signal (handlers/stop.ts) become one write of the record, not one on
 * the way of each stop in the dependency chain. A down cut short leaves
 * the marks on containers still running; `up` clears them as it keeps or
 * starts those (handlers/lifecycle.ts).
 */
async function markAllStopping(recorder: ProjectRecorder, plan: Plan): Promise<void> {
  const stopping = new Set(plan.nodes.flatMap((n) => (n.op.kind === 'container.stop' ? [n.op.name] : [])));
  const marks = recorder.current.containers.filter((c) => stopping.has(c.name) && !c.stoppedByUser).map((c) => recorder.putContainerSoon({ ...c, stoppedByUser: true }));
  await Promise.all(marks);
}

export interface Loaded {
  name: string;
  project?: LoadedProject;
  desired?: DesiredState;
}

function loadOrName(global: GlobalOptions, host: HostContext, s: Session): Loaded {
  try {
    const { project, desired } = loadLifecycleProject(global, host, s.warn, { services: [] });
    return { name: project.name, project, desired };
  } catch (e) {
    // Without a compose file, -p names the project and its records say the rest.
    const noFile = e instanceof FileNotFoundError || (e instanceof TscomposeError && e.code === 'E_NO_CONFIG');
    if (global.projectName !== undefined && noFile) return { name: global.projectName };
    throw e;
  }
}

/**
 * Whether a down of `req` removes every container of the record whatever
 * it observes: no service named, and each container is one planDown keeps
 * (not a one-off, not an orphan of the model) unless --remove-orphans
 * takes those too. Were one left after all (its removal failed), the
 * supervisor is started again by the next command, as after any down
 * that fails half-way.
 */
export function removesAll(record: ProjectRecord | undefined, loaded: Loaded, req: Pick<DownRequest, 'services' | 'removeOrphans'>): boolean {
  if (record === undefined || record.containers.length === 0 || req.services.length > 0) return false;
  if (req.removeOrphans) return true;
  const known = loaded.desired === undefined ? undefined : new Set([...loaded.desired.services.map((x) => x.name), ...loaded.desired.otherServices]);
  return record.containers.every((c) => !c.oneOff && (known === undefined || known.has(c.service)));
}

function checkServices(project: LoadedProject, services: readonly string[]): void {
  const known = project.model.services as Record<string, unknown> | undefined;
  const unknown = services.find((s) => known === undefined || !(s in known));
  if (unknown !== undefined) throw new TscomposeError('E_NO_SUCH_SERVICE', `no such service: ${unknown}`);
}

function emptyProject(name: string): LoadedProject {
  return { name, workingDir: '', configFiles: [], environment: {}, model: { name, services: {} }, profiles: [], disabledServices: {}, warnings: [] };
}
