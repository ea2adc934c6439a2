/**
 * The three files a container gets bind-mounted (/etc/hosts, /etc/hostname,
 * /etc/resolv.conf), for each network mode, from its endpoint records and the
 * host's own files. Pure; the orchestration writes them (in place on later
 * updates: a rename would leave the bind mount on the old inode).
 */
import { renderHosts, renderHostname, type ExtraHost } from './etc-files.js';
import { containerResolvConf, parseResolvConf, plainResolvConf, type ContainerDnsConfig } from './resolv-conf.js';

export interface ContainerFilesInput {
  /** bridge: attached to networks (our DNS); host: the host's network; none: loopback only. */
  mode: 'bridge' | 'host' | 'none';
  hostname: string;
  domainname?: string;
  /** The container's endpoints in interface order (EndpointRecord fits). */
  endpoints?: Array<{ ipv4?: string; ipv6?: string; gateway4?: string; isGateway: boolean }>;
  extraHosts?: ExtraHost[];
  dns?: ContainerDnsConfig;
  host: { hosts: string; resolvConf: string };
}

export interface ContainerFiles {
  hosts: string;
  hostname: string;
  resolvConf: string;
}

/** At most three nameserver lines count (glibc MAXNS). */
const MAXNS = 3;

export function containerFiles(i: ContainerFilesInput): ContainerFiles {
  const hostname = renderHostname(i.hostname);
  const extraHosts = i.extraHosts ?? [];
  if (i.mode === 'host') {
    const hosts = extraHosts.length === 0 ? i.host.hosts : renderHosts({ hostname: i.hostname, addresses: [], extraHosts, hostGateway: '127.0.0.1' });
    return { hosts, hostname, resolvConf: plainResolvConf(i.host.resolvConf, i.dns ?? {}, true) };
  }
  if (i.mode === 'none') {
    return { hosts: renderHosts({ hostname: i.hostname, addresses: [], extraHosts }), hostname, resolvConf: plainResolvConf(i.host.resolvConf, i.dns ?? {}, false) };
  }
  const eps = i.endpoints ?? [];
  const addresses = eps.flatMap((e) => [e.ipv4, e.ipv6].filter((a): a is string => a !== undefined));
  const gateway = (eps.find((e) => e.isGateway) ?? eps[0])?.gateway4;
  const resolvers = [...new Set(eps.map((e) => e.gateway4).filter((g): g is string => g !== undefined))].slice(0, MAXNS);
  return {
    hosts: renderHosts({ hostname: i.hostname, ...(i.domainname === undefined ? {} : { domainname: i.domainname }), addresses, extraHosts, ...(gateway === undefined ? {} : { hostGateway: gateway }) }),
    hostname,
    resolvConf: containerResolvConf(parseResolvConf(i.host.resolvConf), i.dns ?? {}, resolvers),
  };
}
