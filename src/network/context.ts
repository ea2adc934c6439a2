/** What the driver's operations share: the store, the kernel seams (opened on first use), the firewall. */
import type { CommandRunner } from '../host/command.js';
import { openConntrack, type Conntrack } from './conntrack.js';
import { residentProcess } from '../host/resident.js';
import { firewallDriver, type FirewallDriver } from './firewall/driver.js';
import type { HostFacts } from './host-facts.js';
import { addonChannel } from './netns-addon.js';
import { netnsAgent, type NetnsAgent } from './netns-agent.js';
import { openHostLinks, type HostLinks } from './rtnl/host-links.js';
import type { NetworkStore } from './store.js';
import type { FirewallName } from './types.js';

export interface Kernel {
  links(): Promise<HostLinks>;
  agent(): NetnsAgent;
  conntrack(): Promise<Conntrack>;
  close(): void;
}

/** The real kernel: rtnetlink from Node; namespaces through the netns addon, or the helper binary when the addon was not built. */
export function realKernel(helperPath: string): Kernel {
  let links: Promise<HostLinks> | undefined;
  let agent: NetnsAgent | undefined;
  let conntrack: Promise<Conntrack> | undefined;
  return {
    links: () => (links ??= openHostLinks()),
    agent: () => (agent ??= netnsAgent(addonChannel(helperPath) ?? residentProcess(helperPath))),
    conntrack: () => (conntrack ??= openConntrack()),
    close() {
      agent?.close();
      void links?.then((l) => l.close());
      void conntrack?.then((c) => c.close(), () => undefined);
      agent = undefined;
      links = undefined;
      conntrack = undefined;
    },
  };
}

export interface NetworkContext {
  store: NetworkStore;
  kernel: Kernel;
  facts: HostFacts;
  runner: CommandRunner;
  /** The firewall driver new networks are created with. */
  firewall: FirewallName;
  firewallFor(name: FirewallName): FirewallDriver;
}

export function firewallFactory(runner: CommandRunner): (name: FirewallName) => FirewallDriver {
  return (name) => firewallDriver(name, runner);
}
