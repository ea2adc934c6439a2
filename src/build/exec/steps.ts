/**
 * One step on a fresh root filesystem: RUN in a container, COPY/ADD with
 * its sources resolved (the build context, another stage's filesystem, an
 * image, a heredoc, a download) and --chown resolved against the stage's own
 * /etc/passwd and /etc/group, WORKDIR's directory; then the changes are
 * committed as a layer under the step's key.
 */
import { DockerfileError, RunStepFailedError } from '../errors.js';
import { ownerNeedsFiles, resolveOwner, type Owner } from '../plan/chown.js';
import { CopySourceMissing } from '../plan/copy-layout.js';
import type { BuildPlan, CopyOp, PlanStage, PlanStep, RemoteFile, ResolvedImage, RunOp, SourceRef } from '../plan/types.js';
import type { CopySource, FsState, LayerRef, MountSource, RootfsHandle } from './executor.js';
import type { Vertex } from './progress.js';
import type { BuildOptions } from './run-build.js';

export interface StepContext {
  opts: BuildOptions;
  plan: BuildPlan;
  remote: ReadonlyMap<string, RemoteFile>;
  /** Resolved images by id, for COPY --from=<image> and mounts from images. */
  images: ReadonlyMap<string, ResolvedImage>;
  /** The filesystem each finished stage ended with. */
  states: Map<number, FsState>;
}

export async function executeStep(ctx: StepContext, stage: PlanStage, step: PlanStep, state: FsState, v: Vertex): Promise<LayerRef> {
  const { executor } = ctx.opts;
  const rootfs = await executor.prepare(state);
  try {
    await apply(ctx, stage, step, rootfs, v);
    return await executor.commit(rootfs, step.key);
  } finally {
    await executor.release(rootfs);
  }
}

async function apply(ctx: StepContext, stage: PlanStage, step: PlanStep, rootfs: RootfsHandle, v: Vertex): Promise<void> {
  const { executor } = ctx.opts;
  const op = step.op;
  switch (op.kind) {
    case 'run':
      return runOp(ctx, step, op.run, rootfs, v);
    case 'copy':
      try {
        await executor.copy(rootfs, {
          items: op.copy.items.map((i) => ({ ...i, source: copySource(ctx, i.from) })),
          dest: op.copy.dest,
          excludes: op.copy.excludes,
          ...(op.copy.chmod === undefined ? {} : { chmod: op.copy.chmod }),
          ...(await copyOwner(ctx, rootfs, op.copy)),
        });
      } catch (e) {
        if (e instanceof CopySourceMissing) throw new DockerfileError(`failed to compute cache key: ${e.message}`, undefined, undefined);
        throw e;
      }
      return;
    case 'mkdir':
      return executor.mkdir(rootfs, op.mkdir.path, await owner(ctx, rootfs, op.mkdir.owner));
    default:
      throw new Error(`internal: ${op.kind} is not a step to execute (stage ${stage.index})`);
  }
}

async function runOp(ctx: StepContext, step: PlanStep, run: RunOp, rootfs: RootfsHandle, v: Vertex): Promise<void> {
  // A bind mount without `from` reads the build context.
  const mounts = run.mounts.map((m) =>
    m.fromRef !== undefined ? { ...m, resolved: mountSource(ctx, m.fromRef) } : m.type === 'bind' ? { ...m, resolved: { kind: 'context' as const, source: ctx.opts.request.context } } : m,
  );
  const { exitCode } = await ctx.opts.executor.run(rootfs, { ...run, mounts, name: step.name }, (line) => v.log(line));
  if (exitCode !== 0) {
    throw new RunStepFailedError(run.args.join(' '), exitCode, v.lines.slice(-5), `${ctx.opts.request.file}:${step.range.start}`);
  }
}

function stateOf(ctx: StepContext, ref: SourceRef): FsState | undefined {
  if (ref.kind === 'stage') return ctx.states.get(ref.stage);
  if (ref.kind !== 'image') return undefined;
  const image = ctx.images.get(ref.id);
  return image === undefined ? undefined : { base: { kind: 'image', image }, layers: [] };
}

function mountSource(ctx: StepContext, ref: SourceRef): MountSource {
  if (ref.kind === 'context') return { kind: 'context', source: contextOf(ctx, ref.name) };
  const state = stateOf(ctx, ref);
  if (state === undefined) throw new Error(`internal: no filesystem for mount source ${JSON.stringify(ref)}`);
  return { kind: 'state', state };
}

function contextOf(ctx: StepContext, name: string): import('../context/source.js').ContextSource {
  if (name === '') return ctx.opts.request.context;
  const named = ctx.opts.request.namedContexts.get(name);
  if (named === undefined) throw new Error(`internal: no context ${name}`);
  return named;
}

function copySource(ctx: StepContext, ref: SourceRef): CopySource {
  switch (ref.kind) {
    case 'context':
      return { kind: 'context', source: contextOf(ctx, ref.name) };
    case 'inline':
      return { kind: 'inline', data: ref.data };
    case 'url': {
      const file = ctx.remote.get(ref.url);
      if (file === undefined) throw new Error(`internal: ${ref.url} was not fetched`);
      return { kind: 'url', file };
    }
    default: {
      const state = stateOf(ctx, ref);
      if (state === undefined) throw new Error(`internal: no filesystem for ${JSON.stringify(ref)}`);
      return { kind: 'state', state };
    }
  }
}

async function copyOwner(ctx: StepContext, rootfs: RootfsHandle, op: CopyOp): Promise<{ owner?: Owner }> {
  return op.chown === undefined ? {} : { owner: await owner(ctx, rootfs, op.chown) };
}

/** A user spec to ids, reading the stage's passwd and group only when it names someone. */
async function owner(ctx: StepContext, rootfs: RootfsHandle, spec: string): Promise<Owner> {
  if (spec === '') return { uid: 0, gid: 0 };
  const need = ownerNeedsFiles(spec);
  const read = async (path: string, wanted: boolean): Promise<string | undefined> => {
    if (!wanted) return undefined;
    const data = await ctx.opts.executor.readFile(rootfs, path);
    return data === undefined ? undefined : new TextDecoder().decode(data);
  };
  return resolveOwner(spec, await read('/etc/passwd', need.passwd), await read('/etc/group', need.group));
}

