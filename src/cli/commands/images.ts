/**
 * `tscompose images`: docker compose's table (CONTAINER, REPOSITORY, TAG,
 * IMAGE ID, SIZE) or `--format json`. Until tscompose creates containers it
 * lists the images of the project's services that are in the store.
 */
import { TscomposeError } from '../../errors.js';
import type { FlagSpec } from '../flags.js';
import { tabwrite } from '../output/tabwriter.js';
import type { CommandContext, CommandSpec } from './types.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'format', kind: 'string', defaultValue: 'table', usage: 'Format the output. Values: [table | json]' },
  { name: 'quiet', short: 'q', kind: 'bool', usage: 'Only display IDs' },
];

export const imagesCommand: CommandSpec = {
  name: 'images',
  use: '[OPTIONS] [SERVICE...]',
  short: 'List images used by the created containers',
  flags: FLAGS,
  load: () => Promise.resolve(runImagesCommand),
};

async function runImagesCommand(ctx: CommandContext): Promise<void> {
  const { runImages } = await import('../../app/images.js');
  const { humanSizeWithPrecision } = await import('../../app/units.js');
  const images = await runImages(ctx.global, ctx.host, ctx.args, ctx.warn);
  if (ctx.flags.bool('quiet')) {
    const ids = [...new Set(images.map((i) => i.ID.slice(i.ID.indexOf(':') + 1)))];
    ctx.io.stdout(ids.map((id) => `${id}\n`).join(''));
    return;
  }
  images.sort((a, b) => (a.ContainerName < b.ContainerName ? -1 : a.ContainerName > b.ContainerName ? 1 : 0));
  const format = ctx.flags.string('format').toLowerCase();
  if (format === 'json') {
    ctx.io.stdout(`${JSON.stringify(images)}\n`);
    return;
  }
  if (format !== 'table' && format !== 'pretty' && format !== '') {
    throw new TscomposeError('E_FORMAT', `format value ${JSON.stringify(ctx.flags.string('format'))} could not be parsed: parsing failed`);
  }
  const rows = images.map((i) => [i.ContainerName, i.Repository || '<none>', i.Tag || '<none>', i.ID.slice(7, 19), humanSizeWithPrecision(i.Size, 3)]);
  ctx.io.stdout(tabwrite([['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'], ...rows].map((r) => `${r.join('\t')}\n`).join('')));
}
