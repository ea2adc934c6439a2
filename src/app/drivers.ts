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
import type { ContainerEngine } from '../engine/index.js';
import type { ImageStore } from '../images/index.js';
import type { NetworkDriver } from '../network/index.js';

export { DriverNotWiredError, isWired } from '../exec/unwired.js';

export interface Drivers {
  roots: StateRoots;
  projects: ProjectStore;
  ports: Omit<ExecPorts, 'records'>;
  /**
   * The real drivers, opened on first use: commands that only read records
   * must not pay for loading (or fail on) an engine they never call.
   */
  engine(): Promise<ContainerEngine>;
  imageStore(): Promise<ImageStore>;
  network(): Promise<NetworkDriver>;
}

function once<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => (opened ??= open());
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
    engine: once(async () => (await import('../engine/index.js')).createEngine({ roots, env })),
    imageStore: once(async () => (await import('../images/index.js')).openImageStore(join(roots.lib, 'images'))),
    network: once(async () => (await import('../network/index.js')).createNetworkDriver({ roots })),
  };
}
