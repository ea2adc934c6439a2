/**
 * A compose service, in the canonical form `config --format json` prints,
 * as the engine's ContainerDescription: what docker compose's
 * getCreateConfigs/getHostConfig hand the Docker API, in the engine's words.
 * Pure. Networking is left to the caller (container-port.ts), which knows the
 * sandbox; the namespaces other containers own arrive resolved in `peers`.
 */
import type { ContainerDescription, DeviceMapping, ImageConfig, MountSpec, NamespaceMode, Ulimit } from '../../engine/index.js';
import { parseBytes } from '../../compose/units.js';

type Obj = Readonly<Record<string, unknown>>;

export function obj(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return parseBytes(v);
  return undefined;
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

/** `environment:` entries left null (unset in the shell and every env file) are not passed, as docker drops `KEY` without `=`. */
export function environmentOf(svc: Obj): string[] {
  return Object.entries(obj(svc.environment))
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`);
}

function ulimitsOf(v: unknown): Record<string, Ulimit> | undefined {
  const entries = Object.entries(obj(v));
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([name, l]) => {
      const o = obj(l);
      const single = Number(l);
      return [name, typeof l === 'object' ? { soft: Number(o.soft), hard: Number(o.hard) } : { soft: single, hard: single }];
    }),
  );
}

function devicesOf(v: unknown): DeviceMapping[] {
  return (Array.isArray(v) ? v : []).map((d) => {
    const o = obj(d);
    const source = String(o.source ?? '');
    return { source, target: String(o.target ?? source), permissions: String(o.permissions ?? 'rwm') };
  });
}

/** compose's deploy.resources.limits win over the service-level keys, as in docker compose's getDeployResources. */
function resourcesOf(svc: Obj): Partial<ContainerDescription> {
  const limits = obj(obj(obj(svc.deploy).resources).limits);
  const reservations = obj(obj(obj(svc.deploy).resources).reservations);
  const swappiness = num(svc.mem_swappiness);
  return {
    memLimit: num(limits.memory) ?? num(svc.mem_limit),
    memswapLimit: num(svc.memswap_limit),
    memReservation: num(reservations.memory) ?? num(svc.mem_reservation),
    ...(swappiness === undefined ? {} : { memSwappiness: swappiness }),
    cpus: num(limits.cpus) ?? num(svc.cpus),
    cpuShares: num(svc.cpu_shares),
    cpuQuota: num(svc.cpu_quota),
    cpuPeriod: num(svc.cpu_period),
    cpuset: typeof svc.cpuset === 'string' ? svc.cpuset : undefined,
    pidsLimit: num(limits.pids) ?? num(svc.pids_limit),
    blkioWeight: num(obj(svc.blkio_config).weight),
    oomScoreAdj: num(svc.oom_score_adj),
    oomKillDisable: svc.oom_kill_disable === true ? true : undefined,
    shmSize: num(svc.shm_size),
  };
}

/** The resolved namespaces of `service:x` / `container:x` modes, by the mode string. */
export interface Peers {
  namespace(mode: string): NamespaceMode | undefined;
}

function namespaceOf(v: unknown, peers: Peers): NamespaceMode | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  if (v === 'host') return { mode: 'host' };
  if (v === 'shareable') return { mode: 'shareable' };
  if (v === 'private') return { mode: 'private' };
  return peers.namespace(v);
}

export interface SpecInput {
  id: string;
  service: Obj;
  image: ImageConfig;
  mounts: MountSpec[];
  peers: Peers;
}

export function containerSpec(i: SpecInput): Omit<ContainerDescription, 'network'> {
  const s = i.service;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  // An empty command or entrypoint clears the image's, so those two stay even when empty.
  const run = {
    ...(Array.isArray(s.command) ? { command: strs(s.command) } : {}),
    ...(Array.isArray(s.entrypoint) ? { entrypoint: strs(s.entrypoint) } : {}),
  };
  const rest = defined({
    id: i.id,
    image: i.image,
    env: environmentOf(s),
    user: str(s.user),
    workingDir: str(s.working_dir),
    hostname: str(s.hostname) ?? i.id.slice(0, 12),
    domainname: str(s.domainname),
    capAdd: strs(s.cap_add),
    capDrop: strs(s.cap_drop),
    privileged: s.privileged === true ? true : undefined,
    readOnly: s.read_only === true ? true : undefined,
    init: s.init === true ? true : undefined,
    ulimits: ulimitsOf(s.ulimits),
    sysctls: Object.keys(obj(s.sysctls)).length === 0 ? undefined : Object.fromEntries(Object.entries(obj(s.sysctls)).map(([k, v]) => [k, String(v)])),
    tmpfs: strs(s.tmpfs),
    devices: devicesOf(s.devices),
    deviceCgroupRules: strs(s.device_cgroup_rules),
    securityOpt: strs(s.security_opt),
    groupAdd: strs(s.group_add),
    tty: s.tty === true ? true : undefined,
    stdinOpen: s.stdin_open === true ? true : undefined,
    ...resourcesOf(s),
    ipc: namespaceOf(s.ipc, i.peers),
    pid: namespaceOf(s.pid, i.peers),
    uts: namespaceOf(s.uts, i.peers),
    mounts: i.mounts,
    cgroupParent: str(s.cgroup_parent),
  });
  return { ...rest, ...run };
}
