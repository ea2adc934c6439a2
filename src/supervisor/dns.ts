/**
 * The project's embedded DNS server: service names, container names and
 * aliases answered on the gateway address of each of the project's networks
 * (port 53, where the containers' resolv.conf points), other names forwarded
 * upstream. It lives in the supervisor because that is the project's one
 * long-lived process; the table follows the records on disk, so containers
 * created or recreated by any later command resolve without a reload.
 */
import type { DnsServer, Follower, NetworkDriver } from '../network/index.js';

export interface ProjectDns {
  close(): Promise<void>;
}

export async function startProjectDns(net: NetworkDriver, project: string, log: (line: string) => void): Promise<ProjectDns> {
  const { startDnsServer, followRecords } = await import('../network/index.js');
  const table = (): ReturnType<NetworkDriver['dnsTable']> => net.dnsTable(project);
  const server: DnsServer = await startDnsServer({ table: await table() });
  const report = (results: ReadonlyArray<{ address: string; error?: Error }>): void => {
    for (const r of results) if (r.error !== undefined) log(`dns: cannot serve ${r.address}: ${r.error.message}`);
  };
  const follower: Follower = followRecords({
    ...net.recordDirs(), table, server, onUpdate: report, onError: (e) => log(`dns: ${e.message}`),
  });
  return {
    async close() {
      await follower.close();
      await server.close();
    },
  };
}
