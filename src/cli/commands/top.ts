/**
 * `tscompose top [SERVICES...]`: the processes of each running container
 * of the project, as docker compose prints them (src/cli/output/read-commands.ts).
 */
import type { CommandContext, CommandSpec } from './types.js';

export const topCommand: CommandSpec = {
  name: 'top',
  use: '[SERVICES...]',
  short: 'Display the running processes',
  flags: [],
  load: () => Promise.resolve(runTop),
};

async function runTop(ctx: CommandContext): Promise<void> {
  const { openDrivers } = await import('../../app/drivers.js');
  const { readProject, checkServices } = await import('../../app/read-project.js');
  const { projectContainers } = await import('../../app/project-containers.js');
  const { formatTop } = await import('../output/read-commands.js');
  const project = readProject(ctx.global, ctx.host, ctx.warn);
  checkServices(project, ctx.args);
  const d = openDrivers(ctx.io.env);
  const running = (await projectContainers(d, project.name, { services: ctx.args })).filter((c) => c.inspect.state.running);
  const engine = await d.engine();
  const entries = await Promise.all(running.map(async (c) => ({ name: c.record.name, ...(await engine.top(c.inspect.id)) })));
  ctx.io.stdout(formatTop(entries));
}
