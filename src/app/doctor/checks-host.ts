/** Checks of what tscompose itself needs around the kernel: root, tools, links, its own programs, disk. */
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

export async function checkIptables(host: DoctorHost): Promise<CheckResult> {
  const version = await host.run('iptables', ['--version']);
  if (version.exitCode === 127) {
    return { name: 'iptables', verdict: 'fail', detail: 'not installed', hint: 'apt-get install iptables (NAT and published ports need it)' };
  }
  const nat = await host.run('iptables', ['-w', '-t', 'nat', '-S', 'POSTROUTING']);
  const restore = await host.run('iptables-restore', ['--version']);
  if (nat.exitCode !== 0) {
    return { name: 'iptables', verdict: 'fail', detail: `the nat table is not usable: ${firstLine(nat.output)}`, hint: 'the kernel needs the nat table (nf_nat, iptable_nat or nft_chain_nat)' };
  }
  if (restore.exitCode !== 0) return { name: 'iptables', verdict: 'fail', detail: 'iptables-restore is missing', hint: 'apt-get install iptables' };
  return { name: 'iptables', verdict: 'ok', detail: firstLine(version.output) };
}

/** Really makes a bridge and a veth pair (named tscdoc<pid>*) and removes them: the only sure answer. */
export async function checkLinks(host: DoctorHost, pid: number): Promise<CheckResult> {
  const br = `tscdoc${pid % 100000}b`;
  const veth = `tscdoc${pid % 100000}v`;
  try {
    const b = await host.run('ip', ['link', 'add', br, 'type', 'bridge']);
    if (b.exitCode === 127) return { name: 'bridge, veth', verdict: 'fail', detail: 'ip is not installed', hint: 'apt-get install iproute2' };
    if (b.exitCode !== 0) return { name: 'bridge, veth', verdict: 'fail', detail: `no bridge: ${firstLine(b.output)}`, hint: 'the kernel needs CONFIG_BRIDGE' };
    const v = await host.run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}p`]);
    if (v.exitCode !== 0) return { name: 'bridge, veth', verdict: 'fail', detail: `no veth: ${firstLine(v.output)}`, hint: 'the kernel needs CONFIG_VETH' };
    return { name: 'bridge, veth', verdict: 'ok', detail: 'created and removed a test pair' };
  } finally {
    await host.run('ip', ['link', 'del', br]);
    await host.run('ip', ['link', 'del', veth]);
  }
}

export function checkForwarding(host: DoctorHost): CheckResult {
  const on = host.readFile('/proc/sys/net/ipv4/ip_forward')?.trim() === '1';
  return on
    ? { name: 'ip forwarding', verdict: 'ok', detail: 'on' }
    : { name: 'ip forwarding', verdict: 'warn', detail: 'off', hint: 'containers reach nothing outside until it is on (sysctl -w net.ipv4.ip_forward=1)' };
}

export function checkPrograms(host: DoctorHost): CheckResult {
  const names = ['tscompose-runtime', 'tscompose-monitor', 'tscompose-fsops'];
  const missing = names.filter((n) => host.nativeProgram(n) === undefined);
  return missing.length === 0
    ? { name: 'native programs', verdict: 'ok', detail: names.join(' ') }
    : { name: 'native programs', verdict: 'fail', detail: `not built: ${missing.join(' ')}`, hint: 'run npm install (it runs make -C native; needs gcc, make, libseccomp-dev)' };
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
