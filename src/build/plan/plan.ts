/**
 * planBuild: Dockerfile model + build options + what has been resolved ->
 * the plan, or the list of what must be resolved first (base images, ADD
 * URLs). Nothing here touches the host; the runner resolves what the
 * planner asks for and calls it again.
 */
import { atRange } from '../errors.js';
import type { Instruction } from '../instructions/types.js';
import { ShellLex } from '../shell/lex.js';
import { globalArgs, type ArgInputs } from './args.js';
import { dispatchCopy } from './dispatch-copy.js';
import { imageRequestKey, initStage, stagePlatform } from './dispatch-from.js';
import { dispatchMeta } from './dispatch-meta.js';
import { dispatchRun } from './dispatch-run.js';
import { dispatchWorkdir } from './dispatch-workdir.js';
import { baseTriggers, parseTriggers } from './onbuild.js';
import { buildStageGraph, fromRef, reachableStages, type StageGraph, type StageNode } from './stages.js';
import type { PlanContext, StageState } from './state.js';
import type { BuildRequest, PlanNeeds, PlanOutcome, PlanStage, Resolutions } from './types.js';

const FS_KINDS = new Set<Instruction['kind']>(['add', 'copy', 'run', 'workdir']);

export function planBuild(req: BuildRequest, res: Resolutions): PlanOutcome {
  const lex = new ShellLex({ escapeToken: req.model.escapeToken });
  const last = req.model.stages[req.model.stages.length - 1];
  const argInputs: ArgInputs = {
    buildArgs: req.buildArgs, buildPlatform: req.buildPlatform, targetPlatform: req.targetPlatform,
    targetName: req.target !== undefined && req.target !== '' ? req.target : (last?.name ?? ''),
  };
  const global = globalArgs(req.model, argInputs, lex);
  const named = new Set([...req.namedContexts.keys(), ...req.namedImages.keys()]);
  const graph = buildStageGraph({ model: req.model, global, lex, target: req.target, namedContexts: named, hostPlatform: req.buildPlatform });
  useNamedImages(graph, req.namedImages);
  const needs: PlanNeeds = { images: [], urls: [] };
  const ctx: PlanContext = { req, res, lex, global, argInputs, graph, done: new Map(), states: new Map(), needs, warnings: [], context: req.context };
  const triggers = resolveTriggers(ctx);
  if (triggers === undefined) return { kind: 'needs', needs };
  const order = reachableStages(graph);
  for (const i of order) dispatchStage(ctx, graph.nodes[i] as StageNode, triggers.get(i) ?? []);
  if (needs.urls.length > 0) return { kind: 'needs', needs };
  const stages = order.map((i) => ctx.done.get(i) as PlanStage);
  const target = ctx.done.get(graph.target) as PlanStage;
  if (req.labels !== undefined && Object.keys(req.labels).length > 0) target.image.config.Labels = { ...target.image.config.Labels, ...req.labels };
  return { kind: 'plan', plan: { stages, target: graph.target, image: target.image, warnings: ctx.warnings } };
}

/** A base or --from naming an additional context that is an image means that image. */
function useNamedImages(graph: StageGraph, images: ReadonlyMap<string, string>): void {
  for (const node of graph.nodes) {
    if (node.base.kind === 'context' && images.has(node.base.name)) node.base = { kind: 'image', ref: images.get(node.base.name) as string };
    for (const [k, src] of node.sources) if (src.kind === 'context' && images.has(src.name)) node.sources.set(k, { kind: 'image', ref: images.get(src.name) as string });
  }
}

/** The images every needed stage starts from or copies from, not yet resolved. */
function missingImages(ctx: PlanContext, order: readonly number[]): PlanNeeds['images'] {
  const out: PlanNeeds['images'] = [];
  const want = (ref: string, node: StageNode): void => {
    const platform = stagePlatform(ctx, node);
    if (!ctx.res.images.has(imageRequestKey(ref, platform)) && !out.some((o) => o.ref === ref)) out.push({ ref, platform });
  };
  for (const i of order) {
    const node = ctx.graph.nodes[i] as StageNode;
    if (node.base.kind === 'image') want(node.base.ref, node);
    for (const src of node.sources.values()) if (src.kind === 'image') want(src.ref, node);
  }
  return out;
}

/**
 * Each needed stage's ONBUILD triggers, parsed; a trigger may COPY --from
 * another stage, which then is needed too, so this repeats until nothing new
 * is needed. Undefined when base images must be resolved first.
 */
function resolveTriggers(ctx: PlanContext): Map<number, Instruction[]> | undefined {
  const triggers = new Map<number, Instruction[]>();
  for (;;) {
    const order = reachableStages(ctx.graph);
    const missing = missingImages(ctx, order);
    if (missing.length > 0) {
      ctx.needs.images.push(...missing);
      return undefined;
    }
    let grew = false;
    for (const i of order) {
      if (triggers.has(i)) continue;
      const node = ctx.graph.nodes[i] as StageNode;
      const onBuild = node.base.kind === 'image' ? ctx.res.images.get(imageRequestKey(node.base.ref, stagePlatform(ctx, node)))?.image.config.OnBuild : undefined;
      const cmds = parseTriggers(node, baseTriggers(node, ctx.graph.nodes, onBuild));
      triggers.set(i, cmds);
      grew = addTriggerSources(ctx, node, cmds) || grew;
    }
    if (!grew) return triggers;
  }
}

/** Records the sources a stage's triggers COPY --from; true when one is new. */
function addTriggerSources(ctx: PlanContext, node: StageNode, cmds: readonly Instruction[]): boolean {
  const byName = new Map(ctx.graph.nodes.filter((n) => n.stage.name !== '').map((n) => [n.stage.name, n.stage.index]));
  const named = new Set([...ctx.req.namedContexts.keys(), ...ctx.req.namedImages.keys()]);
  let added = false;
  for (const cmd of cmds) {
    if (cmd.kind !== 'copy' || cmd.from === '' || node.sources.has(cmd.from)) continue;
    node.sources.set(cmd.from, atRange(node.stage.range, () => fromRef(cmd.from, byName, ctx.graph.nodes.length, named)));
    added = true;
  }
  if (added) useNamedImages(ctx.graph, ctx.req.namedImages);
  return added;
}

function dispatchStage(ctx: PlanContext, node: StageNode, triggers: readonly Instruction[]): void {
  const own = node.stage.commands;
  const fromCounts = node.base.kind === 'image' || node.base.kind === 'context' ? 1 : 0;
  const total = fromCounts + own.filter((c) => FS_KINDS.has(c.kind)).length + triggers.length;
  const { st, base } = atRange(node.stage.range, () => initStage(ctx, node, total));
  for (const cmd of triggers) dispatchOne(ctx, st, cmd, true);
  for (const cmd of own) dispatchOne(ctx, st, cmd, false);
  ctx.states.set(node.stage.index, st);
  ctx.done.set(node.stage.index, {
    index: node.stage.index, displayName: st.displayName, name: node.stage.name, base, platform: st.platform, steps: st.steps, image: st.image, finalKey: st.key,
  });
}

function dispatchOne(ctx: PlanContext, st: StageState, cmd: Instruction, onbuild: boolean): void {
  st.onbuild = onbuild;
  atRange(cmd.range, () => {
    switch (cmd.kind) {
      case 'run':
        return dispatchRun(ctx, st, cmd);
      case 'copy':
      case 'add':
        return dispatchCopy(ctx, st, cmd);
      case 'workdir':
        return dispatchWorkdir(ctx, st, cmd);
      default:
        dispatchMeta(ctx, st, cmd);
        return undefined;
    }
  });
}
