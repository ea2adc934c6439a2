/** Checks of what tscompose itself needs around the kernel: root, Node.js, its own programs, disk. */
import type { CheckResult, DoctorHost } from './types.js';

export function checkRoot(host: DoctorHost): CheckResult {
  return host.euid === 0
    ? { name: 'root', verdict: 'ok', detail: 'running as root' }
    : { name: 'root', verdict: 'fail', detail: `running as uid ${host.euid}`, hint: 'containers, bridges and iptables rules need root: run tscompose with sudo' };
}

export function checkNode(host: DoctorHost): CheckResult {
  const [major = 0, minor = 0] = host.nodeVersion.replace(/^v/, '').split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19)
    ? { name: 'node', verdict: 'ok', detail: host.nodeVersion }
    : { name: 'node', verdict: 'fail', detail: host.nodeVersion, hint: 'tscompose needs Node.js 20.19 or newer' };
}

export function checkPrograms(host: DoctorHost): CheckResult {
  const names = ['tscompose-runtime', 'tscompose-monitor', 'tscompose-fsops', 'tscompose-netns'];
  const missing = names.filter((n) => host.nativeProgram(n) === undefined);
  return missing.length === 0
    ? { name: 'native programs', verdict: 'ok', detail: names.join(' ') }
    : { name: 'native programs', verdict: 'fail', detail: `not built: ${missing.join(' ')}`, hint: 'run npm install (it runs make -C native; needs gcc, make, libseccomp-dev)' };
}

/** The embedded runtime, the default of every new container, must start here (libseccomp, the architecture it was built for). */
export async function checkRuntime(host: DoctorHost): Promise<CheckResult> {
  const bin = host.nativeProgram('tscompose-runtime');
  if (bin === undefined) return { name: 'runtime', verdict: 'fail', detail: 'tscompose-runtime is not built', hint: 'run npm install (it runs make -C native)' };
  const r = await host.run(bin, ['--version']);
  const version = /tscompose-runtime version (\S+)/.exec(r.output)?.[1];
  if (r.exitCode === 0 && version !== undefined) return { name: 'runtime', verdict: 'ok', detail: `tscompose-runtime ${version} (${bin})` };
  return {
    name: 'runtime',
    verdict: 'fail',
    detail: `${bin} does not run: ${firstLine(r.output) || `exit ${r.exitCode}`}`,
    hint: 'rebuild it on this machine: make -C native (it needs libseccomp2; --runtime runc or crun uses another runtime meanwhile)',
  };
}

export function checkDisk(host: DoctorHost): CheckResult {
  const free = host.freeBytes(host.stateDir);
  if (free === undefined) return { name: 'disk', verdict: 'warn', detail: `cannot tell the free space at ${host.stateDir}` };
  const gib = free / 2 ** 30;
  const detail = `${gib.toFixed(1)} GiB free at ${host.stateDir}`;
  return gib < 2 ? { name: 'disk', verdict: 'warn', detail, hint: 'images and volumes need room; set TSCOMPOSE_ROOT to move the state' } : { name: 'disk', verdict: 'ok', detail };
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}
