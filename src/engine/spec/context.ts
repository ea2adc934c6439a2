/**
 * The host facts and prepared files the spec generator reads. The engine
 * gathers them (stat of devices, the rootfs' /etc/passwd, the kernel's cgroup
 * features, ...) so that generating config.json stays a pure function.
 */
import type { SeccompProfile } from './seccomp/profile-types.js';

export interface HostDevice {
  /** Path on the host. */
  path: string;
  type: 'c' | 'b';
  major: number;
  minor: number;
  fileMode: number;
  uid: number;
  gid: number;
}

/** What the cgroup hierarchy of this host can limit; a missing feature is warned about and dropped, as Docker does. */
export interface CgroupFeatures {
  memoryLimit: boolean;
  memorySwap: boolean;
  memoryReservation: boolean;
  memorySwappiness: boolean;
  oomKillDisable: boolean;
  cpuShares: boolean;
  cpuCfs: boolean;
  cpuset: boolean;
  pids: boolean;
  blkioWeight: boolean;
}

export const ALL_CGROUP_FEATURES: CgroupFeatures = {
  memoryLimit: true,
  memorySwap: true,
  memoryReservation: true,
  memorySwappiness: true,
  oomKillDisable: true,
  cpuShares: true,
  cpuCfs: true,
  cpuset: true,
  pids: true,
  blkioWeight: true,
};

export interface SpecContext {
  /** The mounted root file system (root.path). */
  rootfs: string;
  /** Host files the engine wrote for the container, bind-mounted over /etc/... */
  etcFiles?: { hostname?: string; hosts?: string; resolvConf?: string };
  /** A host directory bound at /dev/shm (shareable IPC, or the one of the container whose IPC is joined). */
  shmPath?: string;
  /**
   * The static init for `init: true`: the host file and where it is bound in
   * the container (Docker: /usr/bin/docker-init at /sbin/docker-init). It is
   * run as `<destination> -- CMD...`, tini's command line.
   */
  init?: { source: string; destination: string };
  /** The rootfs' /etc/passwd and /etc/group, when they exist. */
  passwd?: string;
  group?: string;
  /** `devices:` sources resolved on the host: one node, or every node below a directory. */
  devices?: Record<string, HostDevice[]>;
  /** All device nodes of the host, for `privileged: true`. */
  hostDevices?: HostDevice[];
  /** Profiles named by `seccomp=FILE`, already read and parsed. */
  seccompProfiles?: Record<string, SeccompProfile>;
  /** `v2` adds a private cgroup namespace, as Docker does on unified hosts. */
  cgroupMode: 'v1' | 'hybrid' | 'v2';
  cgroupFeatures?: CgroupFeatures;
  /** Capabilities the runtime can grant (tscompose's own bounding set). */
  hostBounding?: string[];
  /** Per RLIMIT_* type, the highest hard limit the runtime may set (its own, without CAP_SYS_RESOURCE). */
  rlimitCeiling?: Record<string, number>;
  /** Go architecture name (`amd64`) and kernel `major.minor`, for the seccomp profile's conditions. */
  arch: string;
  kernel?: string;
  cpuCount: number;
  /** The host's hostname, which `network: host` containers take. */
  hostHostname?: string;
  apparmorEnabled?: boolean;
}

export interface GeneratedSpec {
  spec: import('./oci.js').OciSpec;
  /** Settings that could not be applied as asked on this host; the caller shows them. */
  warnings: string[];
}
