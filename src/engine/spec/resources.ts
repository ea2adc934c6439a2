/**
 * `linux.resources` from the service's limits, with Docker's validation
 * (daemon verifyPlatformContainerResources) and its defaults: swap is twice
 * the memory limit unless set, `cpus` is a CFS quota over a 100 ms period.
 * A limit this kernel's cgroups cannot enforce is dropped with a warning,
 * never silently.
 */
import { InvalidContainerConfigError } from '../errors.js';
import { ALL_CGROUP_FEATURES, type CgroupFeatures } from './context.js';
import type { ContainerDescription } from './description.js';
import type { OciResources } from './oci.js';

const MIN_MEMORY = 6 * 1024 * 1024;
const CFS_PERIOD = 100_000;

type Memory = NonNullable<OciResources['memory']>;
type Cpu = NonNullable<OciResources['cpu']>;

function bad(key: string, message: string): never {
  throw new InvalidContainerConfigError(key, message);
}

function memory(d: ContainerDescription, f: CgroupFeatures, warn: (m: string) => void): Memory | undefined {
  const m: Memory = {};
  const limit = d.memLimit ?? 0;
  if (limit > 0 && limit < MIN_MEMORY) bad('mem_limit', 'Minimum memory limit allowed is 6MB');
  if (limit > 0) {
    if (f.memoryLimit) m.limit = limit;
    else warn('Your kernel does not support memory limit capabilities or the cgroup is not mounted. Limitation discarded.');
  }
  const reservation = d.memReservation ?? 0;
  if (reservation > 0) {
    if (limit > 0 && limit < reservation) bad('mem_reservation', 'Minimum memory limit can not be less than memory reservation limit, see usage');
    if (f.memoryReservation) m.reservation = reservation;
    else warn('Your kernel does not support memory soft limit capabilities or the cgroup is not mounted. Limitation discarded.');
  }
  const swap = d.memswapLimit ?? 0;
  if (swap > 0 && limit > 0 && swap < limit) bad('memswap_limit', 'Minimum memoryswap limit should be larger than memory limit, see usage');
  if (swap > 0 && limit <= 0) bad('memswap_limit', 'You should always set the Memory limit when using Memoryswap limit, see usage');
  if (m.limit !== undefined && swap !== 0) {
    if (f.memorySwap) m.swap = swap;
    else warn('Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.');
  } else if (m.limit !== undefined && f.memorySwap) m.swap = m.limit * 2;
  if (d.memSwappiness !== undefined && d.memSwappiness >= 0) {
    if (d.memSwappiness > 100) bad('mem_swappiness', `invalid value: ${d.memSwappiness}, valid memory swappiness range is 0-100`);
    if (f.memorySwappiness) m.swappiness = d.memSwappiness;
    else warn('Your kernel does not support memory swappiness capabilities or the cgroup is not mounted. Memory swappiness discarded.');
  }
  if (d.oomKillDisable === true) {
    if (!f.oomKillDisable) warn('Your kernel does not support OomKillDisable. OomKillDisable discarded.');
    else {
      m.disableOOMKiller = true;
      if (limit <= 0) warn('OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.');
    }
  }
  return Object.keys(m).length > 0 ? m : undefined;
}

function cpu(d: ContainerDescription, f: CgroupFeatures, cpuCount: number, warn: (m: string) => void): Cpu | undefined {
  const c: Cpu = {};
  if (d.cpuShares !== undefined && d.cpuShares > 0) {
    if (f.cpuShares) c.shares = d.cpuShares;
    else warn('Your kernel does not support CPU shares or the cgroup is not mounted. Shares discarded.');
  }
  const cfs = cfsLimits(d, cpuCount);
  if (cfs !== undefined) {
    if (f.cpuCfs) Object.assign(c, cfs);
    else warn('Your kernel does not support CPU CFS scheduler or the cgroup is not mounted. CPU limits discarded.');
  }
  if (d.cpuset !== undefined && d.cpuset !== '') {
    if (f.cpuset) c.cpus = d.cpuset;
    else warn('Your kernel does not support cpuset or the cgroup is not mounted. Cpuset discarded.');
  }
  if (d.cpusetMems !== undefined && d.cpusetMems !== '' && f.cpuset) c.mems = d.cpusetMems;
  return Object.keys(c).length > 0 ? c : undefined;
}

function cfsLimits(d: ContainerDescription, cpuCount: number): { quota?: number; period?: number } | undefined {
  const cpus = d.cpus ?? 0;
  if (cpus > 0) {
    if ((d.cpuQuota ?? 0) > 0 || (d.cpuPeriod ?? 0) > 0) bad('cpus', 'Conflicting options: CPU Quota/Period cannot both be set with cpus');
    if (cpus > cpuCount) bad('cpus', `Range of CPUs is from 0.01 to ${cpuCount}.00, as there are only ${cpuCount} CPUs available`);
    return { quota: Math.round(cpus * CFS_PERIOD), period: CFS_PERIOD };
  }
  const out: { quota?: number; period?: number } = {};
  if (d.cpuPeriod !== undefined && d.cpuPeriod !== 0) {
    if (d.cpuPeriod < 1000 || d.cpuPeriod > 1_000_000) bad('cpu_period', 'CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
    out.period = d.cpuPeriod;
  }
  if (d.cpuQuota !== undefined && d.cpuQuota !== 0) {
    if (d.cpuQuota > 0 && d.cpuQuota < 1000) bad('cpu_quota', 'CPU cfs quota can not be less than 1ms (i.e. 1000)');
    out.quota = d.cpuQuota;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function buildResources(d: ContainerDescription, features: CgroupFeatures | undefined, cpuCount: number, warnings: string[]): Omit<OciResources, 'devices'> {
  const f = features ?? ALL_CGROUP_FEATURES;
  const warn = (m: string): void => void warnings.push(m);
  const out: Omit<OciResources, 'devices'> = {};
  const m = memory(d, f, warn);
  if (m !== undefined) out.memory = m;
  const c = cpu(d, f, cpuCount, warn);
  if (c !== undefined) out.cpu = c;
  if (d.pidsLimit !== undefined && d.pidsLimit > 0) {
    if (f.pids) out.pids = { limit: d.pidsLimit };
    else warn('Your kernel does not support PIDs limit capabilities or the cgroup is not mounted. PIDs limit discarded.');
  }
  if (d.blkioWeight !== undefined && d.blkioWeight !== 0) {
    if (d.blkioWeight < 10 || d.blkioWeight > 1000) bad('blkio_config.weight', 'Range of blkio weight is from 10 to 1000');
    if (f.blkioWeight) out.blockIO = { weight: d.blkioWeight };
    else warn('Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.');
  }
  return out;
}
