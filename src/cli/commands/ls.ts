/**
 * `tscompose ls`: every project with records under the state root, with its
 * containers' states as the engine reports them (docker compose lists the
 * projects its containers' labels name). Output: src/cli/output/ls.ts.
 */
import type { CommandContext, CommandSpec } from './types.js';

export const lsCommand: CommandSpec = {
  name: 'ls',
  use: '[OPTIONS]',
  short: 'List running compose projects',
  noArgs: true,
  flags: [
    { name: 'all', short: 'a', kind: 'bool', usage: 'Show all stopped Compose projects' },
    { name: 'filter', kind: 'stringArray', usage: 'Filter output based on conditions provided' },
    { name: 'format', kind: 'string', defaultValue: 'table', usage: 'Format the output. Values: [table | json]' },
    { name: 'quiet', short: 'q', kind: 'bool', usage: 'Only display IDs' },
  ],
  load: () => Promise.resolve(runLs),
};

async function runLs(ctx: CommandContext): Promise<void> {
  const { openDrivers } = await import('../../app/drivers.js');
  const { projectContainers } = await import('../../app/project-containers.js');
  const { formatLs } = await import('../output/ls.js');
  const opts = { format: ctx.flags.string('format'), quiet: ctx.flags.bool('quiet'), all: ctx.flags.bool('all'), filters: ctx.flags.strings('filter') };
  // Bad filters and formats fail before any driver is opened.
  formatLs([], opts);
  const d = openDrivers(ctx.io.env);
  const stacks = [];
  for (const rec of d.projects.list()) {
    const containers = rec.containers.length === 0 ? [] : await projectContainers(d, rec.name);
    if (containers.length === 0) continue;
    stacks.push({ name: rec.name, states: containers.map((c) => c.inspect.state.status), configFiles: rec.configFiles });
  }
  ctx.io.stdout(formatLs(stacks, opts));
}
