/**
 * An in-memory NetworkDriver for the orchestration's unit tests: the same
 * IPAM, ordering and port rules as the real one, no kernel. `calls` lists
 * what was asked, one line per operation, for tests to assert on.
 */
import type { NetworkDriver } from './driver.js';
import { dnsTable } from './dns/table.js';
import type { DnsTable } from './dns/resolve.js';
import { NetworkInUseError, NetworkNotFoundError, PortInUseError, type PortConflict } from './errors.js';
import { parsePrefix, type Prefix } from './ip.js';
import { defaultV4Pools, pickAddress, planSubnets, ulaPool } from './ipam.js';
import { bridgeName, endpointId, hostVethName, networkId } from './names.js';
import { choosePorts } from './ports.js';
import type { PortRequest } from './publish.js';
import type { CleanupOptions, CleanupReport } from './recovery.js';
import type { AttachRequest, EndpointRecord, NetworkRecord, NetworkSpec, PortBinding, SandboxRecord } from './types.js';

export class FakeNetworkDriver implements NetworkDriver {
  readonly calls: string[] = [];
  readonly networks = new Map<string, NetworkRecord>();
  readonly sandboxes = new Map<string, SandboxRecord>();
  readonly eps: EndpointRecord[] = [];
  /** Ports "the host" holds, for checkPorts tests. */
  hostPorts: Array<{ protocol: 'tcp' | 'udp'; ip: string; port: number }> = [];

  async ensureNetwork(spec: NetworkSpec): Promise<NetworkRecord> {
    this.calls.push(`ensureNetwork ${spec.name}`);
    const have = this.networks.get(spec.name);
    if (have !== undefined) return have;
    if (spec.external === true) throw new NetworkNotFoundError(spec.name, true);
    const taken = [...this.networks.values()].flatMap((n) => n.subnets.map((s) => parsePrefix(s.subnet) as Prefix));
    const id = networkId(spec.name);
    const subnets = planSubnets({ network: spec.name, config: spec.ipam?.config ?? [], enableIpv6: spec.enableIpv6 === true, taken, v4Pools: defaultV4Pools(), v6Pool: ulaPool('fake') });
    const r: NetworkRecord = {
      version: 1,
      id,
      name: spec.name,
      project: spec.project,
      composeName: spec.composeName,
      bridge: bridgeName(id),
      mtu: 1500,
      internal: spec.internal === true,
      attachable: spec.attachable === true,
      icc: true,
      masquerade: true,
      enableIpv6: spec.enableIpv6 === true,
      hostBindingIpv4: '0.0.0.0',
      subnets,
      labels: spec.labels ?? {},
      driverOpts: spec.driverOpts ?? {},
      firewall: 'none',
      state: 'ready',
      created: new Date(0).toISOString(),
    };
    this.networks.set(spec.name, r);
    return r;
  }

  async removeNetwork(name: string): Promise<void> {
    this.calls.push(`removeNetwork ${name}`);
    const users = this.eps.filter((e) => e.network === name);
    if (users.length > 0) throw new NetworkInUseError(name, users.map((e) => e.container));
    this.networks.delete(name);
  }

  async getNetwork(name: string): Promise<NetworkRecord | undefined> {
    return this.networks.get(name);
  }

  async listNetworks(): Promise<NetworkRecord[]> {
    return [...this.networks.values()];
  }

  async createSandbox(id: string, project: string): Promise<SandboxRecord> {
    this.calls.push(`createSandbox ${id}`);
    const r: SandboxRecord = {
      version: 1,
      id,
      project,
      netnsPath: `/fake/netns/${id}`,
      links: {},
      dnsServers: [],
      endpoints: [],
      state: 'ready',
      created: new Date(0).toISOString(),
    };
    this.sandboxes.set(id, this.sandboxes.get(id) ?? r);
    return this.sandboxes.get(id) as SandboxRecord;
  }

  async getSandbox(id: string): Promise<SandboxRecord | undefined> {
    return this.sandboxes.get(id);
  }

  async removeSandbox(id: string): Promise<void> {
    this.calls.push(`removeSandbox ${id}`);
    await this.detach(id);
    this.sandboxes.delete(id);
  }

  async attach(sandbox: string, req: AttachRequest): Promise<EndpointRecord[]> {
    this.calls.push(`attach ${sandbox} ${req.endpoints.map((e) => e.network).join(',')}`);
    const specs = [...req.endpoints].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
    const nets = specs.map((s) => {
      const n = this.networks.get(s.network);
      if (n === undefined) throw new NetworkNotFoundError(s.network, false);
      return n;
    });
    const cands = specs.filter((_, i) => !(nets[i] as NetworkRecord).internal);
    const best = Math.max(...cands.map((s) => s.gwPriority ?? 0));
    const gw = cands.find((s) => (s.gwPriority ?? 0) === best);
    const ports = gw === undefined ? [] : this.choose([{ ...req, ports: req.ports ?? [] }])[0] ?? [];
    const out = specs.map((spec, i) => {
      const net = nets[i] as NetworkRecord;
      const used = new Set(this.eps.filter((e) => e.network === net.name).map((e) => e.ipv4 as string));
      const v4 = net.subnets[0] as NetworkRecord['subnets'][number];
      const ipv4 = pickAddress(net.name, v4, used, undefined, spec.ipv4Address);
      const id = endpointId(sandbox, net.name);
      const rec: EndpointRecord = {
        version: 1,
        id,
        sandbox,
        network: net.name,
        networkId: net.id,
        project: req.project,
        ...(req.service === undefined ? {} : { service: req.service }),
        container: req.container,
        ifname: spec.ifname ?? `eth${i}`,
        order: i,
        hostIfname: hostVethName(id),
        mac: spec.mac ?? '02:42:00:00:00:00',
        ipv4,
        ipv4Prefix: Number(v4.subnet.split('/')[1]),
        gateway4: v4.gateway,
        isGateway: spec === gw,
        dnsNames: spec.dnsNames ?? [],
        ports: spec === gw ? ports : [],
        state: 'ready',
      };
      return rec;
    });
    this.eps.push(...out);
    return out;
  }

  async detach(sandbox: string, networks?: string[]): Promise<void> {
    for (let i = this.eps.length - 1; i >= 0; i--) {
      const e = this.eps[i] as EndpointRecord;
      if (e.sandbox === sandbox && (networks === undefined || networks.includes(e.network))) this.eps.splice(i, 1);
    }
  }

  async endpoints(filter: { sandbox?: string; project?: string; network?: string } = {}): Promise<EndpointRecord[]> {
    return this.eps.filter((e) => (filter.sandbox ?? e.sandbox) === e.sandbox && (filter.project ?? e.project) === e.project && (filter.network ?? e.network) === e.network);
  }

  private choose(requests: PortRequest[], replacing: string[] = []): PortBinding[][] {
    const taken = [
      ...this.hostPorts.map((p) => ({ ...p, holder: 'a process on the host' })),
      ...this.eps.filter((e) => !replacing.includes(e.container)).flatMap((e) => e.ports.map((b) => ({ protocol: b.protocol, ip: b.hostIp, port: b.hostPort, holder: `container ${e.container}` }))),
    ];
    const conflicts: PortConflict[] = [];
    const out: PortBinding[][] = [];
    for (const r of requests) {
      const c = choosePorts(r.ports, taken, { start: 32768, end: 60999 });
      conflicts.push(...c.conflicts.map((x) => ({ container: r.container, ...(r.service === undefined ? {} : { service: r.service }), ...x.binding, holder: x.holder })));
      taken.push(...c.bindings.map((b) => ({ protocol: b.protocol, ip: b.hostIp, port: b.hostPort, holder: `container ${r.container}` })));
      out.push(c.bindings);
    }
    if (conflicts.length > 0) throw new PortInUseError(conflicts);
    return out;
  }

  async checkPorts(requests: PortRequest[], replacing?: string[]): Promise<void> {
    this.choose(requests, replacing);
  }

  /** As the real one on records alone: the project's sandboxes not kept go (their endpoints too), and its networks with removeNetworks. */
  async cleanupProject(project: string, opts: CleanupOptions = {}): Promise<CleanupReport> {
    this.calls.push(`cleanupProject ${project}${opts.removeNetworks === true ? ' removeNetworks' : ''}`);
    const report: CleanupReport = { sandboxes: [], endpoints: [], networks: [], claims: [] };
    const keep = new Set(opts.keepSandboxes ?? []);
    for (const sb of [...this.sandboxes.values()].filter((x) => x.project === project && !keep.has(x.id))) {
      for (const e of this.eps.filter((x) => x.sandbox === sb.id)) report.endpoints.push(`${e.container} on ${e.network}`);
      await this.detach(sb.id);
      this.sandboxes.delete(sb.id);
      report.sandboxes.push(sb.id);
    }
    for (const n of [...this.networks.values()].filter((x) => x.project === project && (x.state !== 'ready' || opts.removeNetworks === true))) {
      if (this.eps.some((e) => e.network === n.name)) continue;
      this.networks.delete(n.name);
      report.networks.push(n.name);
    }
    return report;
  }

  async dnsTable(project?: string): Promise<DnsTable> {
    return dnsTable({ networks: [...this.networks.values()], endpoints: this.eps, sandboxes: [...this.sandboxes.values()], upstreams: [], ...(project === undefined ? {} : { project }) });
  }

  recordDirs(): { networksDir: string; sandboxesDir: string } {
    return { networksDir: '/fake/networks', sandboxesDir: '/fake/netns' };
  }

  close(): void {}
}
