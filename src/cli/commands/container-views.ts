/**
 * The app's view of a project's containers turned into what the output
 * formatters print (ps rows, port publishers), with the times as numbers.
 */
import type { PortView, ProjectContainer } from '../../app/project-containers.js';
import type { Publisher } from '../output/ports.js';
import type { PsContainer } from '../output/ps.js';

export function publishers(ports: readonly PortView[]): Publisher[] {
  return ports.map((p) => ({ url: p.hostIp, targetPort: p.containerPort, publishedPort: p.hostPort, protocol: p.protocol }));
}

/** dockerd's container list Command: the path, then each argument, quoted in '' when it holds a space. */
export function commandText(args: readonly string[]): string {
  const [path = '', ...rest] = args;
  return rest.length === 0 ? path : `${path} ${rest.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`;
}

function time(s: string): number | undefined {
  if (s === '') return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export function psContainer(c: ProjectContainer, project: string): PsContainer {
  const st = c.inspect.state;
  const started = time(st.startedAt);
  const finished = time(st.finishedAt);
  const mounts = c.record.mounts.map((m) => (m.type === 'volume' ? (m.name ?? m.source) : m.source));
  return {
    id: c.inspect.id,
    name: c.record.name,
    project,
    service: c.record.service,
    image: c.record.image,
    command: commandText(c.command),
    created: time(c.inspect.created) ?? time(c.record.createdAt) ?? 0,
    state: st.status,
    exitCode: st.exitCode,
    ...(started === undefined ? {} : { startedAt: started }),
    ...(finished === undefined ? {} : { finishedAt: finished }),
    ...(c.health === undefined ? {} : { health: c.health }),
    publishers: publishers(c.ports),
    labels: c.inspect.labels,
    mounts,
    localVolumes: c.record.mounts.filter((m) => m.type === 'volume').length,
    networks: c.record.networks,
  };
}
