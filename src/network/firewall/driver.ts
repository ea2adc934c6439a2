/**
 * The FirewallDriver seam: iptables (rules as data, one iptables-restore per
 * change) or none (for tests and hosts whose firewall is managed elsewhere;
 * nftables could be a third). The driver a network was created with is
 * recorded, so teardown always uses the same one.
 */
import type { CommandRunner } from '../../host/command.js';
import type { FirewallName } from '../types.js';
import { parseSave, planApply, planRemove, type SaveState } from './restore.js';
import { endpointRuleset, networkRuleset, type FirewallEndpoint, type FirewallNetwork, type Ruleset } from './rules.js';

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

export class IptablesFirewall implements FirewallDriver {
  readonly name = 'iptables';
  constructor(private readonly runner: CommandRunner) {}

  private async state(): Promise<SaveState> {
    const r = await this.runner.run('iptables-save', []);
    return parseSave(r.stdout);
  }

  private async restore(text: string): Promise<void> {
    await this.runner.run('iptables-restore', ['--noflush', '-w'], { input: text });
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
    return this.converge((s) => planApply([networkRuleset(n)], s));
  }

  removeNetwork(n: FirewallNetwork): Promise<void> {
    return this.converge((s) => planRemove([networkRuleset(n)], s));
  }

  async applyEndpoint(e: FirewallEndpoint): Promise<void> {
    const set = endpointRuleset(e);
    if (set.rules.length === 0) return;
    try {
      await this.restore(blindApply(set));
    } catch {
      // The shared chain is missing (someone flushed the rules): plan against what is there.
      await this.converge((s) => planApply([set], s));
    }
  }

  removeEndpoint(e: FirewallEndpoint): Promise<void> {
    return this.converge((s) => planRemove([endpointRuleset(e)], s));
  }
}

/** The endpoint's chain and its jump, assuming the shared chain exists and the endpoint's does not. */
export function blindApply(set: Ruleset): string {
  const lines = [...set.chains.map((c) => `:${c.name} - [0:0]`), ...[...set.rules, ...set.anchors].map((r) => `-A ${r.chain} ${r.spec}`)];
  return `*nat\n${lines.join('\n')}\nCOMMIT\n`;
}

export function firewallDriver(name: FirewallName, runner: CommandRunner): FirewallDriver {
  return name === 'iptables' ? new IptablesFirewall(runner) : noFirewall;
}
