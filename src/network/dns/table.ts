/**
 * The DNS table from the driver's records (pure): one entry per endpoint, on
 * every recorded network, so a container's names are known on each network
 * it is on. The supervisor of a project listens only on its own networks'
 * gateways; records of other projects' networks let it find a client's other
 * networks when the client is attached to a shared (external) one.
 */
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../types.js';
import type { DnsTable } from './resolve.js';

export interface TableSources {
  networks: NetworkRecord[];
  endpoints: EndpointRecord[];
  sandboxes: SandboxRecord[];
  /** Serve the networks of this project (all when unset). */
  project?: string;
  upstreams: string[];
}

export function dnsTable(s: TableSources): DnsTable {
  const sandbox = new Map(s.sandboxes.map((b) => [b.id, b]));
  return {
    upstreams: s.upstreams,
    networks: s.networks
      .filter((n) => n.state === 'ready')
      .map((n) => ({
        name: n.name,
        listen: s.project === undefined || n.project === s.project ? n.subnets.filter((x) => !x.subnet.includes(':')).map((x) => x.gateway) : [],
        records: s.endpoints
          // A `creating` endpoint has its address already and is live a moment later; a crashed one goes with its record.
          .filter((e) => e.networkId === n.id)
          .map((e) => {
            const sb = sandbox.get(e.sandbox);
            return {
              container: e.container,
              names: [...new Set([e.container, ...e.dnsNames])],
              ...(e.ipv4 === undefined ? {} : { ipv4: e.ipv4 }),
              ...(e.ipv6 === undefined ? {} : { ipv6: e.ipv6 }),
              ...(sb !== undefined && Object.keys(sb.links).length > 0 ? { links: sb.links } : {}),
              ...(sb !== undefined && sb.dnsServers.length > 0 ? { dnsServers: sb.dnsServers } : {}),
            };
          }),
      })),
  };
}
