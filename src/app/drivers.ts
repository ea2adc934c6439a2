/**
 * The one place the drivers are plugged into exec's ports: the volume driver
 * (src/volumes), the image store (src/images), the container engine
 * (src/engine) and the network driver (src/network), each opened on first
 * use so a command that only reads records loads none of them. The
 * adapters in app/adapters translate between exec's words and theirs.
 */
import { join } from 'node:path';
import type { ContainerEngine } from '../engine/index.js';
import type { ExecPorts } from '../exec/ports.js';
import type { ImageStore } from '../images/index.js';
import type { NetworkDriver } from '../network/index.js';
import { hostRunner } from '../host/command.js';
import { once } from '../host/lazy.js';
import { stateRoots, type StateRoots } from '../host/state-root.js';
import { ProjectStore } from '../state/project-store.js';
import type { Launch } from '../supervisor/client.js';
import { createVolumeDriver } from '../volumes/index.js';
import { containerPort } from './adapters/container-port.js';
import { imagePort } from './adapters/image-port.js';
import { networkPort } from './adapters/network-port.js';
import { supervisedHealth } from './adapters/supervised-health.js';
import { keepSupervised, tellStopping } from './supervisor.js';

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

export interface DriverOptions {
  /** How to start the project supervisor; without it started containers go unwatched (no healthchecks, no restarts). */
  supervisor?: () => Launch;
  warn?: (message: string) => void;
}


export function openDrivers(env: Readonly<Record<string, string | undefined>>, opts: DriverOptions = {}): Drivers {
  const roots = stateRoots(env);
  const projects = new ProjectStore(join(roots.lib, 'projects'));
  const engine = once(async () => (await import('../engine/index.js')).createEngine({ roots, env }));
  const imageStore = once(async () => (await import('../images/index.js')).openImageStore(join(roots.lib, 'images')));
  const network = once(async () => (await import('../network/index.js')).createNetworkDriver({ roots }));
  const launch = opts.supervisor;
  // Containers start in parallel; one request at a time goes to the supervisor (so only one is
  // ever spawned), starts that come meanwhile share one more reload, and no start waits for it:
  // a health wait polls the supervisor until it answers, and the use case ensures it at the end.
  const asking = new Map<string, { again: boolean }>();
  const onStarted = (project: string): Promise<void> => {
    if (launch === undefined || project === '') return Promise.resolve();
    const busy = asking.get(project);
    if (busy !== undefined) {
      busy.again = true;
      return Promise.resolve();
    }
    const state = { again: true };
    asking.set(project, state);
    void (async () => {
      while (state.again) {
        state.again = false;
        await keepSupervised(roots.run, project, launch, opts.warn ?? (() => undefined), false);
      }
      asking.delete(project);
    })();
    return Promise.resolve();
  };
  const onStopping = (project: string): Promise<void> => tellStopping(roots.run, project);
  return {
    roots,
    projects,
    ports: {
      volumes: createVolumeDriver(roots.lib, hostRunner),
      images: imagePort(imageStore, env),
      containers: containerPort({ engine, imageStore, network, onStarted, onStopping, healthOf: supervisedHealth(roots.run, projects) }),
      networks: networkPort(network),
    },
    engine,
    imageStore,
    network,
  };
}
