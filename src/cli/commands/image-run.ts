/** The `image` subcommands' runners: arguments checked, use cases called, docker's output printed. */
import { TscomposeError, UsageError } from '../../errors.js';
import { tabwrite } from '../output/tabwriter.js';
import type { CommandContext } from './types.js';

function needArgs(ctx: CommandContext, name: string, min: number, max = Infinity): void {
  const n = ctx.args.length;
  if (n >= min && n <= max) return;
  const want = min === max ? `exactly ${min} argument${min === 1 ? '' : 's'}` : n < min ? `at least ${min} argument${min === 1 ? '' : 's'}` : `at most ${max} argument${max === 1 ? '' : 's'}`;
  throw new UsageError(`"tscompose image ${name}" requires ${want}.\nSee 'tscompose image ${name} --help'.`);
}

const say = (ctx: CommandContext) => (line: string) => ctx.io.stdout(`${line}\n`);

function shortId(id: string): string {
  return id.slice(id.indexOf(':') + 1, id.indexOf(':') + 13);
}

/** Go's time.Time String() in UTC, as `docker images --format json` prints CreatedAt. */
function goTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace('Z', '')} +0000 UTC`;
}

export async function imageLs(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'ls', 0, 1);
  const { listImages } = await import('../../app/image-list.js');
  const { humanDuration, humanSizeWithPrecision } = await import('../../app/units.js');
  const rows = await listImages(ctx.host, { reference: ctx.args[0], filters: ctx.flags.strings('filter') });
  const noTrunc = ctx.flags.bool('no-trunc');
  const id = (full: string): string => (noTrunc ? full : shortId(full));
  if (ctx.flags.bool('quiet')) {
    ctx.io.stdout([...new Set(rows.map((r) => id(r.id)))].map((i) => `${i}\n`).join(''));
    return;
  }
  const now = ctx.io.now?.() ?? new Date();
  const since = (c: string): string => (c === '' ? 'N/A' : `${humanDuration(now.getTime() - new Date(c).getTime())} ago`);
  const format = ctx.flags.string('format');
  if (format === 'json') {
    for (const r of rows) {
      const size = humanSizeWithPrecision(r.size, 3);
      ctx.io.stdout(`${JSON.stringify({ Containers: 'N/A', CreatedAt: goTime(r.created), CreatedSince: since(r.created), Digest: r.digest, ID: id(r.id), Repository: r.repository, SharedSize: 'N/A', Size: size, Tag: r.tag, UniqueSize: 'N/A', VirtualSize: size })}\n`);
    }
    return;
  }
  if (format !== '' && format !== 'table') throw new TscomposeError('E_FORMAT', `unsupported --format ${JSON.stringify(format)}: tscompose prints table or json`);
  const digests = ctx.flags.bool('digests');
  const header = ['REPOSITORY', 'TAG', ...(digests ? ['DIGEST'] : []), 'IMAGE ID', 'CREATED', 'SIZE'];
  const body = rows.map((r) => [r.repository, r.tag, ...(digests ? [r.digest] : []), id(r.id), since(r.created), humanSizeWithPrecision(r.size, 3)]);
  ctx.io.stdout(tabwrite([header, ...body].map((cells) => `${cells.join('\t')}\n`).join(''), { minWidth: 10, padding: 3 }));
}

export async function imagePullRun(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'pull', 1, 1);
  const { imagePull } = await import('../../app/image-manage.js');
  await imagePull(ctx.host, ctx.args[0] as string, { platform: ctx.flags.string('platform'), quiet: ctx.flags.bool('quiet') }, say(ctx));
}

export async function imagePushRun(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'push', 1, 1);
  const { imagePush } = await import('../../app/image-manage.js');
  await imagePush(ctx.host, ctx.args[0] as string, ctx.flags.bool('quiet'), say(ctx));
}

export async function imageRm(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'rm', 1);
  const { imageRemove } = await import('../../app/image-manage.js');
  const errors = await imageRemove(ctx.host, ctx.args, ctx.flags.bool('force'), say(ctx));
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new TscomposeError('E_IMAGE_RM', errors.map((e) => e.message).join('\n'));
}

export async function imageTagRun(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'tag', 2, 2);
  const { imageTag } = await import('../../app/image-manage.js');
  await imageTag(ctx.host, ctx.args[0] as string, ctx.args[1] as string);
}

export async function imageInspect(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'inspect', 1);
  const { inspectImages } = await import('../../app/image-list.js');
  const { found, missing } = await inspectImages(ctx.host, ctx.args);
  const format = ctx.flags.string('format');
  if (format === '') ctx.io.stdout(`${JSON.stringify(found, null, 4)}\n`);
  else for (const item of found) ctx.io.stdout(`${renderTemplate(format, item)}\n`);
  if (missing.length > 0) throw new TscomposeError('E_NO_SUCH_IMAGE', missing.map((m) => `Error: No such image: ${m}`).join('\n'));
}

/** The part of Go templates inspect formats use: `{{.A.B}}` and `{{json .A}}`. */
export function renderTemplate(format: string, value: unknown): string {
  return format.replace(/\{\{\s*(json\s+)?\.([\w.]*)\s*\}\}/g, (_, json: string | undefined, path: string) => {
    let v: unknown = value;
    for (const k of path.split('.').filter((p) => p !== '')) v = (v as Record<string, unknown> | undefined)?.[k];
    if (json !== undefined) return JSON.stringify(v ?? null);
    if (v === undefined || v === null) return '<no value>';
    if (Array.isArray(v)) return `[${v.join(' ')}]`;
    return typeof v === 'object' ? `map[${Object.entries(v as object).map(([k, x]) => `${k}:${String(x)}`).join(' ')}]` : String(v);
  });
}

export async function imagePruneRun(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'prune', 0, 0);
  const all = ctx.flags.bool('all');
  if (!ctx.flags.bool('force')) {
    ctx.io.stdout(`WARNING! This will remove all ${all ? 'images without at least one container associated to them' : 'dangling images'}.\nAre you sure you want to continue? [y/N] `);
    const answer = ctx.io.readStdin().split('\n')[0]?.trim().toLowerCase() ?? '';
    if (answer !== 'y' && answer !== 'yes') return;
  }
  const { imagePrune } = await import('../../app/image-manage.js');
  const { humanSize } = await import('../../app/units.js');
  const report = await imagePrune(ctx.host, all);
  const lines = [...report.untagged.map((u) => `untagged: ${u}`), ...report.deleted.map((d) => `deleted: ${d}`)];
  if (lines.length > 0) ctx.io.stdout(`Deleted Images:\n${lines.join('\n')}\n\n`);
  ctx.io.stdout(`Total reclaimed space: ${humanSize(report.reclaimed)}\n`);
}

export async function imageLoadRun(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'load', 0, 0);
  const { imageLoad } = await import('../../app/image-manage.js');
  const messages = await imageLoad(ctx.host, ctx.flags.string('input'), ctx.io.stdinStream);
  if (!ctx.flags.bool('quiet')) ctx.io.stdout(messages.map((m) => `${m}\n`).join(''));
}

export async function imageSaveRun(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'save', 1);
  const output = ctx.flags.string('output');
  if (output === '' && ctx.io.stdoutIsTTY) throw new TscomposeError('E_USAGE', 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
  const { imageSave } = await import('../../app/image-manage.js');
  await imageSave(ctx.host, ctx.args, output, ctx.io.stdoutBytes);
}

export async function imageImportRun(ctx: CommandContext): Promise<void> {
  needArgs(ctx, 'import', 1, 2);
  const { imageImport } = await import('../../app/image-manage.js');
  const id = await imageImport(ctx.host, ctx.args[0] as string, { tag: ctx.args[1], changes: ctx.flags.strings('change'), message: ctx.flags.string('message'), platform: ctx.flags.string('platform') }, ctx.io.stdinStream);
  ctx.io.stdout(`${id}\n`);
}
