/**
 * `tscompose version`, worded as `docker compose version` prints it:
 * "tscompose version v0.1.0", `--format json` and `--short`.
 */
import packageJson from '../../../package.json' with { type: 'json' };
import { goQuote } from '../../compose/go-format.js';
import type { CommandContext, CommandSpec } from './types.js';

/** The release tag, with its `v` as docker compose prints its own. */
export const VERSION = `v${packageJson.version}`;

export const versionCommand: CommandSpec = {
  name: 'version',
  use: '[OPTIONS]',
  short: 'Show the tscompose version information',
  noArgs: true,
  skipPreRun: true,
  flags: [
    { name: 'format', short: 'f', kind: 'string', usage: 'Format the output. Values: [pretty | json]. (Default: pretty)' },
    { name: 'short', kind: 'bool', usage: "Shows only tscompose's version number" },
  ],
  load: () => Promise.resolve(runVersion),
};

/** Any format but `json` prints the pretty line, as docker compose does. */
export function versionText(format: string, short: boolean): string {
  if (short) return `${VERSION.replace(/^v/, '')}\n`;
  if (format === 'json') return `{"version":${goQuote(VERSION)}}\n`;
  return `tscompose version ${VERSION}\n`;
}

async function runVersion(ctx: CommandContext): Promise<void> {
  ctx.io.stdout(versionText(ctx.flags.string('format'), ctx.flags.bool('short')));
}
