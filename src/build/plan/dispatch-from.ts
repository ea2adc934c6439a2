/**
 * Starting a stage from its base (BuildKit's dispatch state init): the base
 * stage's final state, a resolved image's config, an empty image for
 * scratch, or a named context's files; PATH is always set; the FROM step
 * (for an image or a named context) opens the stage's numbering.
 */
import { DockerfileError } from '../errors.js';
import { EnvList } from '../shell/env.js';
import { contextBaseKey, imageKey, scratchKey } from './cache-key.js';
import { dirHash } from './copy-sources.js';
import { cloneImage, DEFAULT_PATH, emptyImage, envKey, type ImageSpec } from './image-config.js';
import type { Platform } from './platform.js';
import { displayStageName, type StageNode } from './stages.js';
import { addStep, stepName, type PlanContext, type StageState } from './state.js';
import type { PlanBase, ResolvedImage, SourceRef } from './types.js';

export function imageRequestKey(ref: string, platform: Platform): string {
  return `${ref}|${platform.os}/${platform.architecture}${platform.variant === undefined ? '' : `/${platform.variant}`}`;
}

export function stagePlatform(ctx: PlanContext, node: StageNode): Platform {
  return node.platform ?? ctx.req.targetPlatform;
}

export function resolvedImage(ctx: PlanContext, ref: string, platform: Platform): ResolvedImage {
  const img = ctx.res.images.get(imageRequestKey(ref, platform));
  if (img === undefined) throw new Error(`internal: image ${ref} was not resolved before planning`);
  return img;
}

/** The state a stage starts in, and its base as the plan records it. */
export function initStage(ctx: PlanContext, node: StageNode, cmdTotal: number): { st: StageState; base: PlanBase } {
  const platform = stagePlatform(ctx, node);
  const single = ctx.graph.nodes.length === 1 && !hasImageSources(ctx);
  const st: StageState = {
    index: node.stage.index, displayName: single ? '' : displayStageName(node), image: emptyImage(platform), env: new EnvList(),
    args: [], cmdSet: false, platform, key: scratchKey(platform), steps: [], cmdIndex: 0, cmdTotal, onbuild: false,
  };
  const base = node.base;
  if (base.kind === 'stage') {
    const parent = ctx.states.get(base.index);
    if (parent === undefined) throw new Error(`internal: stage ${base.index} planned after its child`);
    st.image = cloneImage(parent.image);
    // Triggers run in the child (see onbuild.ts) and do not pass further.
    delete st.image.config.OnBuild;
    st.key = parent.key;
    st.platform = parent.platform;
    // A child stage goes on with its base's ARG values and environment.
    st.env = parent.env;
    st.args = [...parent.args];
    return { st: finishInit(st, false), base: { kind: 'stage', stage: base.index } };
  }
  if (base.kind === 'image') {
    const img = resolvedImage(ctx, base.ref, platform);
    st.image = baseImage(img.image, platform);
    delete st.image.config.OnBuild;
    st.key = imageKey(img.id);
    const shown = img.digest === undefined ? img.name : `${img.name}@${img.digest}`;
    finishInit(st, true);
    addStep(st, stepName(st, `FROM ${shown}`), node.stage, { kind: 'from', ref: base.ref, image: img }, st.key);
    return { st, base: { kind: 'image', image: img } };
  }
  if (base.kind === 'context') return { st: contextBase(ctx, node, st, base.name), base };
  return { st: finishInit(st, false), base };
}

function contextBase(ctx: PlanContext, node: StageNode, st: StageState, name: string): StageState {
  const source = ctx.req.namedContexts.get(name);
  if (source === undefined) throw new DockerfileError(`named context ${name} is not a local directory`, undefined, node.stage.range);
  st.image.config = {};
  st.key = contextBaseKey(name, dirHash(source, ''));
  finishInit(st, true);
  addStep(st, stepName(st, `FROM ${name}`), node.stage, { kind: 'from', ref: `context:${name}` }, st.key);
  return st;
}

function baseImage(img: ImageSpec, platform: Platform): ImageSpec {
  const out = cloneImage(img);
  out.architecture ||= platform.architecture;
  out.os ||= platform.os;
  out.config ??= {};
  out.rootfs ??= { type: 'layers', diff_ids: [] };
  out.history ??= [];
  return out;
}

function finishInit(st: StageState, fromImage: boolean): StageState {
  const cfg = st.image.config;
  if (!(cfg.Env ?? []).some((e) => envKey(e) === 'PATH') && st.image.os !== 'windows') cfg.Env = [...(cfg.Env ?? []), `PATH=${DEFAULT_PATH}`];
  if (fromImage || st.env.keys().length === 0) {
    let env = st.env;
    for (const kv of cfg.Env ?? []) {
      const at = kv.indexOf('=');
      env = env.with(at < 0 ? kv : kv.slice(0, at), at < 0 ? '' : kv.slice(at + 1));
    }
    st.env = env;
  }
  return st;
}

function hasImageSources(ctx: PlanContext): boolean {
  return ctx.graph.nodes.some((n) => [...n.sources.values()].some((s) => s.kind === 'image'));
}

/** What COPY --from / --mount from= names: an earlier stage, a named context, or an image. */
export function sourceRefFor(ctx: PlanContext, st: StageState, from: string): SourceRef {
  const node = ctx.graph.nodes[st.index] as StageNode;
  const ref = node.sources.get(from);
  if (ref === undefined) throw new Error(`internal: --from=${from} was not collected`);
  if (ref.kind === 'context') return { kind: 'context', name: ref.name };
  if (ref.kind === 'image') {
    // Looked up on the platform it was resolved for (see missingImages in plan.ts).
    const img = resolvedImage(ctx, ref.ref, stagePlatform(ctx, node));
    return { kind: 'image', ref: img.name, id: img.id };
  }
  if (!ctx.done.has(ref.index) || ref.index === st.index) {
    throw new DockerfileError(`cannot copy from stage "${from}", it needs to be defined before current stage "${st.displayName === '' ? displayStageName(node) : st.displayName}"`, undefined, undefined);
  }
  return { kind: 'stage', stage: ref.index };
}
