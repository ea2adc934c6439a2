/**
 * `tscompose volume ls|create|inspect|rm|prune`, with docker volume's flags
 * and output (docker CLI 28): the `DRIVER  VOLUME NAME` table, `--format`
 * templates and json, inspect's indented JSON array, prune's prompt and
 * "Total reclaimed space". The use cases are src/app/volumes.ts.
 */
import type { VolumeInfo } from '../../volumes/index.js';
import { TscomposeError, UsageError } from '../../errors.js';
import { formatList, type ListFormat } from '../output/formatted-list.js';
import { humanSize } from '../output/go-units.js';
import { parseTemplate, renderTemplate, type TemplateValue } from '../output/go-template.js';
import { goJson } from '../output/formatted-list.js';
import { volumeSubcommandFlags } from './volume-flags.js';
import type { CommandContext, CommandSpec } from './types.js';

export const VOLUME_LIST: ListFormat = {
  table: 'table {{.Driver}}\t{{.Name}}',
  headers: { Driver: 'DRIVER', Name: 'VOLUME NAME', Scope: 'SCOPE', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS', Links: 'LINKS', Size: 'SIZE', Group: 'GROUP', Availability: 'AVAILABILITY', Status: 'STATUS' },
  quiet: '.Name',
};

/** The fields docker's volume formatter offers, as template values. */
export function volumeFields(v: VolumeInfo): Record<string, TemplateValue | ((...a: string[]) => TemplateValue)> {
  return {
    Availability: 'N/A', Driver: v.driver, Group: 'N/A',
    Labels: Object.keys(v.labels).sort().map((k) => `${k}=${v.labels[k]}`).join(','),
    Links: 'N/A', Mountpoint: v.mountpoint, Name: v.name, Scope: v.scope, Size: 'N/A', Status: 'N/A',
    Label: (name: string) => v.labels[name] ?? '',
  };
}

/** `docker volume inspect`'s object: the engine's Volume in its field order, empty maps as null. */
export function inspectObject(v: VolumeInfo): Record<string, unknown> {
  const orNull = (m: Record<string, string>): Record<string, string> | null => (Object.keys(m).length === 0 ? null : Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k] as string])));
  return { CreatedAt: v.createdAt, Driver: v.driver, Labels: orNull(v.labels), Mountpoint: v.mountpoint, Name: v.name, Options: orNull(v.driverOpts), Scope: v.scope };
}

/** Go's json.MarshalIndent with four spaces and its HTML-safe escaping. */
export function indentedJson(value: unknown): string {
  return JSON.stringify(value, null, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.codePointAt(0)?.toString(16).padStart(4, '0')}`);
}

async function deps(ctx: CommandContext) {
  const { openDrivers } = await import('../../app/drivers.js');
  const d = openDrivers(ctx.io.env);
  return { volumes: d.ports.volumes, projects: d.projects };
}

function keyValues(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    if (flag === 'opt' && at < 0) throw new TscomposeError('E_USAGE', `invalid argument "${v}" for "-o, --opt" flag: bad format for option: ${v}`);
    out[at < 0 ? v : v.slice(0, at)] = at < 0 ? '' : v.slice(at + 1);
  }
  return out;
}

async function ls(ctx: CommandContext): Promise<void> {
  const app = await import('../../app/volumes.js');
  const list = await app.listVolumes(await deps(ctx), app.parseFilters(ctx.flags.strings('filter'), ['name', 'driver', 'label', 'dangling']));
  ctx.io.stdout(formatList(list.map(volumeFields), ctx.flags.string('format'), ctx.flags.bool('quiet'), VOLUME_LIST));
}

async function create(ctx: CommandContext): Promise<void> {
  if (ctx.args.length > 1) throw new UsageError('"tscompose volume create" requires at most 1 argument.\nSee \'tscompose volume create --help\'.');
  const d = await deps(ctx);
  const name = ctx.args[0] ?? '';
  const spec = { name, anonymous: name === '', driver: ctx.flags.string('driver'), driverOpts: keyValues(ctx.flags.strings('opt'), 'opt'), labels: keyValues(ctx.flags.strings('label'), 'label') };
  const v = name === '' ? await d.volumes.create(spec) : await d.volumes.ensure(spec);
  ctx.io.stdout(`${v.name}\n`);
}

function atLeastOne(ctx: CommandContext, cmd: string, use: string, short: string): void {
  if (ctx.args.length > 0) return;
  throw new UsageError(`"tscompose volume ${cmd}" requires at least 1 argument.\nSee 'tscompose volume ${cmd} --help'.\n\nUsage:  tscompose volume ${cmd} ${use}\n\n${short}`);
}

async function inspect(ctx: CommandContext): Promise<void> {
  atLeastOne(ctx, 'inspect', '[OPTIONS] VOLUME [VOLUME...]', 'Display detailed information on one or more volumes');
  const app = await import('../../app/volumes.js');
  const { found, missing } = await app.inspectVolumes(await deps(ctx), ctx.args);
  const format = ctx.flags.string('format');
  if (format === '') ctx.io.stdout(`${indentedJson(found.map(inspectObject))}\n`);
  else {
    const nodes = parseTemplate(format);
    for (const v of found) ctx.io.stdout(`${renderTemplate(nodes, inspectObject(v) as TemplateValue, goJson)}\n`);
  }
  if (missing.length > 0) throw new TscomposeError('E_NO_SUCH_VOLUME', missing.map((n) => `get ${n}: no such volume`).join('\n'));
}

async function rm(ctx: CommandContext): Promise<void> {
  atLeastOne(ctx, 'rm', '[OPTIONS] VOLUME [VOLUME...]', 'Remove one or more volumes');
  const app = await import('../../app/volumes.js');
  const results = await app.removeVolumes(await deps(ctx), ctx.args, ctx.flags.bool('force'));
  for (const r of results) if (r.error === undefined) ctx.io.stdout(`${r.name}\n`);
  const errors = results.flatMap((r) => (r.error === undefined ? [] : [r.error.message]));
  if (errors.length > 0) throw new TscomposeError('E_VOLUME_RM', errors.join('\n'));
}

const WARN_ANON = 'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ';
const WARN_ALL = 'WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ';

async function prune(ctx: CommandContext): Promise<void> {
  const all = ctx.flags.bool('all');
  const app = await import('../../app/volumes.js');
  const filters = app.parseFilters(ctx.flags.strings('filter'), ['label', 'label!']);
  if (!ctx.flags.bool('force')) {
    ctx.io.stdout(all ? WARN_ALL : WARN_ANON);
    const answer = ctx.io.readStdin().split('\n')[0]?.trim().toLowerCase() ?? '';
    if (answer !== 'y' && answer !== 'yes') throw new TscomposeError('E_CANCELED', 'volume prune has been cancelled');
  }
  const { removed, bytes } = await app.pruneVolumes(await deps(ctx), all, filters);
  if (removed.length > 0) ctx.io.stdout(`Deleted Volumes:\n${removed.map((n) => `${n}\n`).join('')}\n`);
  ctx.io.stdout(`Total reclaimed space: ${humanSize(bytes)}\n`);
}

const RUNS = { ls, create, inspect, rm, prune } as const;

export const volumeCommand: CommandSpec = {
  name: 'volume',
  use: 'COMMAND',
  short: 'Manage volumes',
  flags: [],
  subcommands: volumeSubcommandFlags().map((s) => ({ ...s, name: `volume ${s.name}`, load: () => Promise.resolve(RUNS[s.name as keyof typeof RUNS]) })),
};
