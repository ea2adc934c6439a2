/**
 * The per-container /etc/hosts and /etc/hostname, byte for byte as dockerd
 * 20.10 writes them (libnetwork etchosts): localhost and the IPv6 defaults,
 * then extra_hosts in order, then one line per address of the container
 * (`<ip>\t<fqdn> <short>`), in interface order, IPv4 before IPv6. Pure.
 */
import { canonicalAddr } from './ip.js';
import { ExtraHostError } from './errors.js';

export interface ExtraHost {
  host: string;
  /** An address, or `host-gateway`. */
  ip: string;
}

export interface HostsInput {
  hostname: string;
  domainname?: string;
  /** The container's own addresses, in interface order. */
  addresses: string[];
  extraHosts?: ExtraHost[];
  /** What `host-gateway` stands for: the gateway of the container's primary network. */
  hostGateway?: string;
}

const DEFAULTS = [
  ['127.0.0.1', 'localhost'],
  ['::1', 'localhost ip6-localhost ip6-loopback'],
  ['fe00::0', 'ip6-localnet'],
  ['ff00::0', 'ip6-mcastprefix'],
  ['ff02::1', 'ip6-allnodes'],
  ['ff02::2', 'ip6-allrouters'],
];

/** dockerd's main record: `h.example.com h` for an FQDN, `h` alone otherwise. */
export function hostsNames(hostname: string, domainname?: string): string {
  const fqdn = domainname === undefined || domainname === '' ? hostname : `${hostname}.${domainname}`;
  const dot = fqdn.indexOf('.');
  return dot < 0 ? fqdn : `${fqdn} ${fqdn.slice(0, dot)}`;
}

export function renderHosts(input: HostsInput): string {
  const lines = DEFAULTS.map(([ip, names]) => `${ip}\t${names}`);
  for (const e of input.extraHosts ?? []) lines.push(`${resolveExtraHost(e, input.hostGateway)}\t${e.host}`);
  const names = hostsNames(input.hostname, input.domainname);
  for (const a of input.addresses) lines.push(`${a}\t${names}`);
  return `${lines.join('\n')}\n`;
}

function resolveExtraHost(e: ExtraHost, hostGateway: string | undefined): string {
  if (e.ip === 'host-gateway') {
    if (hostGateway === undefined) throw new ExtraHostError(`extra_hosts ${e.host}:host-gateway: the container has no network with a gateway`);
    return hostGateway;
  }
  const canonical = canonicalAddr(e.ip);
  if (canonical === undefined) throw new ExtraHostError(`extra_hosts ${e.host}: ${e.ip} is not an IP address`);
  return e.ip;
}

/** `network_mode: none`: only the defaults, the container has no address. */
export function renderHostsNone(extraHosts: ExtraHost[] = []): string {
  return renderHosts({ hostname: '', addresses: [], extraHosts });
}

export function renderHostname(hostname: string): string {
  return `${hostname}\n`;
}

/** Docker's default hostname: the first 12 characters of the container id. */
export function defaultHostname(containerId: string): string {
  return containerId.slice(0, 12);
}
