/**
 * The network driver's one interface and its factory. Engine-agnostic: the
 * orchestration creates networks, a sandbox (network namespace) per
 * container, hands `netnsPath` to the OCI runtime as the net namespace path,
 * and attaches the sandbox to its networks. State layout: store.ts.
 */
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandRunner } from '../host/command.js';
import { spawnRunner } from '../host/spawn-runner.js';
import type { StateRoots } from '../host/state-root.js';
import { firewallFactory, realKernel, type Kernel, type NetworkContext } from './context.js';
import { attach } from './endpoints.js';
import { detach, removeSandboxNetwork, sandboxEndpoints } from './teardown.js';
import { procHostFacts, type HostFacts } from './host-facts.js';
import { ensureNetwork, findNetwork, removeNetwork } from './networks.js';
import { checkPorts, type PortRequest } from './publish.js';
import { cleanupProject, type CleanupOptions, type CleanupReport } from './recovery.js';
import { createSandbox } from './sandboxes.js';
import type { DnsTable } from './dns/resolve.js';
import { dnsTable } from './dns/table.js';
import { parseResolvConf } from './resolv-conf.js';
import { NetworkStore } from './store.js';
import type { AttachRequest, EndpointRecord, FirewallName, NetworkRecord, NetworkSpec, SandboxRecord } from './types.js';

export interface NetworkDriver {
  /** Creates the network (bridge, subnets, rules) or returns the existing one; external ones are looked up. */
  ensureNetwork(spec: NetworkSpec): Promise<NetworkRecord>;
  /** Removes the network; a network that is gone is fine; containers of other projects keep it. */
  removeNetwork(name: string): Promise<void>;
  getNetwork(name: string): Promise<NetworkRecord | undefined>;
  listNetworks(): Promise<NetworkRecord[]>;
  /** A new network namespace (lo up) bind-mounted under run/netns/; idempotent. */
  createSandbox(id: string, project: string): Promise<SandboxRecord>;
  getSandbox(id: string): Promise<SandboxRecord | undefined>;
  /** Detaches every endpoint, then unmounts the namespace; fine when gone. */
  removeSandbox(id: string): Promise<void>;
  /** One endpoint per network, eth0 first; published ports go on the default-route network. */
  attach(sandbox: string, req: AttachRequest): Promise<EndpointRecord[]>;
  detach(sandbox: string, networks?: string[]): Promise<void>;
  endpoints(filter?: { sandbox?: string; project?: string; network?: string }): Promise<EndpointRecord[]>;
  /** Fails with every published port already taken (on the host or by another project), before anything is created. */
  checkPorts(requests: PortRequest[], replacing?: string[]): Promise<void>;
  /** Removes what a crash left of a project (and with removeNetworks, everything of it: `down`). */
  cleanupProject(project: string, opts?: CleanupOptions): Promise<CleanupReport>;
  /** Names for the embedded DNS server, from the records; served on `project`'s networks (all when unset). */
  dnsTable(project?: string): Promise<DnsTable>;
  /** The directories whose changes can change the DNS table (for dns/follow.ts); created when missing. */
  recordDirs(): { networksDir: string; sandboxesDir: string };
  /** Ends the netns helper and closes the netlink socket. */
  close(): void;
}

export interface NetworkDriverOptions {
  roots: StateRoots;
  runner?: CommandRunner;
  /** Firewall for new networks: iptables (default) or none. */
  firewall?: FirewallName;
  /** native/build/tscompose-netns unless given. */
  helperPath?: string;
  facts?: HostFacts;
  kernel?: Kernel;
}

/** native/build/tscompose-netns, walking up from this module (src/) or the CLI script (dist/). */
export function defaultHelperPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const name = 'tscompose-netns';
  if (env.TSCOMPOSE_NATIVE_DIR) return join(env.TSCOMPOSE_NATIVE_DIR, name);
  const starts: string[] = [];
  try {
    starts.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // The CommonJS bundle has no import.meta.url; the script path below finds dist/.
  }
  if (process.argv[1] !== undefined && existsSync(process.argv[1])) starts.push(dirname(realpathSync(process.argv[1])));
  for (const start of starts) {
    for (let dir = start, i = 0; i < 6; i++, dir = dirname(dir)) {
      const p = join(dir, 'native', 'build', name);
      if (existsSync(p)) return p;
    }
  }
  return name;
}

export function createNetworkDriver(opts: NetworkDriverOptions): NetworkDriver {
  const runner = opts.runner ?? spawnRunner;
  const fw = firewallFactory(runner);
  const ctx: NetworkContext = {
    store: new NetworkStore(opts.roots),
    kernel: opts.kernel ?? realKernel(opts.helperPath ?? defaultHelperPath()),
    facts: opts.facts ?? procHostFacts(),
    runner,
    firewall: opts.firewall ?? 'iptables',
    firewallFor: fw,
  };
  return {
    ensureNetwork: (spec) => ensureNetwork(ctx, spec),
    removeNetwork: (name) => removeNetwork(ctx, name, async (e) => detach(ctx, e.sandbox, [name])),
    getNetwork: (name) => findNetwork(ctx, name),
    listNetworks: () => ctx.store.listNetworks(),
    createSandbox: (id, project) => createSandbox(ctx, id, project),
    getSandbox: (id) => ctx.store.readSandbox(id),
    removeSandbox: (id) => removeSandboxNetwork(ctx, id),
    attach: (sandbox, req) => attach(ctx, sandbox, req),
    detach: (sandbox, networks) => detach(ctx, sandbox, networks),
    async endpoints(filter = {}) {
      const all = filter.sandbox === undefined ? await ctx.store.allEndpoints() : await sandboxEndpoints(ctx, filter.sandbox);
      return all.filter((e) => (filter.project === undefined || e.project === filter.project) && (filter.network === undefined || e.network === filter.network));
    },
    checkPorts: (requests, replacing) => checkPorts(ctx, requests, replacing),
    cleanupProject: (project, o) => cleanupProject(ctx, project, o),
    async dnsTable(project) {
      const upstreams = parseResolvConf(await ctx.facts.resolvConf()).nameservers;
      const [networks, endpoints, sandboxes] = await Promise.all([ctx.store.listNetworks(), ctx.store.allEndpoints(), ctx.store.listSandboxes()]);
      return dnsTable({ networks, endpoints, sandboxes, upstreams, ...(project === undefined ? {} : { project }) });
    },
    recordDirs() {
      mkdirSync(ctx.store.netsDir, { recursive: true });
      mkdirSync(ctx.store.netnsDir, { recursive: true });
      return { networksDir: ctx.store.netsDir, sandboxesDir: ctx.store.netnsDir };
    },
    close: () => ctx.kernel.close(),
  };
}
