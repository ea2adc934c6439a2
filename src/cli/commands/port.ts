/**
 * `tscompose port [OPTIONS] SERVICE PRIVATE_PORT`: the host address and
 * port a container's private port is published on, from the network
 * driver's endpoint records (docker compose 2.26.1's flags and errors).
 */
import { TscomposeError, UsageError } from '../../errors.js';
import type { CommandContext, CommandSpec } from './types.js';

export const portCommand: CommandSpec = {
  name: 'port',
  use: '[OPTIONS] SERVICE PRIVATE_PORT',
  short: 'Print the public port for a port binding',
  flags: [
    { name: 'index', kind: 'int', usage: 'Index of the container if service has multiple replicas' },
    { name: 'protocol', kind: 'string', defaultValue: 'tcp', usage: 'tcp or udp' },
  ],
  load: () => Promise.resolve(runPort),
};

async function runPort(ctx: CommandContext): Promise<void> {
  if (ctx.args.length < 2) throw new UsageError(`requires at least 2 arg(s), only received ${ctx.args.length}`);
  const [service = '', raw = ''] = ctx.args;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new TscomposeError('E_USAGE', `strconv.ParseUint: parsing ${JSON.stringify(raw)}: ${/^\d+$/.test(raw) ? 'value out of range' : 'invalid syntax'}`);
  const protocol = ctx.flags.string('protocol').toLowerCase();
  const index = ctx.flags.int('index');
  const { openDrivers } = await import('../../app/drivers.js');
  const { readProject } = await import('../../app/read-project.js');
  const { projectContainers } = await import('../../app/project-containers.js');
  const { formatPort } = await import('../output/read-commands.js');
  const { publishers } = await import('./container-views.js');
  const project = readProject(ctx.global, ctx.host, ctx.warn);
  const list = (await projectContainers(openDrivers(ctx.io.env), project.name, { services: [service], withPorts: true }))
    .filter((c) => c.inspect.state.running && (index <= 0 || c.record.number === index))
    .sort((a, b) => a.record.number - b.record.number);
  const c = list[0];
  if (c === undefined) throw new TscomposeError('E_NO_CONTAINER', index > 0 ? `service "${service}" is not running container #${index}` : `service "${service}" is not running`);
  ctx.io.stdout(formatPort(c.record.name, publishers(c.ports.filter((p) => p.hostIp !== '')), Number(raw), protocol));
}
