/**
 * `up` (and `create`, which is `up --no-start`): load the project, take its
 * lock, observe, plan, then run the plan. Images are pulled first when the
 * plan has pulls, and the project is planned again with the pulled images,
 * so a tag that now names another image recreates its containers, as docker
 * compose decides after pulling. `--wait` waits for every service to run
 * (or be healthy) afterwards. A dry run prints the plan and reports the
 * events of a run without changing anything.
 */
import { TscomposeError } from '../errors.js';
import { Cancellation } from '../exec/cancel.js';
import { defaultUpOptions, desiredState, planUp, type UpOptions } from '../plan/index.js';
import type { Mapping } from '../compose/tree.js';
import type { LoadedProject } from '../compose/types.js';
import type { DesiredState, ObservedState, Plan } from '../plan/types.js';
import { acquireProjectLock } from '../state/lock.js';
import { assertWired } from '../exec/unwired.js';
import { preflightBinds } from './bind-preflight.js';
import { preflightPorts } from './port-preflight.js';
import { recoverLeftovers } from './recover.js';
import { preflightServices } from './service-preflight.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import { loadLifecycleProject } from './lifecycle-project.js';
import { observe } from './observe.js';
import { execContext, portsFor, recorderFor, run, type Session } from './run-context.js';
import { keepSupervised } from './supervisor.js';
import { goSeconds, waitPlan } from './wait-plan.js';

export interface UpRequest {
  services: string[];
  noDeps: boolean;
  scale: Record<string, number>;
  pull?: string;
  forceRecreate: boolean;
  noRecreate: boolean;
  alwaysRecreateDeps: boolean;
  renewAnonVolumes: boolean;
  removeOrphans: boolean;
  noStart: boolean;
  timeoutSeconds?: number;
  wait: boolean;
  waitTimeoutSeconds: number;
  compatibility: boolean;
}

export interface UpResult {
  plan: Plan;
  /** Drivers the observation could not ask (dry runs only get this far without them). */
  blind: string[];
}

export function checkUpFlags(req: UpRequest): void {
  if (req.forceRecreate && req.noRecreate) throw new TscomposeError('E_USAGE', '--force-recreate and --no-recreate are incompatible');
  if (req.alwaysRecreateDeps && req.noRecreate) throw new TscomposeError('E_USAGE', '--always-recreate-deps and --no-recreate are incompatible');
}

export async function runUp(global: GlobalOptions, host: HostContext, req: UpRequest, s: Session): Promise<UpResult> {
  checkUpFlags(req);
  const { project, desired } = loadLifecycleProject(global, host, s.warn, { services: req.services, noDeps: req.noDeps, scale: req.scale, compatibility: req.compatibility, ...optional(req) });
  if (desired.services.length === 0) throw new TscomposeError('E_NO_SERVICE', 'no service selected');
  const lock = s.dryRun ? undefined : await acquireProjectLock(s.drivers.roots.run, project.name, lockOptions(s, 'up'));
  try {
    const done = await converge(project, desired, upOptions(req, project.environment), s);
    if (done.dryRun) return { plan: done.plan, blind: done.blind };
    // Not waiting for a supervisor that is starting: it reads the records once it listens, and --wait polls it.
    if (!req.noStart && s.supervisor !== undefined) await keepSupervised(s.drivers.roots.run, project.name, s.supervisor, s.warn, false);
    if (req.wait && !req.noStart) await waitForProject(desired, done.ctx, done.ports, s, req.waitTimeoutSeconds);
    return { plan: done.plan, blind: [] };
  } finally {
    lock?.release();
  }
}

export interface Converged {
  plan: Plan;
  blind: string[];
  dryRun: boolean;
  ctx: ReturnType<typeof execContext>;
  ports: ReturnType<typeof portsFor>;
}

/**
 * Observe, plan and run, under the caller's lock: what `up` and `run` share.
 * `services` replaces service configs the plan translates (run's one-off).
 */
export async function converge(
  project: LoadedProject, desired: DesiredState, opts: UpOptions, s: Session, services: Readonly<Record<string, Mapping>> = {},
): Promise<Converged> {
  if (!s.dryRun) await recoverLeftovers(s, project.name, false);
  const first = await observeFor(s, project.name, desired);
  let plan = planUp(desired, first.observed, opts);
  for (const w of plan.warnings) s.warn(w);
  const base = execContext(project, desired, s);
  const ctx = { ...base, services: { ...base.services, ...services } };
  const recorder = recorderFor(s, project.name, { workingDir: project.workingDir, configFiles: project.configFiles });
  const ports = portsFor(s, recorder);
  if (s.dryRun) {
    await run(plan, ctx, ports, s, 'fail-fast');
    return { plan, blind: first.blind, dryRun: true, ctx, ports };
  }
  // A driver that is missing fails the run before anything is made, not half way through it.
  for (const port of [s.drivers.ports.images, s.drivers.ports.containers, s.drivers.ports.networks]) assertWired(port);
  preflightBinds(desired, ctx.services);
  preflightServices(desired, ctx.services, s.warn);
  if (!opts.noStart) await preflightPorts(s.drivers, project.name, preflightDesired(desired, opts), ctx.services);
  const pulls = plan.nodes.filter((n) => n.op.kind === 'image.pull');
  if (pulls.length > 0) {
    await run({ ...plan, nodes: pulls.map((n) => ({ ...n, after: [] })) }, ctx, ports, s, 'fail-fast');
    const pulled = new Set(pulls.flatMap((n) => (n.op.kind === 'image.pull' ? [n.op.ref] : [])));
    plan = planUp(desired, (await observeFor(s, project.name, desired)).observed, { ...opts, pulled });
  }
  await run(plan, ctx, ports, s, 'fail-fast');
  return { plan, blind: [], dryRun: false, ctx, ports };
}

/** The ports to check first: a one-off publishes under its own name, not as the service's replicas. */
function preflightDesired(desired: DesiredState, opts: UpOptions): DesiredState {
  const one = opts.oneOff;
  if (one === undefined) return desired;
  return { ...desired, services: desired.services.map((x) => (x.name === one.service ? { ...x, replicas: 1, containerName: one.name } : x)) };
}

function optional(req: UpRequest): { pull?: string; timeoutSeconds?: number } {
  return { ...(req.pull === undefined ? {} : { pull: req.pull }), ...(req.timeoutSeconds === undefined ? {} : { timeoutSeconds: req.timeoutSeconds }) };
}

export function lockOptions(s: Session, verb: string): Parameters<typeof acquireProjectLock>[2] {
  return {
    command: `tscompose ${verb}`,
    ...(s.onLockWait === undefined ? {} : { onWait: s.onLockWait }),
    ...(s.lockTimeoutMs === undefined ? {} : { timeoutMs: s.lockTimeoutMs }),
  };
}

async function observeFor(s: Session, project: string, desired: DesiredState): Promise<{ observed: ObservedState; blind: string[] }> {
  const record = s.drivers.projects.read(project);
  return observe(record, s.drivers.ports, { images: desired.services.map((x) => x.image), networks: desired.networks.map((n) => n.name) });
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && ['1', 'true', 'yes', 'y', 'on'].includes(v.toLowerCase());
}

function upOptions(req: UpRequest, env: Readonly<Record<string, string>>): UpOptions {
  const strategy = req.forceRecreate ? 'force' : req.noRecreate ? 'never' : 'diverged';
  const depStrategy = req.alwaysRecreateDeps ? 'force' : req.noRecreate ? 'never' : 'diverged';
  const ignoreOrphans = truthy(env.COMPOSE_IGNORE_ORPHANS);
  if (ignoreOrphans && req.removeOrphans) throw new TscomposeError('E_USAGE', 'cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans');
  return {
    ...defaultUpOptions,
    services: req.services,
    recreate: strategy,
    recreateDependencies: depStrategy,
    inherit: !req.renewAnonVolumes,
    removeOrphans: req.removeOrphans,
    ignoreOrphans,
    noStart: req.noStart,
    ...(req.timeoutSeconds === undefined ? {} : { timeoutSeconds: req.timeoutSeconds }),
  };
}

async function waitForProject(
  desired: DesiredState, ctx: ReturnType<typeof execContext>, ports: ReturnType<typeof portsFor>, s: Session, timeoutSeconds: number,
): Promise<void> {
  const plan = waitPlan(desired, ports.records?.current.containers ?? []);
  const cancel = new Cancellation();
  const forward = (): void => void cancel.request();
  s.cancel?.graceful.addEventListener('abort', forward, { once: true });
  let timedOut = false;
  const timer = timeoutSeconds > 0 ? setTimeout(() => {
    timedOut = true;
    cancel.request();
    cancel.request();
  }, timeoutSeconds * 1000) : undefined;
  try {
    await run(plan, ctx, ports, { ...s, cancel }, 'fail-fast');
  } catch (e) {
    if (timedOut) throw new TscomposeError('E_WAIT_TIMEOUT', `application not healthy after ${goSeconds(timeoutSeconds)}`);
    throw e;
  } finally {
    clearTimeout(timer);
    s.cancel?.graceful.removeEventListener('abort', forward);
  }
}
