/**
 * What the engine needs to know to run one container, in its own words: the
 * image's config plus the settings a compose service (or `docker run`) gives.
 * exec/translate fills this from the compose model; nothing here imports
 * compose/. Sizes are bytes, CPU values are numbers, lists are already split.
 */

/** The `config` object of an OCI image config (and Docker's image JSON). */
export interface ImageConfig {
  User?: string;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ExposedPorts?: Record<string, object>;
  Volumes?: Record<string, object>;
}

/**
 * A namespace mode as compose writes it: `private` (a new namespace, the
 * default), `host` (the host's), `shareable` (ipc only: new, and others may
 * join it), or joined by path (`container:<name>` resolved by the engine to
 * the other container's /proc/<pid>/ns/<kind>). `container` is that
 * unresolved form, which the engine turns into `path` before generating.
 */
export type NamespaceMode = { mode: 'private' } | { mode: 'host' } | { mode: 'shareable' } | { mode: 'path'; path: string } | { mode: 'container'; id: string };

/** The network namespace: a path prepared by the network driver, the host's, or a new one with only `lo`. */
export type NetworkMode = { mode: 'none' } | { mode: 'host' } | { mode: 'path'; path: string };

/** A mount already resolved by the volumes module (absolute host source, options as mount(8) words). */
export interface MountSpec {
  type: 'bind' | 'tmpfs' | string;
  source: string;
  target: string;
  options: string[];
}

export interface Ulimit {
  soft: number;
  hard: number;
}

/** `devices:` entry, `HOST[:CONTAINER[:PERMISSIONS]]` already split. */
export interface DeviceMapping {
  source: string;
  target: string;
  permissions: string;
}

export interface ContainerDescription {
  /** 64 lowercase hex characters, as Docker's container ids. */
  id: string;
  image: ImageConfig;
  /** Replaces the image's Cmd; `[]` clears it. */
  command?: string[];
  /** Replaces the image's Entrypoint (and then drops the image's Cmd, as Docker does); `[]` clears it. */
  entrypoint?: string[];
  /** `KEY=VALUE` entries; they win over the image's Env. */
  env?: string[];
  /** `user`, `uid`, `user:group`, `uid:gid`. */
  user?: string;
  workingDir?: string;
  /** Default: the first 12 characters of the id. */
  hostname?: string;
  domainname?: string;
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  readOnly?: boolean;
  init?: boolean;
  /** By name without the RLIMIT_ prefix, lower case as compose writes it (`nofile`, `nproc`). */
  ulimits?: Record<string, Ulimit>;
  sysctls?: Record<string, string>;
  shmSize?: number;
  /** `tmpfs:` entries as compose writes them: `/run` or `/run:size=1m,mode=1770`. */
  tmpfs?: string[];
  devices?: DeviceMapping[];
  /** `c 42:* rmw` */
  deviceCgroupRules?: string[];
  /** `no-new-privileges[:true|false]`, `seccomp=unconfined|<profile path>`, `label=...`, `apparmor=...` */
  securityOpt?: string[];
  tty?: boolean;
  stdinOpen?: boolean;
  memLimit?: number;
  /** Memory plus swap; -1 is unlimited swap. */
  memswapLimit?: number;
  memReservation?: number;
  memSwappiness?: number;
  cpus?: number;
  cpuShares?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  cpuset?: string;
  cpusetMems?: string;
  pidsLimit?: number;
  blkioWeight?: number;
  oomScoreAdj?: number;
  oomKillDisable?: boolean;
  /** Group names or numbers. */
  groupAdd?: string[];
  ipc?: NamespaceMode;
  pid?: NamespaceMode;
  uts?: NamespaceMode;
  network?: NetworkMode;
  mounts?: MountSpec[];
  /** compose `cgroup_parent`: the container's cgroup is `<parent>/<id>` (default `/tscompose`). */
  cgroupParent?: string;
  /** The container's cgroup path itself, when the caller decides it; wins over cgroupParent. */
  cgroupsPath?: string;
  annotations?: Record<string, string>;
}
