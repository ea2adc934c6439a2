/**
 * Carries out a build: asks the planner what it needs (base images, ADD
 * downloads) and fetches it through the executor until the plan is whole,
 * then walks the plan stage by stage. A step whose key the cache holds is
 * taken from it; once a step runs, every later step of that stage (and of
 * stages built on it) runs too, as the classic builder's cache does.
 * Progress is reported in BuildKit's plain form.
 */
import { BuildError, DockerfileError, RunStepFailedError } from '../errors.js';
import { TscomposeError } from '../../errors.js';
import { imageRequestKey } from '../plan/dispatch-from.js';
import { normalizeReference } from '../plan/reference.js';
import { planBuild } from '../plan/plan.js';
import type { BuildPlan, BuildRequest, PlanStage, PlanStep, RemoteFile, ResolvedImage } from '../plan/types.js';
import type { BuildExecutor, FsState } from './executor.js';
import { humanSize, type PlainProgress, type Vertex } from './progress.js';
import { executeStep, type StepContext } from './steps.js';

export interface BuildOptions {
  request: BuildRequest;
  /** The Dockerfile's text (its size is reported, its lines quoted under errors). */
  dockerfile: string;
  executor: BuildExecutor;
  progress: PlainProgress;
  noCache?: boolean;
  pull?: boolean;
  tags: readonly string[];
}

export interface BuildResult {
  imageId: string;
  plan: BuildPlan;
  /** Steps taken from the cache and steps carried out. */
  cached: number;
  executed: number;
}

interface StageRun {
  state: FsState;
  busted: boolean;
}

export async function runBuild(opts: BuildOptions): Promise<BuildResult> {
  const { progress } = opts;
  once(progress, `[internal] load build definition from ${baseName(opts.request.file)}`, `transferring dockerfile: ${humanSize(Buffer.byteLength(opts.dockerfile))} done`);
  const images = new Map<string, ResolvedImage>();
  const pulled = new Set<string>();
  const remote = new Map<string, RemoteFile>();
  const plan = await resolvePlan(opts, images, pulled, remote);
  once(progress, '[internal] load .dockerignore', 'transferring context: 2B done');
  const size = opts.request.context.entries().reduce((n, e) => n + (e.type === 'file' ? e.size : 0), 0);
  once(progress, '[internal] load build context', `transferring context: ${humanSize(size)} done`);
  const runs = new Map<number, StageRun>();
  const counts = { cached: 0, executed: 0 };
  const ctx: StepContext = { opts, plan, remote, images: new Map([...images.values()].map((i) => [i.id, i])), states: new Map() };
  for (const stage of plan.stages) {
    const run = startStage(stage, runs, opts);
    for (const step of stage.steps) await runStep(ctx, stage, step, run, pulled, counts);
    runs.set(stage.index, run);
    ctx.states.set(stage.index, run.state);
  }
  const target = runs.get(plan.target) as StageRun;
  const imageId = await exportImage(opts, plan, target.state);
  return { imageId, plan, ...counts };
}

function once(progress: PlainProgress, name: string, status: string): void {
  const v = progress.start(name);
  v.status(status);
  v.done();
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

async function resolvePlan(opts: BuildOptions, images: Map<string, ResolvedImage>, pulled: Set<string>, remote: Map<string, RemoteFile>): Promise<BuildPlan> {
  for (;;) {
    const out = planBuild(opts.request, { images, remote });
    if (out.kind === 'plan') return out.plan;
    for (const need of out.needs.images) {
      const v = opts.progress.start(`[internal] load metadata for ${safeNormalize(need.ref)}`);
      const r = await withVertex(v, () => opts.executor.resolveImage({ ...need, pull: opts.pull === true }));
      images.set(imageRequestKey(need.ref, need.platform), r.image);
      if (r.pulled) pulled.add(r.image.name);
      v.done();
    }
    for (const url of out.needs.urls) {
      const v = opts.progress.start(`[internal] load remote file ${url}`);
      remote.set(url, await withVertex(v, () => opts.executor.fetchUrl(url)));
      v.done();
    }
  }
}

function safeNormalize(ref: string): string {
  try {
    return normalizeReference(ref);
  } catch {
    return ref;
  }
}

async function withVertex<T>(v: Vertex, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    v.error(e instanceof Error ? e.message : String(e));
    throw e;
  }
}

function startStage(stage: PlanStage, runs: ReadonlyMap<number, StageRun>, opts: BuildOptions): StageRun {
  const base = stage.base;
  const busted = opts.noCache === true;
  switch (base.kind) {
    case 'stage': {
      const parent = runs.get(base.stage) as StageRun;
      return { state: { base: parent.state.base, layers: [...parent.state.layers] }, busted: parent.busted || busted };
    }
    case 'image':
      return { state: { base: { kind: 'image', image: base.image }, layers: [] }, busted };
    case 'context': {
      const source = opts.request.namedContexts.get(base.name);
      if (source === undefined) throw new BuildError(`build context ${base.name} is not a local directory`);
      return { state: { base: { kind: 'context', source }, layers: [] }, busted };
    }
    default:
      return { state: { base: { kind: 'scratch' }, layers: [] }, busted };
  }
}

async function runStep(ctx: StepContext, stage: PlanStage, step: PlanStep, run: StageRun, pulled: ReadonlySet<string>, counts: { cached: number; executed: number }): Promise<void> {
  const { executor, progress } = ctx.opts;
  const v = progress.start(step.name);
  if (step.op.kind === 'from') {
    if (step.op.image !== undefined && pulled.has(step.op.image.name)) v.done();
    else v.cached();
    return;
  }
  if (!run.busted) {
    const hit = await executor.cacheLookup(step.key);
    if (hit !== undefined) {
      run.state = { base: run.state.base, layers: [...run.state.layers, hit] };
      counts.cached++;
      v.cached();
      return;
    }
  }
  run.busted = true;
  const layer = await located(ctx, step, v, () => executeStep(ctx, stage, step, run.state, v));
  run.state = { base: run.state.base, layers: [...run.state.layers, layer] };
  counts.executed++;
  v.done();
}

/** Runs a step; a failure is reported on its vertex and comes back naming the Dockerfile line. */
async function located<T>(ctx: StepContext, step: PlanStep, v: Vertex, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const message = e instanceof RunStepFailedError ? e.message.replace(/^[^:]+:\d+: /, '').split('\n')[0] : e instanceof Error ? e.message : String(e);
    v.error(message ?? '');
    ctx.opts.progress.failure(step.name, v.lines);
    if (e instanceof RunStepFailedError) throw e;
    if (e instanceof DockerfileError) throw e.locatedIn(ctx.opts.request.file, step.range);
    if (e instanceof TscomposeError) throw new DockerfileError(e.message, ctx.opts.request.file, step.range, { hint: e.hint, cause: e });
    throw e;
  }
}

async function exportImage(opts: BuildOptions, plan: BuildPlan, state: FsState): Promise<string> {
  const v = opts.progress.start('exporting to image');
  v.status('exporting layers done');
  const { id } = await withVertex(v, () => opts.executor.writeImage(plan.image, state, opts.tags));
  v.status(`writing image ${id} done`);
  for (const tag of opts.tags) v.status(`naming to ${safeNormalize(tag)} done`);
  v.done();
  return id;
}
