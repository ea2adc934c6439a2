/**
 * The network driver's own input and record types. The orchestration
 * translates compose's networks, ports, ipam and aliases into these; nothing
 * here knows the compose model.
 */

/** A bridge network to create or find (compose `networks.<key>`). */
export interface NetworkSpec {
  /** The network's name on this host, as docker names it: `<project>_<key>` or the compose `name:`. */
  name: string;
  /** The compose project that declares it. */
  project: string;
  /** The key under `networks:` in the compose file. */
  composeName: string;
  /** Only `bridge` (the default) is supported. */
  driver?: string;
  driverOpts?: Record<string, string>;
  internal?: boolean;
  /** Find an existing network by `name`; never create or remove it. */
  external?: boolean;
  attachable?: boolean;
  enableIpv6?: boolean;
  ipam?: IpamSpec;
  labels?: Record<string, string>;
}

export interface IpamSpec {
  /** Only `default` (or unset) is supported. */
  driver?: string;
  config?: IpamConfig[];
}

export interface IpamConfig {
  subnet?: string;
  ipRange?: string;
  gateway?: string;
  auxAddresses?: Record<string, string>;
}

export interface SubnetRecord {
  subnet: string;
  gateway: string;
  ipRange?: string;
  /** Addresses IPAM never hands out (compose `aux_addresses`), by name. */
  auxAddresses: Record<string, string>;
}

export type FirewallName = 'iptables' | 'none';

/** What ensureNetwork created, as recorded under lib/networks/<id>/network.json. */
export interface NetworkRecord {
  version: 1;
  /** 11 hex digits derived from `name`; names the bridge and the chains. */
  id: string;
  name: string;
  project: string;
  composeName: string;
  bridge: string;
  mtu: number;
  internal: boolean;
  attachable: boolean;
  icc: boolean;
  masquerade: boolean;
  enableIpv6: boolean;
  /** Host address published ports bind to when a port names none (driver_opts host_binding_ipv4). */
  hostBindingIpv4: string;
  subnets: SubnetRecord[];
  labels: Record<string, string>;
  driverOpts: Record<string, string>;
  /** The firewall driver that wrote the rules, so teardown uses the same one. */
  firewall: FirewallName;
  /** `creating` until the bridge and its rules exist; recovery removes what a crash left. */
  state: 'creating' | 'ready';
  created: string;
}

/** A network namespace created for one container (or shared by several: network_mode service:/container:). */
export interface SandboxRecord {
  version: 1;
  id: string;
  project: string;
  /** The nsfs bind mount handed to the OCI runtime as linux.namespaces[net].path. */
  netnsPath: string;
  /** Container-scoped DNS facts set by attach: links aliases and `dns:` servers. */
  links: Record<string, string>;
  dnsServers: string[];
  /** The endpoints attach made (or was making), so detach reads only those records. */
  endpoints: Array<{ networkId: string; id: string }>;
  state: 'creating' | 'ready';
  created: string;
}

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One published port (compose `ports:` entry after range expansion, see expandPorts). */
export interface PortSpec {
  containerPort: number;
  protocol?: Protocol;
  /** Empty or unset: every host address (0.0.0.0). */
  hostIp?: string;
  /** Unset or 0: an ephemeral port. With hostPortEnd: any free port in [hostPort, hostPortEnd]. */
  hostPort?: number;
  hostPortEnd?: number;
}

/** A published port as programmed: the host port is always chosen. */
export interface PortBinding {
  containerPort: number;
  protocol: Protocol;
  hostIp: string;
  hostPort: number;
}

export interface EndpointSpec {
  /** NetworkRecord.name of a network ensureNetwork returned. */
  network: string;
  /** compose `interface_name`; default eth0, eth1 ... in priority order. */
  ifname?: string;
  mac?: string;
  ipv4Address?: string;
  ipv6Address?: string;
  /** compose `gw_priority`: the highest provides the default route. */
  gwPriority?: number;
  /** compose `priority`: the highest is connected first (eth0). */
  priority?: number;
  /** What this container answers to on this network: service, container name, aliases, hostname. */
  dnsNames?: string[];
}

export interface AttachRequest {
  project: string;
  service?: string;
  /** The container's name (`project-service-1`), for messages and DNS. */
  container: string;
  endpoints: EndpointSpec[];
  /** Published on the endpoint that provides the default route, as docker does. */
  ports?: PortSpec[];
  /** compose `links` aliases visible to this container only: alias -> target name. */
  links?: Record<string, string>;
  /** compose `dns:` servers; the DNS server forwards this container's other queries to them. */
  dnsServers?: string[];
}

export interface EndpointRecord {
  version: 1;
  /** 11 hex digits derived from sandbox and network; names the host veth and the DNAT chain. */
  id: string;
  sandbox: string;
  network: string;
  networkId: string;
  project: string;
  service?: string;
  container: string;
  ifname: string;
  /** Position among the container's interfaces (0 = connected first). */
  order: number;
  hostIfname: string;
  mac: string;
  ipv4?: string;
  ipv4Prefix?: number;
  ipv6?: string;
  ipv6Prefix?: number;
  gateway4?: string;
  gateway6?: string;
  /** This endpoint carries the default route (and the published ports). */
  isGateway: boolean;
  dnsNames: string[];
  ports: PortBinding[];
  state: 'creating' | 'ready';
}
