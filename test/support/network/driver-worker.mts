/**
 * Runs inside the throwaway network namespace that plays the host
 * (`nsenter --net=...`, the same mount namespace as the test): the real
 * network driver and DNS server, driven by JSON lines on stdin, one reply
 * line per request on stdout.
 */
import { createInterface } from 'node:readline';
import { createNetworkDriver } from '../../../src/network/driver.js';
import { followRecords, type Follower } from '../../../src/network/dns/follow.js';
import { startDnsServer, type DnsServer } from '../../../src/network/dns/server.js';
import { fakeUpstream } from './dns-client.js';

const [run, lib, firewall] = process.argv.slice(2) as [string, string, 'iptables' | 'none'];
const driver = createNetworkDriver({ roots: { run, lib }, firewall });
let dns: DnsServer | undefined;
let follower: Follower | undefined;
let upstream: Awaited<ReturnType<typeof fakeUpstream>> | undefined;

type Handler = (...args: any[]) => Promise<unknown>;
const ops: Record<string, Handler> = {
  ensureNetwork: (spec) => driver.ensureNetwork(spec),
  removeNetwork: (name) => driver.removeNetwork(name),
  createSandbox: (id, project) => driver.createSandbox(id, project),
  removeSandbox: (id) => driver.removeSandbox(id),
  getSandbox: (id) => driver.getSandbox(id),
  attach: (sb, req) => driver.attach(sb, req),
  detach: (sb, nets) => driver.detach(sb, nets),
  endpoints: (filter) => driver.endpoints(filter),
  checkPorts: (reqs, replacing) => driver.checkPorts(reqs, replacing),
  cleanupProject: (project, opts) => driver.cleanupProject(project, opts),
  dnsTable: (project) => driver.dnsTable(project),
  /** A fake upstream on loopback inside this namespace: forwarded names never leave the machine. */
  async startDns(project: string, port = 53) {
    upstream ??= await fakeUpstream('127.0.0.1', '198.51.100.7', 'outside.test');
    const table = { ...(await driver.dnsTable(project)), upstreams: [`127.0.0.1:${upstream.port}`] };
    dns = await startDnsServer({ table, port, timeoutMs: 500 });
    // As the supervisor does: the table follows the records, whoever changes them.
    const server = dns;
    follower = followRecords({ ...driver.recordDirs(), server, table: async () => ({ ...(await driver.dnsTable(project)), upstreams: [`127.0.0.1:${upstream?.port ?? 0}`] }), onError: (e) => process.stderr.write(`follow: ${e.message}\n`) });
    return dns.listening();
  },
  async updateDns(project: string) {
    const table = { ...(await driver.dnsTable(project)), upstreams: [`127.0.0.1:${upstream?.port ?? 0}`] };
    return (await dns?.update(table))?.map((r) => ({ address: r.address, error: r.error?.message }));
  },
  async upstreamQueries() {
    return upstream?.queries ?? [];
  },
  async stopDns() {
    await follower?.close();
    await dns?.close();
    dns = undefined;
  },
  /** Attaches `n` sandboxes one after another (the crash test kills the worker midway). */
  async attachMany(project: string, network: string, n: number, prefix: string) {
    for (let i = 0; i < n; i++) {
      await driver.createSandbox(`${prefix}${i}`, project);
      await driver.attach(`${prefix}${i}`, { project, container: `${project}-s-${i}`, endpoints: [{ network }], ports: [{ containerPort: 80 }] });
    }
  },
  /** `n` sandboxes attached all at once, as up starts independent services; their IPv4 addresses. */
  async attachParallel(project: string, network: string, n: number, prefix: string) {
    const all = await Promise.all(Array.from({ length: n }, async (_, i) => {
      await driver.createSandbox(`${prefix}${i}`, project);
      return driver.attach(`${prefix}${i}`, { project, container: `${project}-p-${i}`, endpoints: [{ network }] });
    }));
    return all.map((eps) => eps[0]?.ipv4);
  },
};

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const { id, op, args } = JSON.parse(line) as { id: number; op: string; args: unknown[] };
  const h = ops[op];
  const reply = (body: object): void => void process.stdout.write(`${JSON.stringify({ id, ...body })}\n`);
  if (h === undefined) return reply({ error: { name: 'Error', message: `no op ${op}` } });
  h(...args).then(
    (result) => reply({ result: result ?? null }),
    (e: Error & { code?: string }) => reply({ error: { name: e.name, message: e.message, code: e.code } }),
  );
});
rl.on('close', () => {
  void follower?.close();
  driver.close();
  void dns?.close();
  upstream?.close();
});
