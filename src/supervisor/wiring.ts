/**
 * The supervisor's one place for drivers, as app/drivers.ts is the CLI's:
 * the container engine behind its ports (engine-ports.ts), opened on first
 * use, and the network driver for the project's DNS server (dns.ts).
 */
import { once } from '../host/lazy.js';
import { stateRoots } from '../host/state-root.js';
import type { ContainerEngine } from '../engine/index.js';
import type { NetworkDriver } from '../network/index.js';
import { supervisorPortsOver } from './engine-ports.js';
import type { SupervisorPorts } from './ports.js';


export interface SupervisorDrivers {
  ports: SupervisorPorts;
  network: () => Promise<NetworkDriver>;
}

export function supervisorDrivers(env: Readonly<Record<string, string | undefined>>): SupervisorDrivers {
  const roots = stateRoots(env);
  const engine = once<ContainerEngine>(async () => (await import('../engine/index.js')).createEngine({ roots, env }));
  return {
    ports: supervisorPortsOver(engine),
    network: once(async () => (await import('../network/index.js')).createNetworkDriver({ roots })),
  };
}

export function supervisorPorts(env: Readonly<Record<string, string | undefined>>): SupervisorPorts {
  return supervisorDrivers(env).ports;
}
