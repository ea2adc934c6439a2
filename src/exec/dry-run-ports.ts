/**
 * What `--dry-run` runs against: ports that change nothing, keep nothing
 * and succeed, so the run reports the events a real one would (docker
 * compose's dry-run client does the same against its engine API).
 */
import type { VolumeDriver, VolumeInfo, VolumeSpec } from '../volumes/index.js';
import type { ExecPorts } from './ports.js';

function dryVolume(spec: VolumeSpec): VolumeInfo {
  return {
    version: 1, name: spec.name, driver: 'local', driverOpts: { ...(spec.driverOpts ?? {}) }, labels: { ...(spec.labels ?? {}) },
    createdAt: '', anonymous: spec.anonymous === true, mountpoint: '', scope: 'local',
  };
}

const volumes: VolumeDriver = {
  create: async (spec) => dryVolume(spec),
  ensure: async (spec) => dryVolume(spec),
  inspect: async () => undefined,
  list: async () => [],
  remove: async () => 'removed',
  mount: async () => '',
  copyUp: async () => 'not-empty',
};

export function dryRunPorts(): ExecPorts {
  return {
    images: { inspect: async () => undefined, pull: async () => ({ id: '', config: {} }), remove: async () => 'removed' },
    networks: { create: async () => undefined, inspect: async () => undefined, remove: async () => 'removed' },
    containers: {
      create: async () => ({ id: '', rootfs: '' }),
      start: async () => undefined,
      stop: async () => 'stopped',
      kill: async () => 'killed',
      remove: async () => 'removed',
      inspect: async () => undefined,
    },
    volumes,
  };
}
