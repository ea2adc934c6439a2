/**
 * `run`, as docker compose's RunOneOffContainer: the service's dependencies
 * are created and started as `up` would (unless --no-deps), the networks,
 * volumes and image the service needs made, the dependencies' conditions
 * waited for, and one one-off container created from the service with the
 * run's options (run-options.ts), named `<project>-<service>-run-<12 hex>`
 * and recorded as a one-off (ps hides it without -a, `down
 * --remove-orphans` removes it). All that under the project lock; starting
 * and attaching (the terminal is the CLI's) happen after it is released, so
 * a long session does not block the project. `--rm` removes the container,
 * its network sandbox, its anonymous volumes and its record afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { AttachHandle, ContainerEngine } from '../engine/index.js';
import { TscomposeError } from '../errors.js';
import { defaultUpOptions } from '../plan/index.js';
import type { Plan } from '../plan/types.js';
import { acquireProjectLock } from '../state/lock.js';
import { ProjectRecorder } from '../state/project-store.js';
import type { ContainerRecord } from '../state/records.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import { loadLifecycleProject } from './lifecycle-project.js';
import { applyRunOptions, type RunOptions } from './run-options.js';
import type { Session } from './run-context.js';
import { keepSupervised } from './supervisor.js';
import { converge, lockOptions } from './up.js';

export interface RunRequest extends RunOptions {
  service: string;
  noDeps: boolean;
  useAliases: boolean;
  removeOrphans: boolean;
  /** --pull: over every pull_policy, as up's. */
  pull?: string;
  compatibility: boolean;
}

export interface PreparedRun {
  plan: Plan;
  /** Absent in a dry run. */
  container?: ContainerRecord;
  project: string;
}

/** The name docker compose gives a one-off: `<project>-<service>-run-<first 12 hex of the slug>`. */
export function oneOffName(project: string, service: string, slug: string): string {
  return `${project}-${service}-run-${slug.slice(0, 12)}`;
}

export async function prepareRun(global: GlobalOptions, host: HostContext, req: RunRequest, s: Session): Promise<PreparedRun> {
  const { project, desired } = loadLifecycleProject(global, host, s.warn, {
    services: [req.service], noDeps: req.noDeps, compatibility: req.compatibility, ...(req.pull === undefined ? {} : { pull: req.pull }),
  });
  const config = (project.model.services as Record<string, Record<string, unknown>>)[req.service];
  if (config === undefined) throw new TscomposeError('E_NO_SUCH_SERVICE', `no such service: ${req.service}`);
  const runConfig = applyRunOptions(config, req, project.environment, project.workingDir);
  const slug = randomBytes(32).toString('hex');
  const name = req.name !== '' ? req.name : oneOffName(project.name, req.service, slug);
  const lock = s.dryRun ? undefined : await acquireProjectLock(s.drivers.roots.run, project.name, lockOptions(s, 'run'));
  try {
    const opts = {
      ...defaultUpOptions, services: [req.service], removeOrphans: req.removeOrphans, ignoreOrphans: truthy(project.environment.COMPOSE_IGNORE_ORPHANS),
      oneOff: { service: req.service, name, slug, useAliases: req.useAliases },
    };
    const done = await converge(project, desired, opts, s, { [req.service]: runConfig });
    if (done.dryRun) return { plan: done.plan, project: project.name };
    const container = done.ports.records?.container(name);
    if (container === undefined) throw new TscomposeError('E_RUN_NOT_CREATED', `the one-off container ${name} was not created`);
    if (s.supervisor !== undefined && done.plan.nodes.some((n) => n.op.kind === 'container.start')) await keepSupervised(s.drivers.roots.run, project.name, s.supervisor, s.warn);
    return { plan: done.plan, container, project: project.name };
  } finally {
    lock?.release();
  }
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'y', 'on'].includes(v.toLowerCase());
}

/** A created one-off: attach before start so nothing it prints is missed, then start it. */
export interface OneOffSession {
  engine: ContainerEngine;
  attach?: AttachHandle;
  start(): Promise<void>;
  /** The container's status once it has exited. */
  exit(): Promise<number>;
  signal(name: string): Promise<void>;
}

export async function openOneOff(s: Session, c: ContainerRecord, attached: boolean): Promise<OneOffSession> {
  const engine = await s.drivers.engine();
  const attach = attached ? await engine.attach(c.id) : undefined;
  return {
    engine,
    ...(attach === undefined ? {} : { attach }),
    start: () => s.drivers.ports.containers.start(c.name),
    async exit() {
      const fromStream = attach === undefined ? undefined : await attach.exit;
      return fromStream?.exitCode ?? (await engine.wait(c.id)).exitCode;
    },
    signal: (name) => engine.kill(c.id, name),
  };
}

/** `--rm`: the container (and its sandbox), then its anonymous volumes, then its record, under the project lock. */
export async function removeOneOff(s: Session, project: string, c: ContainerRecord): Promise<void> {
  const lock = await acquireProjectLock(s.drivers.roots.run, project, lockOptions(s, 'run'));
  try {
    await s.drivers.ports.containers.remove(c.name);
    for (const a of c.anonymousVolumes) await s.drivers.ports.volumes.remove(a.name);
    const recorder = new ProjectRecorder(s.drivers.projects, project);
    recorder.dropContainer(c.name);
    recorder.finish();
  } finally {
    lock.release();
  }
}
