/**
 * ONBUILD triggers: a stage runs, before its own instructions, the triggers
 * its base recorded: an image's config OnBuild list, or the ONBUILD
 * instructions of a base stage in the same Dockerfile. Triggers do not pass
 * on to the stage's own image. Each is parsed as a one-line Dockerfile and
 * placed at the stage's FROM line.
 */
import { parseDockerfile } from '../dockerfile/parse.js';
import { atRange, DockerfileError } from '../errors.js';
import { parseInstruction } from '../instructions/parse.js';
import type { Instruction } from '../instructions/types.js';
import type { StageNode } from './stages.js';

export function baseTriggers(node: StageNode, nodes: readonly StageNode[], imageOnBuild: readonly string[] | null | undefined): string[] {
  if (node.base.kind === 'stage') {
    const base = nodes[node.base.index] as StageNode;
    return base.stage.commands.flatMap((c) => (c.kind === 'onbuild' ? [c.expression] : []));
  }
  if (node.base.kind === 'image') return [...(imageOnBuild ?? [])];
  return [];
}

export function parseTriggers(node: StageNode, triggers: readonly string[]): Instruction[] {
  return triggers.map((text) =>
    atRange(node.stage.range, () => {
      const parsed = parseDockerfile(text);
      if (parsed.nodes.length !== 1) throw new DockerfileError('onbuild trigger should be a single expression', undefined, undefined);
      const n = parsed.nodes[0] as (typeof parsed.nodes)[number];
      n.range = node.stage.range;
      const cmd = parseInstruction(n);
      return cmd;
    }),
  );
}
