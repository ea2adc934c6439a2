/**
 * Published ports: which host ports are taken (sockets bound on the host,
 * ports other tscompose containers publish), range expansion and the choice
 * of ephemeral ports. The parsing and the choice are pure; the driver feeds
 * them /proc/net/{tcp,udp}{,6} and the port reservations of store.ts.
 */
import { canonicalAddr, parseAddr } from './ip.js';
import type { PortBinding, PortSpec, Protocol } from './types.js';

export interface HostSocket {
  protocol: Protocol;
  ip: string;
  port: number;
  inode: string;
}

const TCP_LISTEN = '0A';

function hexAddr(hex: string): string {
  // /proc/net prints addresses as native-endian 32-bit words (little endian here).
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16));
  return canonicalAddr(groups.join(':')) ?? groups.join(':');
}

/** Listening TCP sockets and bound UDP sockets from one /proc/net file. */
export function parseProcNet(text: string, protocol: Protocol): HostSocket[] {
  const out: HostSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    const [local, state, inode] = [f[1], f[3], f[9]];
    if (local === undefined || state === undefined) continue;
    if (protocol === 'tcp' && state !== TCP_LISTEN) continue;
    const [ip, port] = local.split(':');
    if (ip === undefined || port === undefined) continue;
    out.push({ protocol, ip: hexAddr(ip), port: parseInt(port, 16), inode: inode ?? '' });
  }
  return out;
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/** Two bindings of one protocol and port clash when their addresses are equal or either is a wildcard. */
export function clashes(a: { protocol: Protocol; ip: string; port: number }, b: { protocol: Protocol; ip: string; port: number }): boolean {
  if (a.protocol !== b.protocol || a.port !== b.port) return false;
  return a.ip === b.ip || WILDCARDS.has(a.ip) || WILDCARDS.has(b.ip);
}

/** The host address of a spec in canonical form; empty means every address. */
export function hostIpOf(spec: PortSpec, defaultIp = '0.0.0.0'): string {
  if (spec.hostIp === undefined || spec.hostIp === '') return defaultIp;
  return canonicalAddr(spec.hostIp) ?? spec.hostIp;
}

export interface Taken {
  protocol: Protocol;
  ip: string;
  port: number;
  holder: string;
}

export interface PortRange {
  start: number;
  end: number;
}

/**
 * Host ports for each spec, in order: a fixed port as given (reported when
 * taken), a range's first free port, an ephemeral port the first free one of
 * `ephemeral`. Returns the bindings and the specs whose port is taken.
 */
export function choosePorts(
  specs: PortSpec[],
  taken: Taken[],
  ephemeral: PortRange,
  defaultIp = '0.0.0.0',
): { bindings: PortBinding[]; conflicts: Array<{ spec: PortSpec; binding: PortBinding; holder: string }> } {
  const used = [...taken];
  const bindings: PortBinding[] = [];
  const conflicts: Array<{ spec: PortSpec; binding: PortBinding; holder: string }> = [];
  for (const spec of specs) {
    const protocol = spec.protocol ?? 'tcp';
    const ip = hostIpOf(spec, defaultIp);
    const holderOf = (port: number): string | undefined => used.find((t) => clashes(t, { protocol, ip, port }))?.holder;
    const fixed = spec.hostPort !== undefined && spec.hostPort !== 0 && (spec.hostPortEnd === undefined || spec.hostPortEnd === spec.hostPort);
    const range = fixed ? { start: spec.hostPort as number, end: spec.hostPort as number } : spec.hostPort ? { start: spec.hostPort, end: spec.hostPortEnd ?? spec.hostPort } : ephemeral;
    let port: number | undefined;
    for (let p = range.start; p <= range.end && port === undefined; p++) if (holderOf(p) === undefined) port = p;
    const binding: PortBinding = { containerPort: spec.containerPort, protocol, hostIp: ip, hostPort: port ?? range.start };
    if (port === undefined) conflicts.push({ spec, binding, holder: holderOf(range.start) ?? 'another binding' });
    else used.push({ protocol, ip, port, holder: 'an earlier port of the same request' });
    bindings.push(binding);
  }
  return { bindings, conflicts };
}

/** `32768 60999` from /proc/sys/net/ipv4/ip_local_port_range. */
export function parsePortRange(text: string): PortRange {
  const [a, b] = text.trim().split(/\s+/).map(Number);
  return a !== undefined && b !== undefined && a > 0 && b >= a ? { start: a, end: b } : { start: 32768, end: 60999 };
}

/**
 * Docker's range rules: `8000-8002:80-82` maps one to one, `8000-8010:80`
 * takes any free port of the range, `80-82` (no host port) gets an ephemeral
 * port for each.
 */
export function expandPortRange(container: PortRange, host: PortRange | undefined, protocol: Protocol, hostIp?: string): PortSpec[] | undefined {
  const n = container.end - container.start + 1;
  const base = { protocol, ...(hostIp === undefined ? {} : { hostIp }) };
  if (host === undefined) return Array.from({ length: n }, (_, i) => ({ ...base, containerPort: container.start + i }));
  const m = host.end - host.start + 1;
  if (n === 1) return [{ ...base, containerPort: container.start, hostPort: host.start, ...(m > 1 ? { hostPortEnd: host.end } : {}) }];
  if (m !== n) return undefined;
  return Array.from({ length: n }, (_, i) => ({ ...base, containerPort: container.start + i, hostPort: host.start + i }));
}

export function isIpv6Host(spec: PortSpec): boolean {
  return spec.hostIp !== undefined && parseAddr(spec.hostIp)?.family === 6;
}
