/**
 * From the canonical compose model (what `config --format json` prints) to
 * the desired state the planner converges to: replicas from `scale`,
 * `deploy.replicas` or `--scale`, the config hash `config --hash` prints,
 * image references with their pull policy, dependencies with their
 * condition, and the networks and named volumes each service uses.
 */
import { serviceHash } from '../compose/output/hash.js';
import { isMapping, type Mapping } from '../compose/tree.js';
import { parseDuration } from '../compose/units.js';
import { PlanError } from './errors.js';
import type { DependencyCondition, DesiredDependency, DesiredNetwork, DesiredService, DesiredState, DesiredVolume, PullPolicy, StopSpec } from './types.js';

export interface DesiredOptions {
  project: string;
  /** `--scale svc=N`, beating `scale` and `deploy.replicas`. */
  scale?: Readonly<Record<string, number>>;
  /** `--pull always|missing|never|build`; absent or `policy` keeps each service's pull_policy. */
  pull?: string;
  /** `-t/--timeout` in seconds, for every stop. */
  timeoutSeconds?: number;
  /** Services disabled by profiles or left out by a selection: not orphans. */
  otherServices?: readonly string[];
  /** `--no-deps`: dependencies outside the model are not waited for. */
  noDeps?: boolean;
  /** `--compatibility`: default image names join with `_`. */
  compatibility?: boolean;
}

const DEFAULT_STOP_SECONDS = 10;
const NAMESPACE_KEYS = ['network_mode', 'ipc', 'pid'] as const;

export function desiredState(model: Mapping, opts: DesiredOptions): DesiredState {
  const services = isMapping(model.services) ? model.services : {};
  const names = Object.keys(services).sort();
  return {
    project: opts.project,
    services: names.map((name) => desiredService(name, services[name] as Mapping, new Set(names), opts)),
    otherServices: [...(opts.otherServices ?? [])].sort(),
    networks: resources(model.networks, (key, def) => ({ key, name: nameOf(def, key, opts.project), external: def.external === true })),
    volumes: resources(model.volumes, (key, def) => ({ key, name: nameOf(def, key, opts.project), external: def.external === true })),
  };
}

function resources<T extends DesiredNetwork | DesiredVolume>(section: unknown, make: (key: string, def: Mapping) => T): T[] {
  if (!isMapping(section)) return [];
  return Object.keys(section).sort().map((key) => make(key, isMapping(section[key]) ? (section[key] as Mapping) : {}));
}

function nameOf(def: Mapping, key: string, project: string): string {
  return typeof def.name === 'string' && def.name !== '' ? def.name : `${project}_${key}`;
}

function desiredService(name: string, svc: Mapping, known: ReadonlySet<string>, opts: DesiredOptions): DesiredService {
  const replicas = replicasOf(name, svc, opts.scale);
  const containerName = typeof svc.container_name === 'string' && svc.container_name !== '' ? svc.container_name : undefined;
  if (containerName !== undefined && replicas > 1) {
    throw new PlanError(
      'E_CONTAINER_NAME_SCALE',
      `WARNING: The "${name}" service is using the custom container name "${containerName}". Docker requires each container to have a unique name. Remove the custom name to scale the service.`,
      { hint: `remove container_name from service "${name}" or keep it at one replica` },
    );
  }
  const image = typeof svc.image === 'string' && svc.image !== '' ? svc.image : `${opts.project}${opts.compatibility ? '_' : '-'}${name}`;
  return {
    name,
    replicas,
    hash: serviceHash(svc),
    image,
    pullPolicy: pullPolicyOf(svc, opts.pull),
    hasBuild: svc.build !== undefined && svc.build !== null,
    customImage: typeof svc.image === 'string' && svc.image !== '',
    ...(containerName === undefined ? {} : { containerName }),
    dependsOn: dependenciesOf(svc, opts.noDeps === true ? known : undefined),
    networks: networksOf(svc),
    volumes: namedVolumesOf(svc),
    stop: stopOf(svc, opts.timeoutSeconds),
  };
}

/** compose-go's GetScale, with `--scale` applied as docker compose's setServiceScale does. */
function replicasOf(name: string, svc: Mapping, scale: Readonly<Record<string, number>> | undefined): number {
  const forced = scale?.[name];
  if (forced !== undefined) return forced;
  if (typeof svc.scale === 'number') return svc.scale;
  const deploy = svc.deploy;
  if (isMapping(deploy) && typeof deploy.replicas === 'number') return deploy.replicas;
  return 1;
}

function pullPolicyOf(svc: Mapping, pull: string | undefined): PullPolicy {
  const raw = pull !== undefined && pull !== '' && pull !== 'policy' ? pull : svc.pull_policy;
  switch (raw) {
    case 'always':
    case 'never':
    case 'build':
      return raw;
    default:
      // missing, if_not_present and no policy at all: pull only what is not there.
      return 'missing';
  }
}

function dependenciesOf(svc: Mapping, onlyAmong: ReadonlySet<string> | undefined): DesiredDependency[] {
  const out: DesiredDependency[] = [];
  const shared = sharedNamespaceServices(svc);
  const dependsOn = isMapping(svc.depends_on) ? svc.depends_on : {};
  for (const dep of Object.keys(dependsOn).sort()) {
    if (onlyAmong !== undefined && !onlyAmong.has(dep)) continue;
    const cfg = isMapping(dependsOn[dep]) ? (dependsOn[dep] as Mapping) : {};
    out.push({
      service: dep,
      condition: conditionOf(cfg.condition),
      required: cfg.required !== false,
      restart: cfg.restart === true,
      sharesNamespace: shared.has(dep),
    });
  }
  for (const dep of [...shared].sort()) {
    if (out.some((d) => d.service === dep) || (onlyAmong !== undefined && !onlyAmong.has(dep))) continue;
    out.push({ service: dep, condition: 'service_started', required: true, restart: true, sharesNamespace: true });
  }
  return out;
}

function conditionOf(v: unknown): DependencyCondition {
  return v === 'service_healthy' || v === 'service_completed_successfully' ? v : 'service_started';
}

/** Services whose container ours joins or mounts from: `service:x` modes and volumes_from. */
function sharedNamespaceServices(svc: Mapping): Set<string> {
  const out = new Set<string>();
  for (const key of NAMESPACE_KEYS) {
    const v = svc[key];
    if (typeof v === 'string' && v.startsWith('service:')) out.add(v.slice('service:'.length));
  }
  if (Array.isArray(svc.volumes_from)) {
    for (const from of svc.volumes_from.map(String)) if (!from.startsWith('container:')) out.add(from.split(':')[0] ?? from);
  }
  return out;
}

function networksOf(svc: Mapping): string[] {
  const mode = svc.network_mode;
  if (typeof mode === 'string' && mode !== '' && mode !== 'bridge' && mode !== 'default') return [];
  return isMapping(svc.networks) ? Object.keys(svc.networks).sort() : [];
}

function namedVolumesOf(svc: Mapping): string[] {
  if (!Array.isArray(svc.volumes)) return [];
  const names = svc.volumes.filter(isMapping).filter((v) => v.type === 'volume' && typeof v.source === 'string' && v.source !== '');
  return [...new Set(names.map((v) => String(v.source)))].sort();
}

function stopOf(svc: Mapping, timeoutSeconds: number | undefined): StopSpec {
  const signal = typeof svc.stop_signal === 'string' && svc.stop_signal !== '' ? svc.stop_signal : 'SIGTERM';
  if (timeoutSeconds !== undefined) return { signal, timeoutSeconds };
  const grace = svc.stop_grace_period;
  const seconds = typeof grace === 'string' && grace !== '' ? Math.ceil(parseDuration(grace) / 1e9) : DEFAULT_STOP_SECONDS;
  return { signal, timeoutSeconds: seconds };
}
