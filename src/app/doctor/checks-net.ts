/** Checks of what the network driver needs: iptables and its backend, bridge and veth links, the sysctls it sets. */
import type { CheckResult, DoctorHost } from './types.js';

export type IptablesBackend = 'nft' | 'legacy';

/** `iptables v1.8.9 (nf_tables)` or `(legacy)`; iptables before 1.8 had only the legacy one and says nothing. */
export function iptablesBackend(version: string): IptablesBackend {
  return /\(nf_tables\)/.test(version) ? 'nft' : 'legacy';
}

export async function checkIptables(host: DoctorHost): Promise<CheckResult> {
  const version = await host.run('iptables', ['--version']);
  if (version.exitCode === 127) {
    return { name: 'iptables', verdict: 'fail', detail: 'not installed', hint: 'apt-get install iptables (NAT and published ports need it)' };
  }
  const nat = await host.run('iptables', ['-w', '-t', 'nat', '-S', 'POSTROUTING']);
  if (nat.exitCode !== 0) {
    return { name: 'iptables', verdict: 'fail', detail: `the nat table is not usable: ${firstLine(nat.output)}`, hint: 'the kernel needs the nat table (nf_nat, iptable_nat or nft_chain_nat)' };
  }
  const restore = await host.run('iptables-restore', ['--version']);
  if (restore.exitCode !== 0) return { name: 'iptables', verdict: 'fail', detail: 'iptables-restore is missing', hint: 'apt-get install iptables' };
  const backend = iptablesBackend(version.output);
  const detail = `${firstLine(version.output)}: the ${backend} backend`;
  const other: IptablesBackend = backend === 'nft' ? 'legacy' : 'nft';
  // A packet goes through both backends' hooks; Docker's FORWARD policy DROP in the other one drops our containers' forwarded traffic.
  const theirs = await host.run(`iptables-${other}-save`, []);
  if (theirs.exitCode === 0 && /^:FORWARD DROP/m.test(theirs.output)) {
    return {
      name: 'iptables',
      verdict: 'warn',
      detail: `${detail}; the ${other} tables drop forwarded packets too (FORWARD policy DROP, Docker's?)`,
      hint: `containers may not reach beyond their bridge: make both tools use one backend (update-alternatives --set iptables /usr/sbin/iptables-${other})`,
    };
  }
  return { name: 'iptables', verdict: 'ok', detail };
}

/**
 * Really makes a bridge and a veth pair (named tscdoc<pid>*) and removes
 * them: the only sure answer. On the bridge it also sets route_localnet,
 * which the network driver sets on each of its bridges so ports published
 * on 127.0.0.1 reach containers.
 */
export async function checkLinks(host: DoctorHost, pid: number): Promise<CheckResult[]> {
  const br = `tscdoc${pid % 100000}b`;
  const veth = `tscdoc${pid % 100000}v`;
  const name = 'bridge, veth';
  try {
    const b = await host.run('ip', ['link', 'add', br, 'type', 'bridge']);
    if (b.exitCode === 127) return [{ name, verdict: 'fail', detail: 'ip is not installed', hint: 'apt-get install iproute2' }];
    if (b.exitCode !== 0) return [{ name, verdict: 'fail', detail: `no bridge: ${firstLine(b.output)}`, hint: 'the kernel needs CONFIG_BRIDGE' }];
    const localnet = checkRouteLocalnet(host, br);
    const v = await host.run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}p`]);
    if (v.exitCode !== 0) return [{ name, verdict: 'fail', detail: `no veth: ${firstLine(v.output)}`, hint: 'the kernel needs CONFIG_VETH' }, localnet];
    return [{ name, verdict: 'ok', detail: 'created and removed a test pair' }, localnet];
  } finally {
    await host.run('ip', ['link', 'del', br]);
    await host.run('ip', ['link', 'del', veth]);
  }
}

function checkRouteLocalnet(host: DoctorHost, bridge: string): CheckResult {
  const key = `/proc/sys/net/ipv4/conf/${bridge}/route_localnet`;
  const error = host.writeFile(key, '1');
  if (error === undefined && host.readFile(key)?.trim() === '1') return { name: 'route_localnet', verdict: 'ok', detail: 'settable on a bridge' };
  return {
    name: 'route_localnet',
    verdict: 'fail',
    detail: `cannot set ${key}${error === undefined ? '' : `: ${error}`}`,
    hint: 'ports published on 127.0.0.1 need it: run tscompose where /proc/sys is writable (on the host, not in an unprivileged container)',
  };
}

/** The driver turns ip_forward on with the first network that is not internal; off is fine when it can. */
export function checkForwarding(host: DoctorHost): CheckResult {
  const key = '/proc/sys/net/ipv4/ip_forward';
  const value = host.readFile(key)?.trim();
  if (value === '1') return { name: 'ip forwarding', verdict: 'ok', detail: 'on' };
  if (value === undefined) return { name: 'ip forwarding', verdict: 'fail', detail: `${key} is unreadable`, hint: 'the kernel needs CONFIG_INET and /proc mounted' };
  if (host.writable(key)) return { name: 'ip forwarding', verdict: 'ok', detail: 'off; tscompose turns it on with the first network that is not internal' };
  return {
    name: 'ip forwarding',
    verdict: 'fail',
    detail: `off, and ${key} is read-only`,
    hint: 'containers reach nothing beyond their bridge: turn it on outside (sysctl -w net.ipv4.ip_forward=1) or run where /proc/sys is writable',
  };
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}
