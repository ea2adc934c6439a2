/**
 * src/network: bridges, veth pairs, IPAM, the firewall, published ports, the
 * per-container /etc files and the embedded DNS server. The orchestration
 * uses this module through these exports only; state layout in store.ts,
 * object names in names.ts.
 */
export { createNetworkDriver, defaultHelperPath, type NetworkDriver, type NetworkDriverOptions } from './driver.js';
export { FakeNetworkDriver } from './fake.js';
export type { PortRequest } from './publish.js';
export type { CleanupOptions, CleanupReport } from './recovery.js';
export { expandPortRange } from './ports.js';
export { containerFiles, type ContainerFiles, type ContainerFilesInput } from './container-files.js';
export { defaultHostname, type ExtraHost } from './etc-files.js';
export type { ContainerDnsConfig } from './resolv-conf.js';
export { startDnsServer, type DnsServer, type DnsServerOptions } from './dns/server.js';
export { followRecords, type Follower, type FollowOptions } from './dns/follow.js';
export type { DnsTable, DnsNetwork, DnsRecord } from './dns/resolve.js';
export * from './errors.js';
export type * from './types.js';
