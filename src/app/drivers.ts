/**
 * The one place the drivers are plugged into exec's ports. The volume driver
 * (src/volumes) is real; the image store (issue 3), the container engine
 * (issue 4) and the network library (issue 5) are being built, and until
 * their adapters are wired here each of those ports answers with
 * DriverNotWiredError naming what is missing, so `up` fails clearly instead
 * of pretending. Wiring one in is replacing its `unwired(...)` below.
 */
import { join } from 'node:path';
import type { ContainerPort, ExecPorts, ImagePort, NetworkPort } from '../exec/ports.js';
import { hostRunner } from '../host/command.js';
import { stateRoots, type StateRoots } from '../host/state-root.js';
import { ProjectStore } from '../state/project-store.js';
import { unwired } from '../exec/unwired.js';
import { createVolumeDriver } from '../volumes/index.js';

export { DriverNotWiredError, isWired } from '../exec/unwired.js';

export interface Drivers {
  roots: StateRoots;
  projects: ProjectStore;
  ports: Omit<ExecPorts, 'records'>;
}

export function openDrivers(env: Readonly<Record<string, string | undefined>>): Drivers {
  const roots = stateRoots(env);
  return {
    roots,
    projects: new ProjectStore(join(roots.lib, 'projects')),
    ports: {
      volumes: createVolumeDriver(roots.lib, hostRunner),
      images: unwired<ImagePort>('use images', 3),
      containers: unwired<ContainerPort>('run containers', 4),
      networks: unwired<NetworkPort>('create networks', 5),
    },
  };
}
