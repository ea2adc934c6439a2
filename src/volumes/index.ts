/**
 * The volume driver: bind mounts, named and anonymous volumes, tmpfs and
 * copy-up, behind one interface (VolumeDriver) with one factory and an
 * in-memory fake for tests. It knows nothing of the compose model.
 *
 * Layout (lib/volumes/, owned by this module):
 *   lib/volumes/<name>/volume.json   VolumeRecord: version, driver, driver_opts, labels, created, anonymous
 *   lib/volumes/<name>/_data/        the data; a volume with driver_opts has its mount(8) mount here
 */
import { join } from 'node:path';
import type { CommandRunner } from '../host/command.js';
import { LocalVolumeDriver } from './local-driver.js';
import type { VolumeDriver } from './types.js';

export { FakeVolumeDriver } from './fake.js';
export { resolveInRoot } from './copy-up.js';
export * from './errors.js';
export { bindMount, tmpfsMount, volumeMount, type BindRequest, type MountContext, type TmpfsRequest } from './mounts.js';
export * from './types.js';

/** The driver for a state root: volumes live under `<lib>/volumes`. */
export function createVolumeDriver(libRoot: string, runner: CommandRunner, now?: () => Date): VolumeDriver {
  return new LocalVolumeDriver(join(libRoot, 'volumes'), { runner, ...(now === undefined ? {} : { now }) });
}
