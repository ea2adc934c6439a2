/** Checks of the kernel's container features: namespaces, cgroups, overlayfs, seccomp. */
import { detectCgroupLayout } from '../../engine/cgroups/mode.js';
import type { CheckResult, DoctorHost } from './types.js';

const NAMESPACES = ['mnt', 'uts', 'ipc', 'pid', 'net', 'cgroup', 'user'];

export function checkKernel(host: DoctorHost): CheckResult {
  const [major = 0, minor = 0] = host.kernelRelease.split(/[.-]/).map(Number);
  const old = major < 4 || (major === 4 && minor < 18);
  return old
    ? { name: 'kernel', verdict: 'warn', detail: host.kernelRelease, hint: 'Linux 4.18 or newer is what tscompose is tested on' }
    : { name: 'kernel', verdict: 'ok', detail: host.kernelRelease };
}

export function checkNamespaces(host: DoctorHost): CheckResult {
  const missing = NAMESPACES.filter((ns) => !host.exists(`/proc/self/ns/${ns}`));
  if (missing.length === 0) return { name: 'namespaces', verdict: 'ok', detail: NAMESPACES.join(' ') };
  const required = missing.filter((ns) => ns !== 'user' && ns !== 'cgroup');
  return {
    name: 'namespaces',
    verdict: required.length > 0 ? 'fail' : 'warn',
    detail: `missing: ${missing.join(' ')}`,
    hint: 'the kernel needs CONFIG_NAMESPACES with each of these (CONFIG_PID_NS, CONFIG_NET_NS, ...)',
  };
}

export function checkCgroups(root = '/sys/fs/cgroup'): CheckResult {
  const layout = detectCgroupLayout(root);
  const controllers = layout.mode === 'v2' ? layout.unifiedControllers : Object.keys(layout.v1);
  const wanted = layout.mode === 'v2' ? ['memory', 'cpu', 'pids'] : ['memory', 'cpu', 'pids', 'freezer', 'devices'];
  const missing = wanted.filter((c) => !controllers.includes(c));
  const mode = layout.mode === 'hybrid' ? `hybrid (v1, with ${layout.unifiedControllers.join(' ') || 'nothing'} on v2)` : layout.mode;
  if (controllers.length === 0) {
    return { name: 'cgroups', verdict: 'fail', detail: `no cgroup controllers under ${root}`, hint: `mount cgroup2 on ${root} (or the v1 controllers)` };
  }
  if (missing.length > 0) {
    return {
      name: 'cgroups',
      verdict: 'warn',
      detail: `${mode}: ${controllers.join(' ')}; missing ${missing.join(' ')}`,
      hint: 'limits of the missing controllers are reported as warnings and not applied',
    };
  }
  return { name: 'cgroups', verdict: 'ok', detail: `${mode}: ${controllers.join(' ')}` };
}

export async function checkOverlay(host: DoctorHost): Promise<CheckResult> {
  const listed = (): boolean => /\toverlay$/m.test(host.readFile('/proc/filesystems') ?? '');
  if (listed()) return { name: 'overlayfs', verdict: 'ok', detail: 'supported' };
  // A module not loaded yet is loaded on the first mount; try it now so the answer is true.
  await host.run('modprobe', ['overlay']);
  return listed()
    ? { name: 'overlayfs', verdict: 'ok', detail: 'supported (module loaded)' }
    : { name: 'overlayfs', verdict: 'fail', detail: 'not in /proc/filesystems', hint: 'the kernel needs CONFIG_OVERLAY_FS (modprobe overlay)' };
}

export function checkSeccomp(host: DoctorHost): CheckResult {
  const status = host.readFile('/proc/self/status') ?? '';
  if (/^Seccomp:/m.test(status)) return { name: 'seccomp', verdict: 'ok', detail: 'filter mode available' };
  return {
    name: 'seccomp',
    verdict: 'warn',
    detail: 'not in this kernel',
    hint: 'containers run without a seccomp filter (CONFIG_SECCOMP_FILTER)',
  };
}

/** CapBnd without CAP_SYS_RESOURCE (bit 24): rlimits above the hard limit are lowered, with a warning. */
export function checkCapabilities(host: DoctorHost): CheckResult {
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(host.readFile('/proc/self/status') ?? '')?.[1];
  if (hex === undefined) return { name: 'capabilities', verdict: 'warn', detail: 'bounding set unreadable' };
  const missing = ((BigInt(`0x${hex}`) >> 24n) & 1n) === 0n;
  return missing
    ? {
        name: 'capabilities',
        verdict: 'warn',
        detail: 'CAP_SYS_RESOURCE is not in the bounding set',
        hint: 'ulimits above the current hard limits are lowered to them, with a warning',
      }
    : { name: 'capabilities', verdict: 'ok', detail: 'full bounding set' };
}
