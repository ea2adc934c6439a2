/**
 * `tscompose config`: flags and selection as docker compose 2.26.1's, plus
 * `--networks` and `--environment` from later releases. The use case itself
 * (load, then pick what to print) is src/app/config.ts, loaded on demand.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigMode, ConfigOutput, ConfigRequest } from '../../app/config.js';
import { TscomposeError } from '../../errors.js';
import type { FlagSpec, FlagValues } from '../flags.js';
import { tabwrite } from '../output/tabwriter.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'format', kind: 'string', defaultValue: 'yaml', usage: 'Format the output. Values: [yaml | json]' },
  { name: 'resolve-image-digests', kind: 'bool', usage: 'Pin image tags to digests' },
  { name: 'quiet', short: 'q', kind: 'bool', usage: "Only validate the configuration, don't print anything" },
  { name: 'no-interpolate', kind: 'bool', usage: "Don't interpolate environment variables" },
  { name: 'no-normalize', kind: 'bool', usage: "Don't normalize compose model" },
  { name: 'no-path-resolution', kind: 'bool', usage: "Don't resolve file paths" },
  { name: 'no-consistency', kind: 'bool', usage: "Don't check model consistency - warning: may produce invalid Compose output" },
  { name: 'services', kind: 'bool', usage: 'Print the service names, one per line.' },
  { name: 'volumes', kind: 'bool', usage: 'Print the volume names, one per line.' },
  { name: 'networks', kind: 'bool', usage: 'Print the network names, one per line.' },
  { name: 'profiles', kind: 'bool', usage: 'Print the profile names, one per line.' },
  { name: 'images', kind: 'bool', usage: 'Print the image names, one per line.' },
  { name: 'hash', kind: 'string', usage: 'Print the service config hash, one per line.' },
  { name: 'variables', kind: 'bool', usage: 'Print model variables and default values.' },
  { name: 'environment', kind: 'bool', usage: 'Print environment used for interpolation.' },
  { name: 'output', short: 'o', kind: 'string', usage: 'Save to file (default to stdout)' },
];

export const configCommand: CommandSpec = {
  name: 'config',
  aliases: ['convert'],
  use: '[OPTIONS] [SERVICE...]',
  short: 'Parse, resolve and render compose file in canonical format',
  flags: FLAGS,
  load: () => Promise.resolve(runConfigCommand),
};

/** The first selection flag set wins, in docker compose's order. */
const MODES: ReadonlyArray<readonly [ConfigMode, (f: FlagValues) => boolean]> = [
  ['services', (f) => f.bool('services')],
  ['volumes', (f) => f.bool('volumes')],
  ['networks', (f) => f.bool('networks')],
  ['hash', (f) => f.string('hash') !== ''],
  ['profiles', (f) => f.bool('profiles')],
  ['images', (f) => f.bool('images')],
  ['variables', (f) => f.bool('variables')],
  ['environment', (f) => f.bool('environment')],
];

export function configRequest(flags: FlagValues, args: readonly string[], compatibility: boolean, allResources: boolean): ConfigRequest {
  const mode = MODES.find(([, on]) => on(flags))?.[0] ?? 'model';
  return {
    mode,
    format: flags.string('format'),
    services: [...args],
    hash: flags.string('hash'),
    noInterpolate: flags.bool('no-interpolate'),
    // docker compose's --compatibility implies --no-normalize for config.
    noNormalize: flags.bool('no-normalize') || compatibility,
    noResolvePath: flags.bool('no-path-resolution'),
    noConsistency: flags.bool('no-consistency'),
    resolveImageDigests: flags.bool('resolve-image-digests'),
    compatibility,
    allResources,
  };
}

async function runConfigCommand(ctx: CommandContext): Promise<void> {
  const { runConfig } = await import('../../app/config.js');
  const req = configRequest(ctx.flags, ctx.args, ctx.display.compatibility, ctx.display.allResources);
  const result = await runConfig(ctx.global, ctx.host, req, ctx.warn);
  // -q validates only: nothing reaches stdout or the output file.
  if (ctx.flags.bool('quiet')) return;
  const text = outputText(result);
  const output = ctx.flags.string('output');
  if (req.mode === 'model' && output !== '') {
    if (text !== '') writeOutput(resolve(ctx.io.cwd, output), output, text);
    return;
  }
  ctx.io.stdout(text);
}

/** Go's strerror texts, for the messages docker compose prints when -o cannot be written. */
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

function writeOutput(path: string, asGiven: string, text: string): void {
  try {
    writeFileSync(path, text, { mode: 0o666 });
  } catch (e) {
    const reason = ERRNO_TEXT[(e as NodeJS.ErrnoException).code ?? ''];
    if (reason === undefined) throw e;
    throw new TscomposeError('E_OUTPUT', `open ${asGiven}: ${reason}`, { cause: e });
  }
}

function outputText(result: ConfigOutput): string {
  if ('text' in result) return result.text;
  const { header, rows } = result.table;
  return tabwrite([header, ...rows].map((cells) => `${cells.join('\t')}\n`).join(''));
}
