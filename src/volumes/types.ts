/**
 * The volume driver's own input and output types (it imports nothing of the
 * compose model): a volume to create, what a volume is once created, and
 * the mounts it hands the runtime.
 */

export interface VolumeSpec {
  name: string;
  /** Only `local` exists here, as in a default Docker engine. */
  driver?: string;
  /** `type`, `o`, `device` of the local driver. */
  driverOpts?: Readonly<Record<string, string>>;
  labels?: Readonly<Record<string, string>>;
  /** Named by the engine (64 hex digits) and labelled `com.docker.volume.anonymous`. */
  anonymous?: boolean;
}

export const RECORD_VERSION = 1;

/** lib/volumes/<name>/volume.json. */
export interface VolumeRecord {
  version: typeof RECORD_VERSION;
  name: string;
  driver: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
  /** RFC 3339 to the second, as `docker volume inspect` prints CreatedAt. */
  createdAt: string;
  anonymous: boolean;
}

export interface VolumeInfo extends VolumeRecord {
  /** The host directory a container mounts. */
  mountpoint: string;
  scope: 'local';
  /** `com.docker.compose.project` of its labels, when a project created it. */
  project?: string;
}

export const PROJECT_LABEL = 'com.docker.compose.project';
export const VOLUME_LABEL = 'com.docker.compose.volume';
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** A mount ready for the runtime: an OCI `mounts` entry with what the runtime must create at the target. */
export interface MountSpec {
  type: 'bind' | 'tmpfs';
  source: string;
  target: string;
  options: string[];
  /** For binds: a file source needs a file at the target, a directory one a directory. */
  sourceKind?: 'file' | 'dir';
}

export type RemoveResult = 'removed' | 'missing';
export type CopyUpResult = 'copied' | 'not-empty' | 'no-source';

export interface VolumeDriver {
  /** Fails when the name is taken; `docker volume create` of an existing name returns it instead (see ensure). */
  create(spec: VolumeSpec): Promise<VolumeInfo>;
  /** The volume, created when missing (`docker volume create NAME` twice returns the same volume). */
  ensure(spec: VolumeSpec): Promise<VolumeInfo>;
  inspect(name: string): Promise<VolumeInfo | undefined>;
  list(): Promise<VolumeInfo[]>;
  /** Unmounts what driver_opts mounted, then deletes the data. "Already gone" is `missing`, not an error. */
  remove(name: string): Promise<RemoveResult>;
  /** The host directory to bind into a container; a volume with driver_opts is mounted here first. */
  mount(name: string): Promise<string>;
  /** Fills an empty volume with `path` of a container's root filesystem (resolved inside it), with owners and modes. */
  copyUp(name: string, rootfs: string, path: string): Promise<CopyUpResult>;
}
