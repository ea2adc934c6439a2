/**
 * The stage graph (BuildKit's dispatch states): each stage's base, expanded
 * with the global args (a previous stage's name, `scratch`, a named build
 * context, or an image); the stages and images that COPY --from and
 * RUN --mount=from= read; the target; and the stages the target needs,
 * which are the only ones built.
 */
import { atRange, DockerfileError } from '../errors.js';
import { goQuote } from '../go-quote.js';
import { mountFrom } from '../instructions/run-mount.js';
import { suggest } from '../instructions/suggest.js';
import type { DockerfileModel, Instruction, Stage } from '../instructions/types.js';
import { emptyEnv, type EnvList } from '../shell/env.js';
import type { ShellLex } from '../shell/lex.js';
import { parsePlatform, type Platform } from './platform.js';
import { parseReference } from './reference.js';

export type StageBase =
  | { kind: 'scratch' }
  | { kind: 'stage'; index: number }
  | { kind: 'context'; name: string }
  | { kind: 'image'; ref: string };

/** Where a COPY --from or a mount's from= reads. */
export type FromRef = { kind: 'stage'; index: number } | { kind: 'context'; name: string } | { kind: 'image'; ref: string };

export interface StageNode {
  stage: Stage;
  base: StageBase;
  /** An explicit --platform, expanded and parsed. */
  platform?: Platform;
  /** Sources read by COPY --from / RUN --mount=from=, as keyed by fromKey(). */
  sources: Map<string, FromRef>;
}

export interface StageGraph {
  nodes: StageNode[];
  target: number;
}

export interface GraphInputs {
  model: DockerfileModel;
  global: EnvList;
  lex: ShellLex;
  target?: string;
  /** Names given by build.additional_contexts; they take the place of stages and images of that name. */
  namedContexts: ReadonlySet<string>;
  hostPlatform: Platform;
}

export function fromKey(from: string): string {
  return from;
}

export function buildStageGraph(inputs: GraphInputs): StageGraph {
  const nodes: StageNode[] = [];
  const byName = new Map<string, number>();
  for (const stage of inputs.model.stages) {
    const node = atRange(stage.range, () => stageNode(stage, inputs, byName));
    nodes.push(node);
    if (stage.name !== '') byName.set(stage.name, stage.index);
  }
  for (const node of nodes) {
    for (const cmd of node.stage.commands) collectSources(node, cmd, byName, nodes.length, inputs);
  }
  checkCycles(nodes);
  return { nodes, target: resolveTarget(inputs.target, nodes, byName) };
}

function stageNode(stage: Stage, inputs: GraphInputs, byName: ReadonlyMap<string, number>): StageNode {
  const name = inputs.lex.processWord(stage.baseName, inputs.global).result;
  if (name === '') throw new DockerfileError(`base name (${stage.baseName}) should not be blank`, undefined, undefined);
  const node: StageNode = { stage, base: baseOf(name, inputs, byName), sources: new Map() };
  if (stage.name !== '' && inputs.namedContexts.has(stage.name)) node.base = { kind: 'context', name: stage.name };
  if (stage.platform !== '') {
    const spec = inputs.lex.processWord(stage.platform, inputs.global).result;
    if (spec === '') throw new DockerfileError(`empty platform value from expression ${stage.platform}`, undefined, undefined);
    try {
      node.platform = parsePlatform(spec, inputs.hostPlatform);
    } catch (e) {
      if (e instanceof DockerfileError) throw new DockerfileError(`failed to parse platform ${stage.platform}: ${e.detail}`, undefined, undefined);
      throw e;
    }
  }
  return node;
}

function baseOf(name: string, inputs: GraphInputs, byName: ReadonlyMap<string, number>): StageBase {
  const stage = byName.get(name);
  if (stage !== undefined) return { kind: 'stage', index: stage };
  if (inputs.namedContexts.has(name)) return { kind: 'context', name };
  if (name.toLowerCase() === 'scratch') return { kind: 'scratch' };
  parseReference(name);
  return { kind: 'image', ref: name };
}

function collectSources(node: StageNode, cmd: Instruction, byName: ReadonlyMap<string, number>, count: number, inputs: GraphInputs): void {
  const froms: string[] = [];
  if (cmd.kind === 'copy' && cmd.from !== '') {
    const expanded = atRange(cmd.range, () => inputs.lex.processWord(cmd.from, emptyEnv).result);
    if (expanded !== cmd.from) {
      throw new DockerfileError('variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround', undefined, cmd.range);
    }
    froms.push(cmd.from);
  }
  if (cmd.kind === 'run') {
    for (const spec of cmd.mountSpecs) {
      const from = atRange(cmd.range, () => mountFrom(spec));
      if (from !== '') froms.push(from);
    }
  }
  for (const from of froms) node.sources.set(fromKey(from), atRange(cmd.range, () => fromRef(from, byName, count, inputs.namedContexts)));
}

/** A stage by name or index, a named context, else an image. */
export function fromRef(from: string, byName: ReadonlyMap<string, number>, count: number, namedContexts: ReadonlySet<string>): FromRef {
  const stage = byName.get(from.toLowerCase());
  if (stage !== undefined) return { kind: 'stage', index: stage };
  if (/^[+-]?[0-9]+$/.test(from)) {
    const i = Number(from);
    if (i < 0 || i >= count) throw new DockerfileError(`invalid stage index ${i}`, undefined, undefined);
    return { kind: 'stage', index: i };
  }
  if (namedContexts.has(from)) return { kind: 'context', name: from };
  parseReference(from);
  return { kind: 'image', ref: from };
}

/** The stages a stage reads, directly. */
export function stageDeps(node: StageNode): number[] {
  const deps = node.base.kind === 'stage' ? [node.base.index] : [];
  for (const src of node.sources.values()) if (src.kind === 'stage') deps.push(src.index);
  return deps;
}

function checkCycles(nodes: readonly StageNode[]): void {
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (i: number): void => {
    if (state.get(i) === 'done') return;
    const node = nodes[i] as StageNode;
    if (state.get(i) === 'visiting') {
      throw new DockerfileError(`circular dependency detected on stage: ${displayStageName(node)}`, undefined, node.stage.range);
    }
    state.set(i, 'visiting');
    for (const d of stageDeps(node)) visit(d);
    state.set(i, 'done');
  };
  nodes.forEach((_, i) => visit(i));
}

function resolveTarget(target: string | undefined, nodes: readonly StageNode[], byName: ReadonlyMap<string, number>): number {
  if (target === undefined || target === '') return nodes.length - 1;
  const found = byName.get(target.toLowerCase());
  if (found === undefined) {
    const names = nodes.map((n) => n.stage.name).filter((n) => n !== '');
    throw new DockerfileError(`target stage ${goQuote(target)} could not be found${suggest(target, names, true)}`, undefined, undefined);
  }
  return found;
}

/** Every stage the target needs (its base chain and the stages it copies or mounts from), in Dockerfile order. */
export function reachableStages(graph: StageGraph): number[] {
  const seen = new Set<number>();
  const visit = (i: number): void => {
    if (seen.has(i)) return;
    seen.add(i);
    for (const d of stageDeps(graph.nodes[i] as StageNode)) visit(d);
  };
  visit(graph.target);
  return [...seen].sort((a, b) => a - b);
}

export function displayStageName(node: StageNode): string {
  return node.stage.name === '' ? `stage-${node.stage.index}` : node.stage.name;
}

