/**
 * The instructions whose arguments are names, values or words: ENV, LABEL,
 * MAINTAINER, WORKDIR, USER, VOLUME, STOPSIGNAL, EXPOSE, ARG, ONBUILD, FROM.
 */
import { DockerfileError } from '../errors.js';
import type { Node } from '../dockerfile/node.js';
import { goQuote } from '../go-quote.js';
import { goTrimSpace } from '../shell/chars.js';
import { Flags } from './flags.js';
import type { ArgDef, Instruction, KeyValue, Stage } from './types.js';

export function fail(message: string): never {
  throw new DockerfileError(message, undefined, undefined);
}

export function base(node: Node): { keyword: string; range: Node['range']; code: string } {
  return { keyword: node.keyword, range: node.range, code: goTrimSpace(node.original) };
}

/** An instruction that takes no flags still rejects any it is given. */
export function noFlags(node: Node): void {
  new Flags(node.flags).parse();
}

function keyValues(args: readonly string[], instruction: string): KeyValue[] {
  if (args.length === 0) fail(`${instruction} requires at least one argument`);
  if (args.length % 3 !== 0) fail(`Bad input to ${instruction}, too many arguments`);
  const out: KeyValue[] = [];
  for (let i = 0; i < args.length; i += 3) {
    const key = args[i] as string;
    if (key === '') fail(`${instruction} names can not be blank`);
    out.push({ key, value: args[i + 1] as string, noDelim: args[i + 2] === '' });
  }
  return out;
}

function exactlyOne(node: Node, instruction: string): string {
  if (node.args.length !== 1) fail(`${instruction} requires exactly one argument`);
  return node.args[0] as string;
}

export function parseSimple(node: Node, kind: string): Instruction | undefined {
  switch (kind) {
    case 'env':
      noFlags(node);
      return { kind: 'env', ...base(node), env: keyValues(node.args, 'ENV') };
    case 'label':
      noFlags(node);
      return { kind: 'label', ...base(node), labels: keyValues(node.args, 'LABEL') };
    case 'maintainer': {
      const maintainer = exactlyOne(node, 'MAINTAINER');
      noFlags(node);
      return { kind: 'maintainer', ...base(node), maintainer };
    }
    case 'workdir': {
      const path = exactlyOne(node, 'WORKDIR');
      noFlags(node);
      return { kind: 'workdir', ...base(node), path };
    }
    case 'user': {
      const user = exactlyOne(node, 'USER');
      noFlags(node);
      return { kind: 'user', ...base(node), user };
    }
    case 'stopsignal':
      // BuildKit never checks STOPSIGNAL's flags.
      return { kind: 'stopsignal', ...base(node), signal: exactlyOne(node, 'STOPSIGNAL') };
    default:
      return parseLists(node, kind);
  }
}

function parseLists(node: Node, kind: string): Instruction | undefined {
  switch (kind) {
    case 'volume': {
      if (node.args.length === 0) fail('VOLUME requires at least one argument');
      noFlags(node);
      const volumes = node.args.map((v) => goTrimSpace(v));
      if (volumes.includes('')) fail('VOLUME specified can not be an empty string');
      return { kind: 'volume', ...base(node), volumes };
    }
    case 'expose':
      if (node.args.length === 0) fail('EXPOSE requires at least one argument');
      noFlags(node);
      return { kind: 'expose', ...base(node), ports: [...node.args].sort() };
    case 'arg':
      return { kind: 'arg', ...base(node), args: parseArgDefs(node.args) };
    case 'onbuild':
      return parseOnbuild(node);
    default:
      return undefined;
  }
}

function parseArgDefs(args: readonly string[]): ArgDef[] {
  if (args.length === 0) fail('ARG requires at least one argument');
  return args.map((arg) => {
    const at = arg.indexOf('=');
    if (at < 0) return { key: arg };
    if (at === 0) fail('ARG names can not be blank');
    return { key: arg.slice(0, at), value: arg.slice(at + 1) };
  });
}

function parseOnbuild(node: Node): Instruction {
  if (node.trigger === undefined) fail('ONBUILD requires at least one argument');
  noFlags(node);
  const trigger = node.trigger.keyword.toUpperCase();
  if (trigger === 'ONBUILD') fail('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
  if (trigger === 'MAINTAINER' || trigger === 'FROM') fail(`${trigger} isn't allowed as an ONBUILD trigger`);
  let expression = node.original.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/i, '');
  for (const doc of node.heredocs) expression += `\n${doc.content}${doc.name}`;
  return { kind: 'onbuild', ...base(node), expression };
}

const STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;

export function parseFrom(node: Node, index: number): Stage {
  const args = node.args;
  let name = '';
  if (args.length === 3 && (args[1] as string).toLowerCase() === 'as') {
    name = (args[2] as string).toLowerCase();
    if (!STAGE_NAME.test(name)) {
      fail(`invalid name for build stage: ${goQuote(args[2] as string)}, name can't start with a number or contain symbols`);
    }
  } else if (args.length !== 1) {
    fail('FROM requires either one or three arguments');
  }
  const flags = new Flags(node.flags);
  const platform = flags.string('platform');
  flags.parse();
  return { index, name, baseName: args[0] as string, platform: platform(), range: node.range, code: goTrimSpace(node.original), commands: [] };
}
