/**
 * What the read commands (ps, logs, top, port, stats, events, ls) know of a
 * project's containers: the project records say which containers it has
 * (docker compose asks for containers labelled with the project), the engine
 * says what each one is doing, the network driver's endpoints which host
 * ports it got, and the project supervisor, when it answers, its health.
 * A recorded container the engine no longer has is left out, as docker
 * compose never sees a container dockerd lost.
 */
import type { ContainerEngine, ContainerInspect } from '../engine/index.js';
import type { NetworkDriver } from '../network/index.js';
import type { ProjectStore } from '../state/project-store.js';
import type { ContainerRecord } from '../state/records.js';
import { request } from '../supervisor/client.js';
import { supervisorPaths } from '../supervisor/protocol.js';

/** The drivers a read command needs, opened lazily (Drivers satisfies it). */
export interface ReadDrivers {
  roots: { run: string; lib: string };
  projects: ProjectStore;
  engine(): Promise<ContainerEngine>;
  network?(): Promise<NetworkDriver>;
}

export interface PortView {
  /** "" for a port the image exposes and nothing publishes. */
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface ProjectContainer {
  record: ContainerRecord;
  inspect: ContainerInspect;
  /** Entrypoint and command as the process got them. */
  command: string[];
  ports: PortView[];
  health?: 'starting' | 'healthy' | 'unhealthy';
}

export interface ContainerQuery {
  /** Only these services (empty: all). */
  services?: readonly string[];
  /** Skip asking the supervisor for health (commands that do not show it). */
  withHealth?: boolean;
  withPorts?: boolean;
}

export async function projectContainers(d: ReadDrivers, project: string, q: ContainerQuery = {}): Promise<ProjectContainer[]> {
  const record = d.projects.read(project);
  const wanted = (record?.containers ?? []).filter((c) => (q.services ?? []).length === 0 || (q.services ?? []).includes(c.service));
  if (wanted.length === 0) return [];
  const engine = await d.engine();
  // Only a container with a healthcheck has a health to show: without one, no round trip to the supervisor.
  const health = q.withHealth === true && wanted.some((c) => c.healthcheck !== undefined) ? await supervisorHealth(d.roots.run, project) : new Map<string, string>();
  const endpoints = q.withPorts === true ? await publishedPorts(d, project) : new Map<string, PortView[]>();
  const out: ProjectContainer[] = [];
  for (const rec of wanted) {
    const inspect = await inspectRecorded(engine, rec);
    if (inspect === undefined) continue;
    const h = health.get(rec.name);
    out.push({
      record: rec, inspect, command: commandOf(inspect),
      ports: [...(endpoints.get(rec.name) ?? endpoints.get(rec.id) ?? []), ...exposedOnly(inspect, endpoints.get(rec.name) ?? [])],
      ...(h === 'starting' || h === 'healthy' || h === 'unhealthy' ? { health: h } : {}),
    });
  }
  return out.sort((a, b) => (a.record.name < b.record.name ? -1 : a.record.name > b.record.name ? 1 : 0));
}

async function inspectRecorded(engine: ContainerEngine, rec: ContainerRecord): Promise<ContainerInspect | undefined> {
  const id = (await engine.find(rec.id)) ?? (await engine.find(rec.name));
  if (id === undefined) return undefined;
  return engine.inspect(id).catch(() => undefined);
}

export function commandOf(i: ContainerInspect): string[] {
  const d = i.description;
  const entrypoint = d.entrypoint ?? d.image.Entrypoint ?? [];
  const cmd = d.command ?? (d.entrypoint !== undefined ? [] : (d.image.Cmd ?? []));
  return [...entrypoint, ...cmd];
}

/** The image's ExposedPorts that no endpoint publishes: `80/tcp` in ps. */
function exposedOnly(i: ContainerInspect, published: readonly PortView[]): PortView[] {
  return Object.keys(i.description.image.ExposedPorts ?? {}).flatMap((key) => {
    const [port, proto = 'tcp'] = key.split('/');
    const n = Number(port);
    if (!Number.isInteger(n) || published.some((p) => p.containerPort === n && p.protocol === proto)) return [];
    return [{ hostIp: '', hostPort: 0, containerPort: n, protocol: proto }];
  });
}

/** Host ports by container name, from the network driver's endpoint records; nothing when it cannot be opened. */
async function publishedPorts(d: ReadDrivers, project: string): Promise<Map<string, PortView[]>> {
  const out = new Map<string, PortView[]>();
  if (d.network === undefined) return out;
  try {
    const net = await d.network();
    for (const ep of await net.endpoints({ project })) {
      const list = out.get(ep.container) ?? [];
      for (const p of ep.ports) list.push({ hostIp: p.hostIp === '' ? '0.0.0.0' : p.hostIp, hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol });
      out.set(ep.container, list);
    }
  } catch {
    // Without the network driver (no native helper, no root) ps still lists the containers.
  }
  return out;
}

/** Health by container name from the project supervisor; nothing when it does not answer. */
async function supervisorHealth(runRoot: string, project: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    const reports = (await request(supervisorPaths(runRoot, project).socket, 'status', undefined, 1000)) as Array<{ name: string; health?: { Status: string } }>;
    for (const r of reports) if (r.health !== undefined) out.set(r.name, r.health.Status);
  } catch {
    // No supervisor: no health to show, as a container without a healthcheck.
  }
  return out;
}
