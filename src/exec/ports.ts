/**
 * What exec needs from the drivers, as small interfaces of its own: the
 * image store (issue 3), the container engine (issue 4) and the network
 * library (issue 5) are wired in by adapters that implement these; the
 * volume driver (src/volumes) and the project records (src/state) are used
 * as they are. Results name "already gone" outcomes (`missing`) instead of
 * throwing, so teardown can count them as success.
 */
import type { ContainerState } from '../plan/types.js';
import type { ProjectRecorder } from '../state/project-store.js';
import type { MountSpec, VolumeDriver } from '../volumes/index.js';

/** The part of an OCI image config exec reads, under the OCI JSON key names. */
export interface ImageConfig {
  /** `VOLUME` paths, keys of an object as in OCI. */
  Volumes?: Readonly<Record<string, unknown>>;
  /** docker's HEALTHCHECK, durations in nanoseconds. */
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; StartInterval?: number; Retries?: number };
  StopSignal?: string;
}

export interface ImageInfo {
  /** `sha256:...` of the config, as docker's image id. */
  id: string;
  config: ImageConfig;
}

export interface ImagePort {
  inspect(ref: string): Promise<ImageInfo | undefined>;
  pull(ref: string, opts: { signal?: AbortSignal }): Promise<ImageInfo>;
  remove(ref: string): Promise<'removed' | 'missing' | 'in-use'>;
}

export interface NetworkCreateRequest {
  name: string;
  project: string;
  /** The key in the compose file's `networks:` (`default`). */
  key: string;
  /** The canonical network definition (driver, ipam, internal, enable_ipv6, labels, driver_opts...). */
  config: Readonly<Record<string, unknown>>;
  labels: Record<string, string>;
}

export interface NetworkInfo {
  name: string;
  /** `com.docker.compose.project` of the network, when a project created it. */
  project?: string;
}

export interface NetworkPort {
  create(req: NetworkCreateRequest): Promise<void>;
  inspect(name: string): Promise<NetworkInfo | undefined>;
  remove(name: string): Promise<'removed' | 'missing' | 'in-use'>;
}

export interface ContainerNetwork {
  name: string;
  key: string;
  /** Container name, service name, then `networks.<key>.aliases`, as docker compose attaches them. */
  aliases: string[];
}

export interface ContainerCreateRequest {
  name: string;
  project: string;
  service: string;
  number: number;
  oneOff: boolean;
  /** The canonical service definition, as `config --format json` prints it. */
  config: Readonly<Record<string, unknown>>;
  image: ImageInfo;
  imageRef: string;
  mounts: MountSpec[];
  networks: ContainerNetwork[];
  /** The com.docker.compose.* labels docker compose sets, plus the service's own. */
  labels: Record<string, string>;
}

export interface ContainerStatus {
  name: string;
  id: string;
  state: ContainerState;
  exitCode: number;
  /** RFC 3339; absent before the first start. */
  startedAt?: string;
  finishedAt?: string;
  /** Starts after an exit so far (docker's RestartCount), when the engine knows it. */
  restartCount?: number;
  /** From the supervisor's healthchecks; absent without a healthcheck. */
  health?: 'starting' | 'healthy' | 'unhealthy';
}

export interface ContainerPort {
  /** Creates the container (not started); `rootfs` is its root filesystem on the host, for copy-up. */
  create(req: ContainerCreateRequest): Promise<{ id: string; rootfs: string }>;
  start(name: string): Promise<void>;
  /** Sends the signal, then SIGKILL after the timeout. */
  stop(name: string, opts: { signal: string; timeoutSeconds: number }): Promise<'stopped' | 'missing'>;
  kill(name: string, signal: string): Promise<'killed' | 'missing' | 'not-running'>;
  remove(name: string): Promise<'removed' | 'missing'>;
  inspect(name: string): Promise<ContainerStatus | undefined>;
}

export interface ExecPorts {
  images: ImagePort;
  containers: ContainerPort;
  networks: NetworkPort;
  volumes: VolumeDriver;
  /** Where what was created is recorded; dry runs pass none. */
  records?: ProjectRecorder;
}
