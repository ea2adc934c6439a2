/**
 * `tscompose ps [OPTIONS] [SERVICE...]`, docker compose 2.26.1's flags and
 * output (src/cli/output/ps.ts formats); the containers come from the
 * project records and the engine (src/app/project-containers.ts).
 */
import type { FlagSpec } from '../flags.js';
import type { CommandContext, CommandSpec } from './types.js';

export const FORMAT_USAGE = "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

const STATUSES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

const FLAGS: readonly FlagSpec[] = [
  { name: 'all', short: 'a', kind: 'bool', usage: 'Show all stopped containers (including those created by the run command)' },
  { name: 'filter', kind: 'string', usage: 'Filter services by a property (supported filters: status).' },
  { name: 'format', kind: 'string', defaultValue: 'table', usage: FORMAT_USAGE },
  { name: 'no-trunc', kind: 'bool', usage: "Don't truncate output" },
  { name: 'orphans', kind: 'bool', defaultValue: 'true', usage: 'Include orphaned services (not declared by project)' },
  { name: 'quiet', short: 'q', kind: 'bool', usage: 'Only display IDs' },
  { name: 'services', kind: 'bool', usage: 'Display services' },
  { name: 'status', kind: 'stringArray', usage: `Filter services by status. Values: [${STATUSES.join(' | ')}]` },
];

export const psCommand: CommandSpec = {
  name: 'ps',
  use: '[OPTIONS] [SERVICE...]',
  short: 'List containers',
  flags: FLAGS,
  load: () => Promise.resolve(runPs),
};

async function runPs(ctx: CommandContext): Promise<void> {
  const f = ctx.flags;
  const { filterStatuses, formatPs } = await import('../output/ps.js');
  const statuses = [...filterStatuses(f.string('filter')), ...f.strings('status')];
  const { openDrivers } = await import('../../app/drivers.js');
  const { readProject, checkServices } = await import('../../app/read-project.js');
  const { projectContainers } = await import('../../app/project-containers.js');
  const { psContainer } = await import('./container-views.js');
  const project = readProject(ctx.global, ctx.host, ctx.warn);
  checkServices(project, ctx.args);
  const list = await projectContainers(openDrivers(ctx.io.env), project.name, { services: ctx.args, withHealth: true, withPorts: true });
  const declared = project.services;
  // docker compose's oneOffExclude unless -a: `run` containers are listed only with it.
  const listed = f.bool('all') ? list : list.filter((c) => !c.record.oneOff);
  const kept = f.bool('orphans') || declared === undefined ? listed : listed.filter((c) => declared.includes(c.record.service));
  const now = (ctx.io.now ?? (() => new Date()))().getTime();
  ctx.io.stdout(formatPs(kept.map((c) => psContainer(c, project.name)), {
    format: f.string('format'), quiet: f.bool('quiet'), services: f.bool('services'), all: f.bool('all'), statuses, noTrunc: f.bool('no-trunc'),
  }, now));
}
