/**
 * The instructions that carry files or commands: COPY, ADD (sources,
 * heredoc sources, destination and their flags), RUN, CMD, ENTRYPOINT,
 * SHELL and HEALTHCHECK.
 */
import { chompHeredocContent, parseHeredoc } from '../dockerfile/heredoc.js';
import type { Node } from '../dockerfile/node.js';
import { GoDurationError, goParseDuration } from '../go-duration.js';
import { goQuote } from '../go-quote.js';
import { Flags } from './flags.js';
import { parseRunMount } from './run-mount.js';
import { base, fail, noFlags } from './parse-simple.js';
import type { HealthConfig, Instruction, ShellDependent, SourceContent, SourcesAndDest } from './types.js';

function sourcesAndDest(node: Node, instruction: string): SourcesAndDest {
  const dest = node.args[node.args.length - 1] as string;
  if (parseHeredoc(dest) !== undefined) fail(`${instruction} cannot accept a heredoc as a destination`);
  const byName = new Map(node.heredocs.map((d) => [d.name, d]));
  const sources: string[] = [];
  const contents: SourceContent[] = [];
  for (const src of node.args.slice(0, -1)) {
    const doc = parseHeredoc(src);
    if (doc === undefined) {
      sources.push(src);
      continue;
    }
    let data = byName.get(doc.name)?.content ?? '';
    if (doc.chomp) data = chompHeredocContent(data);
    contents.push({ path: doc.name, data, expand: doc.expand });
  }
  return { sources, contents, dest };
}

function needsDestination(node: Node, instruction: string): void {
  if (node.args.length < 2) {
    fail(`${instruction} requires at least two arguments, but only one was provided. Destination could not be determined`);
  }
}

export function parseCopy(node: Node): Instruction {
  needsDestination(node, 'COPY');
  const f = new Flags(node.flags);
  const chown = f.string('chown');
  const from = f.string('from');
  const chmod = f.string('chmod');
  const link = f.bool('link');
  const excludes = f.strings('exclude');
  const parents = f.bool('parents');
  f.parse();
  return {
    kind: 'copy', ...base(node), ...sourcesAndDest(node, 'COPY'),
    from: from(), chown: chown(), chmod: chmod(), link: link.value(), parents: parents.value(), excludes: excludes(),
  };
}

export function parseAdd(node: Node): Instruction {
  needsDestination(node, 'ADD');
  const f = new Flags(node.flags);
  const chown = f.string('chown');
  const chmod = f.string('chmod');
  const link = f.bool('link');
  const keepGitDir = f.bool('keep-git-dir');
  const checksum = f.string('checksum');
  const unpack = f.bool('unpack');
  const excludes = f.strings('exclude');
  f.parse();
  return {
    kind: 'add', ...base(node), ...sourcesAndDest(node, 'ADD'),
    chown: chown(), chmod: chmod(), link: link.value(), checksum: checksum(), excludes: excludes(),
    ...(keepGitDir.set() ? { keepGitDir: keepGitDir.value() } : {}),
    ...(unpack.set() ? { unpack: unpack.value() } : {}),
  };
}

function shellDependent(node: Node, args: readonly string[]): ShellDependent {
  return {
    cmdLine: node.json ? [...args] : args.length === 0 ? [] : [args.join(' ')],
    files: node.heredocs.map((d) => ({ name: d.name, data: d.content, chomp: d.chomp })),
    prependShell: !node.json,
  };
}

export function parseRun(node: Node): Instruction {
  const f = new Flags(node.flags);
  const mounts = f.strings('mount');
  const network = f.string('network', 'default');
  const security = f.string('security', 'sandbox');
  f.strings('device');
  f.parse();
  const net = network();
  const sec = security();
  // Mounts are checked now (no variable yet) and again once expanded.
  for (const spec of mounts()) parseRunMount(spec, undefined);
  if (net !== 'default' && net !== 'none' && net !== 'host') fail(`invalid network mode "${net}"`);
  if (sec !== 'sandbox' && sec !== 'insecure') fail(`security "${sec}" is not valid`);
  return {
    kind: 'run', ...base(node), ...shellDependent(node, node.args),
    mountSpecs: mounts(), network: net, security: sec, flagsUsed: [...f.used],
  };
}

export function parseCmdLike(node: Node, kind: 'cmd' | 'entrypoint'): Instruction {
  noFlags(node);
  return { kind, ...base(node), ...shellDependent(node, node.args) };
}

export function parseShell(node: Node): Instruction {
  noFlags(node);
  const { cmdLine } = shellDependent(node, node.args);
  if (cmdLine.length === 0) fail('SHELL requires at least one argument');
  if (!node.json) fail(`SHELL requires the arguments to be in JSON form`);
  return { kind: 'shell', ...base(node), shell: cmdLine };
}

export function parseHealthcheck(node: Node): Instruction {
  if (node.args.length === 0) fail('HEALTHCHECK requires at least one argument');
  const type = (node.args[0] as string).toUpperCase();
  const rest = node.args.slice(1);
  if (type === 'NONE') {
    if (rest.length !== 0) fail('HEALTHCHECK NONE takes no arguments');
    return { kind: 'healthcheck', ...base(node), health: health(['NONE']) };
  }
  const f = new Flags(node.flags);
  const durations = ['interval', 'timeout', 'start-period', 'start-interval'].map((n) => [n, f.string(n)] as const);
  const retries = f.string('retries');
  f.parse();
  if (type !== 'CMD') fail(`Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`);
  const cmd = shellDependent(node, rest).cmdLine;
  if (cmd.length === 0) fail('Missing command after HEALTHCHECK CMD');
  const test = [node.json ? 'CMD' : 'CMD-SHELL', ...cmd];
  const [interval, timeout, startPeriod, startInterval] = durations.map(([name, get]) => interval_(name, get()));
  return {
    kind: 'healthcheck', ...base(node),
    health: { ...health(test), interval: interval ?? 0, timeout: timeout ?? 0, startPeriod: startPeriod ?? 0, startInterval: startInterval ?? 0, retries: parseRetries(retries()) },
  };
}

function health(test: string[]): HealthConfig {
  return { test, interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 };
}

function interval_(name: string, value: string): number {
  if (value === '') return 0;
  let d: number;
  try {
    d = goParseDuration(value);
  } catch (e) {
    if (e instanceof GoDurationError) fail(e.message);
    throw e;
  }
  if (d !== 0 && d < 1e6) fail(`Interval "${name}" cannot be less than 1ms`);
  return d;
}

function parseRetries(value: string): number {
  if (value === '') return 0;
  if (!/^[+-]?[0-9]+$/.test(value)) fail(`strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
  const n = Number(value);
  if (n > 2147483647 || n < -2147483648) fail(`strconv.ParseInt: parsing ${goQuote(value)}: value out of range`);
  if (n < 0) fail(`--retries cannot be negative (${n})`);
  return n;
}
