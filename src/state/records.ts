/**
 * The project records: what `up` created, kept on disk because there is no
 * daemon to ask (docker compose reads the same facts from container labels).
 *
 * Layout (lib/projects/, owned by this module):
 *   lib/projects/<project>/project.json   one ProjectRecord, replaced atomically
 *
 * Every record carries `version`; a record of a version this build does not
 * know is refused with a clear error rather than misread.
 */

export const RECORD_VERSION = 1;

export interface StopRecord {
  signal: string;
  timeoutSeconds: number;
}

/** A healthcheck as the supervisor runs it: the service's over the image's, durations in milliseconds. */
export interface HealthcheckRecord {
  /** `["CMD", ...]` or `["CMD-SHELL", "..."]`. */
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  startIntervalMs: number;
  retries: number;
}

/** docker's HostConfig.RestartPolicy plus deploy.restart_policy's delay and window. */
export interface RestartRecord {
  name: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  /** on-failure:N or max_attempts; 0 is no limit. */
  maxAttempts: number;
  delayMs?: number;
  windowMs?: number;
}

export interface DependencyRecord {
  service: string;
  condition: string;
  required: boolean;
  restart: boolean;
}

/** A mount as created, enough for volumes_from and for `ps`'s Mounts. */
export interface MountRecord {
  type: 'bind' | 'volume' | 'tmpfs';
  /** The volume's name, for type volume. */
  name?: string;
  source: string;
  target: string;
  readOnly: boolean;
}

export interface ContainerRecord {
  name: string;
  /** The engine's id. */
  id: string;
  service: string;
  number: number;
  oneOff: boolean;
  hash: string;
  image: string;
  imageId: string;
  networks: string[];
  /** Named volumes it mounts. */
  volumes: string[];
  /** Anonymous volumes by target path, re-attached when the container is recreated. */
  anonymousVolumes: Array<{ target: string; name: string }>;
  mounts: MountRecord[];
  dependsOn: DependencyRecord[];
  stop: StopRecord;
  restart: RestartRecord;
  healthcheck?: HealthcheckRecord;
  /** `tscompose stop` was asked for: unless-stopped does not restart it. */
  stoppedByUser: boolean;
  createdAt: string;
}

export interface ResourceRecord {
  key: string;
  name: string;
}

export interface ProjectRecord {
  version: typeof RECORD_VERSION;
  name: string;
  workingDir: string;
  configFiles: string[];
  createdAt: string;
  updatedAt: string;
  containers: ContainerRecord[];
  networks: ResourceRecord[];
  volumes: ResourceRecord[];
}

export function emptyProject(name: string, now: Date, workingDir = '', configFiles: string[] = []): ProjectRecord {
  const at = now.toISOString();
  return { version: RECORD_VERSION, name, workingDir, configFiles, createdAt: at, updatedAt: at, containers: [], networks: [], volumes: [] };
}
