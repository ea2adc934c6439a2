/**
 * Syntax tree to stages (BuildKit instructions.Parse): each node becomes a
 * typed instruction; ARGs before the first FROM are the meta args, and every
 * other instruction joins the stage the last FROM opened.
 */
import { DockerfileError } from '../errors.js';
import type { Node, ParsedDockerfile } from '../dockerfile/node.js';
import { parseAdd, parseCmdLike, parseCopy, parseHealthcheck, parseRun, parseShell } from './parse-commands.js';
import { fail, parseFrom, parseSimple } from './parse-simple.js';
import { suggest } from './suggest.js';
import type { DockerfileModel, Instruction, Stage } from './types.js';

export const INSTRUCTION_NAMES = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];

/** One instruction (FROM excluded); errors carry the node's lines. */
export function parseInstruction(node: Node): Instruction {
  try {
    return dispatch(node);
  } catch (e) {
    if (e instanceof DockerfileError) throw e.at(node.range);
    throw e;
  }
}

function dispatch(node: Node): Instruction {
  const kind = node.keyword.toLowerCase();
  switch (kind) {
    case 'copy':
      return parseCopy(node);
    case 'add':
      return parseAdd(node);
    case 'run':
      return parseRun(node);
    case 'cmd':
    case 'entrypoint':
      return parseCmdLike(node, kind);
    case 'shell':
      return parseShell(node);
    case 'healthcheck':
      return parseHealthcheck(node);
    default: {
      const simple = parseSimple(node, kind);
      if (simple !== undefined) return simple;
      return fail(`unknown instruction: ${node.keyword}${suggest(node.keyword, INSTRUCTION_NAMES, false)}`);
    }
  }
}

export function parseModel(parsed: ParsedDockerfile): DockerfileModel {
  const stages: Stage[] = [];
  const metaArgs: DockerfileModel['metaArgs'] = [];
  for (const node of parsed.nodes) {
    if (node.keyword.toLowerCase() === 'from') {
      try {
        stages.push(parseFrom(node, stages.length));
      } catch (e) {
        if (e instanceof DockerfileError) throw e.at(node.range);
        throw e;
      }
      continue;
    }
    const cmd = parseInstruction(node);
    const stage = stages[stages.length - 1];
    if (stage === undefined) {
      if (cmd.kind === 'arg') {
        metaArgs.push({ args: cmd.args, range: cmd.range });
        continue;
      }
      throw new DockerfileError('no build stage in current context', undefined, node.range);
    }
    stage.commands.push(cmd);
  }
  if (stages.length === 0) throw new DockerfileError('dockerfile contains no stages to build', undefined, undefined);
  return { stages, metaArgs, escapeToken: parsed.escapeToken };
}
