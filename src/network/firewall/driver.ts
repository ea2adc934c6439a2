/**
 * The FirewallDriver seam: iptables (rules as data, one iptables-restore per
 * change) or none (for tests and hosts whose firewall is managed elsewhere;
 * nftables could be a third). The driver a network was created with is
 * recorded, so teardown always uses the same one.
 */
import type { CommandRunner } from '../../host/command.js';
import type { FirewallName } from '../types.js';
import { parseSave, planApply, planRemove, type SaveState } from './restore.js';
import { endpointRuleset, networkRuleset, type Family, type FirewallEndpoint, type FirewallNetwork, type Ruleset } from './rules.js';

export interface FirewallDriver {
  readonly name: FirewallName;
  applyNetwork(n: FirewallNetwork): Promise<void>;
  removeNetwork(n: FirewallNetwork): Promise<void>;
  /** Published ports of a new endpoint (its chain must not exist yet: attach removes leftovers first). */
  applyEndpoint(e: FirewallEndpoint): Promise<void>;
  removeEndpoint(e: FirewallEndpoint): Promise<void>;
}

export const noFirewall: FirewallDriver = {
  name: 'none',
  applyNetwork: async () => {},
  removeNetwork: async () => {},
  applyEndpoint: async () => {},
  removeEndpoint: async () => {},
};

const ATTEMPTS = 3;

/** One family's tables: iptables, or ip6tables for the IPv6 subnets and addresses. */
export class IptablesFirewall implements FirewallDriver {
  readonly name = 'iptables';
  private readonly tool: string;
  constructor(
    private readonly runner: CommandRunner,
    private readonly family: Family = 4,
  ) {
    this.tool = family === 4 ? 'iptables' : 'ip6tables';
  }

  private async state(): Promise<SaveState> {
    const r = await this.runner.run(`${this.tool}-save`, []);
    return parseSave(r.stdout);
  }

  private async restore(text: string): Promise<void> {
    await this.runner.run(`${this.tool}-restore`, ['--noflush', '-w'], { input: text });
  }

  /**
   * Read, plan, apply; another tscompose changing the shared chains between
   * our read and our write makes the restore fail as a whole (it is one
   * transaction), so read again and retry.
   */
  private async converge(plan: (s: SaveState) => string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const text = plan(await this.state());
      if (text === '') return;
      try {
        await this.restore(text);
        return;
      } catch (e) {
        if (attempt >= ATTEMPTS) throw e;
      }
    }
  }

  applyNetwork(n: FirewallNetwork): Promise<void> {
    return this.converge((s) => planApply([networkRuleset(n, this.family)], s));
  }

  removeNetwork(n: FirewallNetwork): Promise<void> {
    return this.converge((s) => planRemove([networkRuleset(n, this.family)], s));
  }

  async applyEndpoint(e: FirewallEndpoint): Promise<void> {
    const set = endpointRuleset(e, this.family);
    if (set.rules.length === 0) return;
    try {
      await this.restore(blindApply(set));
    } catch {
      // The shared chain is missing (someone flushed the rules): plan against what is there.
      await this.converge((s) => planApply([set], s));
    }
  }

  async removeEndpoint(e: FirewallEndpoint): Promise<void> {
    const set = endpointRuleset(e, this.family);
    if (set.rules.length === 0) return;
    try {
      await this.restore(blindRemove(set));
    } catch {
      // Not as attach left it (a crash midway, or rules flushed): plan against what is there.
      await this.converge((s) => planRemove([set], s));
    }
  }
}

/**
 * iptables for every network, ip6tables as well for networks with an IPv6
 * subnet and endpoints with an IPv6 address; a host without IPv6 networks
 * never runs ip6tables.
 */
export class DualStackFirewall implements FirewallDriver {
  readonly name = 'iptables';
  private readonly v4: IptablesFirewall;
  private readonly v6: IptablesFirewall;
  constructor(runner: CommandRunner) {
    this.v4 = new IptablesFirewall(runner, 4);
    this.v6 = new IptablesFirewall(runner, 6);
  }

  async applyNetwork(n: FirewallNetwork): Promise<void> {
    await this.v4.applyNetwork(n);
    if ((n.subnets6 ?? []).length > 0) await this.v6.applyNetwork(n);
  }

  async removeNetwork(n: FirewallNetwork): Promise<void> {
    if ((n.subnets6 ?? []).length > 0) await this.v6.removeNetwork(n);
    await this.v4.removeNetwork(n);
  }

  async applyEndpoint(e: FirewallEndpoint): Promise<void> {
    if (e.ipv4 !== undefined) await this.v4.applyEndpoint(e);
    if (e.ipv6 !== undefined) await this.v6.applyEndpoint(e);
  }

  async removeEndpoint(e: FirewallEndpoint): Promise<void> {
    if (e.ipv6 !== undefined) await this.v6.removeEndpoint(e);
    if (e.ipv4 !== undefined) await this.v4.removeEndpoint(e);
  }
}

/** The endpoint's chain and its jump, assuming the shared chain exists and the endpoint's does not. */
export function blindApply(set: Ruleset): string {
  const lines = [...set.chains.map((c) => `:${c.name} - [0:0]`), ...[...set.rules, ...set.anchors].map((r) => `-A ${r.chain} ${r.spec}`)];
  return `*nat\n${lines.join('\n')}\nCOMMIT\n`;
}

/**
 * The endpoint's jump and chain removed, assuming both are there as
 * blindApply made them; its network's rules keep the shared chain in use, so
 * nothing shared goes with it.
 */
export function blindRemove(set: Ruleset): string {
  const lines = [...set.anchors.map((r) => `-D ${r.chain} ${r.spec}`), ...set.chains.flatMap((c) => [`-F ${c.name}`, `-X ${c.name}`])];
  return `*nat\n${lines.join('\n')}\nCOMMIT\n`;
}

export function firewallDriver(name: FirewallName, runner: CommandRunner): FirewallDriver {
  return name === 'iptables' ? new DualStackFirewall(runner) : noFirewall;
}
