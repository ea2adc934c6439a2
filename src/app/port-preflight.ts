/**
 * Every port `up` is about to publish, checked before anything is made: a
 * port another program or project holds fails the command while the host
 * is still as it was (docker compose would first create the network and the
 * containers before the one that cannot start). The project's own
 * containers keep their ports, so they do not count against it.
 */
import type { Mapping } from '../compose/tree.js';
import type { DesiredState } from '../plan/types.js';
import type { PortRequest } from '../network/index.js';
import { portSpecs } from './adapters/network-setup.js';
import type { Drivers } from './drivers.js';

export function portRequests(project: string, desired: DesiredState, services: Readonly<Record<string, Mapping>>): PortRequest[] {
  const requests: PortRequest[] = [];
  for (const svc of desired.services) {
    const config = services[svc.name] ?? {};
    const mode = typeof config.network_mode === 'string' ? config.network_mode : '';
    if (mode === 'host' || mode === 'none' || mode.includes(':')) continue;
    const ports = portSpecs(config.ports);
    if (ports.length === 0) continue;
    for (let i = 1; i <= svc.replicas; i++) {
      requests.push({ project, service: svc.name, container: svc.containerName ?? `${project}-${svc.name}-${i}`, ports });
    }
  }
  return requests;
}

export async function preflightPorts(drivers: Drivers, project: string, desired: DesiredState, services: Readonly<Record<string, Mapping>>): Promise<void> {
  const requests = portRequests(project, desired, services);
  if (requests.length === 0) return;
  const own = drivers.projects.read(project)?.containers.map((c) => c.name) ?? [];
  await (await drivers.network()).checkPorts(requests, own);
}
