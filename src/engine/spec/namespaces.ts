/**
 * The namespaces of a container in Docker's order (mount, network, uts, pid,
 * ipc, and cgroup on unified hosts), and its sysctls, which Docker only
 * accepts when they are namespaced (moby opts.ValidateSysctl).
 */
import { InvalidContainerConfigError } from '../errors.js';
import type { ContainerDescription, NamespaceMode } from './description.js';
import type { OciNamespace } from './oci.js';

function ns(type: OciNamespace['type'], mode: NamespaceMode | undefined): OciNamespace[] {
  const m = mode ?? { mode: 'private' };
  if (m.mode === 'host') return [];
  if (m.mode === 'path') return [{ type, path: m.path }];
  if (m.mode === 'container') throw new InvalidContainerConfigError(type, `container:${m.id} must be resolved to a namespace path first`);
  return [{ type }];
}

export function buildNamespaces(d: ContainerDescription, cgroupMode: 'v1' | 'hybrid' | 'v2'): OciNamespace[] {
  const net = d.network ?? { mode: 'none' };
  const out: OciNamespace[] = [{ type: 'mount' }];
  if (net.mode === 'path') out.push({ type: 'network', path: net.path });
  else if (net.mode === 'none') out.push({ type: 'network' });
  out.push(...ns('uts', d.uts), ...ns('pid', d.pid), ...ns('ipc', d.ipc));
  if (cgroupMode === 'v2') out.push({ type: 'cgroup' });
  return out;
}

const IPC_SYSCTLS = ['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced'];

function validateSysctl(key: string, d: ContainerDescription): void {
  const hostNet = d.network?.mode === 'host';
  if (key.startsWith('net.')) {
    if (hostNet) throw new InvalidContainerConfigError(`sysctls.${key}`, `sysctl '${key}' is not allowed in host network namespace`);
    return;
  }
  if (IPC_SYSCTLS.includes(key) || key.startsWith('fs.mqueue.')) {
    if (d.ipc?.mode === 'host') throw new InvalidContainerConfigError(`sysctls.${key}`, `sysctl '${key}' is not allowed with the host IPC namespace`);
    return;
  }
  if (key === 'kernel.domainname' || key === 'kernel.hostname') return;
  throw new InvalidContainerConfigError(`sysctls.${key}`, `sysctl '${key}' is not whitelisted`, { hint: 'only namespaced sysctls (net.*, kernel.sem, kernel.shm*, kernel.msg*, fs.mqueue.*) can be set per container' });
}

/** The service's sysctls plus Docker's two for a private network (unprivileged low ports and ping). */
export function buildSysctls(d: ContainerDescription): Record<string, string> {
  const out: Record<string, string> = {};
  if (d.domainname !== undefined && d.domainname !== '') out['kernel.domainname'] = d.domainname;
  for (const [k, v] of Object.entries(d.sysctls ?? {})) {
    validateSysctl(k, d);
    out[k] = v;
  }
  if (d.network?.mode !== 'host') {
    out['net.ipv4.ip_unprivileged_port_start'] ??= '0';
    out['net.ipv4.ping_group_range'] ??= '0 2147483647';
  }
  return out;
}
