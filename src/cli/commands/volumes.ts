/**
 * `tscompose volumes [SERVICE...]` (docker compose 2.30+): the project's
 * volumes, or with services the ones their containers mount, in docker
 * volume ls's layout.
 */
import { TscomposeError } from '../../errors.js';
import { formatList } from '../output/formatted-list.js';
import type { CommandContext, CommandSpec } from './types.js';
import { VOLUME_LIST, volumeFields } from './volume.js';

export const volumesCommand: CommandSpec = {
  name: 'volumes',
  use: '[OPTIONS] [SERVICE...]',
  short: 'List volumes',
  flags: [
    { name: 'format', kind: 'string', defaultValue: 'table', usage: "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates" },
    { name: 'quiet', short: 'q', kind: 'bool', usage: 'Only display volume names' },
  ],
  load: () => Promise.resolve(runVolumes),
};

async function runVolumes(ctx: CommandContext): Promise<void> {
  const { openDrivers } = await import('../../app/drivers.js');
  const { projectVolumes } = await import('../../app/volumes.js');
  const { projectName } = await import('../../app/project-name.js');
  const name = projectName(ctx.global, ctx.host, ctx.warn, (known) => {
    const unknown = ctx.args.find((s) => !known.includes(s));
    if (unknown !== undefined) throw new TscomposeError('E_NO_SUCH_SERVICE', `no such service: ${unknown}`);
  });
  const d = openDrivers(ctx.io.env);
  const list = await projectVolumes({ volumes: d.ports.volumes, projects: d.projects }, name, ctx.args);
  if (ctx.flags.bool('quiet')) {
    ctx.io.stdout(list.map((v) => `${v.name}\n`).join(''));
    return;
  }
  ctx.io.stdout(formatList(list.map(volumeFields), ctx.flags.string('format'), false, VOLUME_LIST));
}
