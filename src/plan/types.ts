/**
 * What the planner reads and writes. Desired state comes from the compose
 * model (desired.ts), observed state from the project records and the
 * drivers (app/observe.ts), and a Plan is a DAG of small operations that
 * exec/ walks without making decisions. Everything here is plain data, so a
 * plan prints as text (print.ts) and compares in golden tests.
 */

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DesiredDependency {
  service: string;
  condition: DependencyCondition;
  required: boolean;
  /** `restart: true`: recreating the dependency recreates this service. */
  restart: boolean;
  /** network_mode/ipc/pid `service:x` or volumes_from: the container must exist before ours is created. */
  sharesNamespace: boolean;
}

export type PullPolicy = 'always' | 'never' | 'missing' | 'build';

export interface StopSpec {
  /** `stop_signal`, SIGTERM by default. */
  signal: string;
  /** Seconds before SIGKILL: `-t` when given, else `stop_grace_period`, else 10. */
  timeoutSeconds: number;
}

export interface DesiredService {
  name: string;
  replicas: number;
  /** `config --hash`: decides recreation. */
  hash: string;
  /** The image reference the containers run. */
  image: string;
  pullPolicy: PullPolicy;
  hasBuild: boolean;
  /** `image:` was given (down --rmi local keeps those). */
  customImage: boolean;
  containerName?: string;
  dependsOn: DesiredDependency[];
  /** Network keys of the project the service joins (none for network_mode host, none, service:, container:). */
  networks: string[];
  /** Named volume keys the service mounts. */
  volumes: string[];
  stop: StopSpec;
}

export interface DesiredNetwork {
  key: string;
  name: string;
  external: boolean;
}

export interface DesiredVolume {
  key: string;
  name: string;
  external: boolean;
}

export interface DesiredState {
  project: string;
  /** Services to converge, selected and enabled. */
  services: DesiredService[];
  /** Services of the project that are not converged now (profiles, selection): never orphans. */
  otherServices: string[];
  networks: DesiredNetwork[];
  volumes: DesiredVolume[];
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ObservedContainer {
  name: string;
  service: string;
  number: number;
  hash: string;
  /** The image reference and the id it resolved to when the container was created. */
  image: string;
  imageId: string;
  /** Services it depended on when created: down's order without a compose file. */
  dependsOn: string[];
  state: ContainerState;
  oneOff: boolean;
  stop: StopSpec;
}

export interface ObservedResource {
  name: string;
  /** The project that created it, when one did. */
  project?: string;
}

export interface ObservedState {
  containers: ObservedContainer[];
  networks: ObservedResource[];
  volumes: ObservedResource[];
  /** Local image id by reference; a reference that is missing has no entry. */
  images: Readonly<Record<string, string>>;
}

/** A `run` container: compose's slug label, and whether it takes the service's network aliases (--use-aliases). */
export interface OneOffSpec {
  slug: string;
  useAliases: boolean;
}

export type WaitCondition = 'healthy' | 'completed' | 'running_or_healthy';

export type Operation =
  | { kind: 'network.create'; network: DesiredNetwork }
  | { kind: 'network.remove'; name: string }
  | { kind: 'volume.create'; volume: DesiredVolume }
  | { kind: 'volume.remove'; name: string }
  | { kind: 'image.pull'; ref: string; services: string[]; reason: 'missing' | 'always' }
  | { kind: 'image.remove'; ref: string }
  | { kind: 'container.create'; name: string; service: string; number: number; oneOff?: OneOffSpec }
  | { kind: 'container.recreate'; name: string; service: string; number: number; cause: string; replaces: ObservedContainer; inherit: boolean; stop: StopSpec }
  | { kind: 'container.start'; name: string; service: string }
  | { kind: 'container.keep'; name: string; service: string; state: ContainerState }
  | { kind: 'container.stop'; name: string; service: string; cause: string; stop: StopSpec }
  | { kind: 'container.remove'; name: string; service: string; cause: string; anonymousVolumes: boolean }
  | { kind: 'container.wait'; service: string; containers: string[]; condition: WaitCondition; required: boolean; dependant: string };

export interface PlanNode {
  /** 1-based, in the order the planner added it. */
  id: number;
  op: Operation;
  /** Ids of the nodes that must succeed first. */
  after: number[];
}

export interface Plan {
  project: string;
  nodes: PlanNode[];
  /** Printed before executing, as docker compose logs them (orphans, foreign volumes). */
  warnings: string[];
  /** down: nothing of the project exists (docker compose warns "No resource found to remove"). */
  empty?: boolean;
}
