/**
 * `tscompose events [OPTIONS] [SERVICE...]`: what happens to the project's
 * containers, as the project supervisor sees it (start, die, restart,
 * health_status: ...), printed as docker compose's Event.String or with
 * `--json` one object per line, until Ctrl-C.
 */
import type { CommandContext, CommandSpec } from './types.js';

export const eventsCommand: CommandSpec = {
  name: 'events',
  use: '[OPTIONS] [SERVICE...]',
  short: 'Receive real time events from containers',
  flags: [{ name: 'json', kind: 'bool', usage: 'Output events as a stream of json objects' }],
  load: () => Promise.resolve(runEvents),
};

async function runEvents(ctx: CommandContext): Promise<void> {
  const { openDrivers } = await import('../../app/drivers.js');
  const { readProject, checkServices } = await import('../../app/read-project.js');
  const { projectEvents } = await import('../../app/events.js');
  const { formatEvent } = await import('../output/read-commands.js');
  const project = readProject(ctx.global, ctx.host, ctx.warn);
  checkServices(project, ctx.args);
  const stop = new AbortController();
  const remove = ctx.io.onInterrupt?.(() => stop.abort());
  const json = ctx.flags.bool('json');
  try {
    await projectEvents(openDrivers(ctx.io.env), project.name, ctx.args, stop.signal, (e) => {
      ctx.io.stdout(formatEvent({ time: new Date(e.time), container: e.id, service: e.service, action: e.action, attributes: e.attributes }, json));
    });
  } finally {
    remove?.();
  }
}
