import { describe, expect, it } from 'vitest';
import { RecordingRunner } from '../../../src/host/command.js';
import { DualStackFirewall, IptablesFirewall, blindApply } from '../../../src/network/firewall/driver.js';
import { parseSave, planApply, planRemove } from '../../../src/network/firewall/restore.js';
import { endpointRuleset, networkRuleset, type FirewallNetwork } from '../../../src/network/firewall/rules.js';
import { SimIptables } from '../../support/network/iptables-sim.js';

const front: FirewallNetwork = { id: '0a1b2c3d4e5', bridge: 'tscb0a1b2c3d4e5', subnets: ['172.18.0.0/16'], internal: false, icc: true, masquerade: true };
const back: FirewallNetwork = { id: 'f6e5d4c3b2a', bridge: 'tscbf6e5d4c3b2a', subnets: ['172.19.0.0/16'], internal: true, icc: true, masquerade: true };
const quiet: FirewallNetwork = { id: '1111111111a', bridge: 'custom-br', subnets: ['10.7.0.0/24', '10.8.0.0/24'], internal: false, icc: false, masquerade: false };
const web = endpointRuleset({
  id: '9e8d7c6b5a4',
  ipv4: '172.18.0.2',
  ports: [
    { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
    { containerPort: 443, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8443 },
    { containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 5353 },
    { containerPort: 80, protocol: 'tcp', hostIp: '::1', hostPort: 8080 },
  ],
});

const dual: FirewallNetwork = { ...front, id: '2222222222b', bridge: 'tscb2222222222b', subnets6: ['fd00:71::/64'] };

const snap = (name: string): string => `../../fixtures/network/rulesets/${name}.rules`;

describe('rendered rulesets', () => {
  it.each([
    ['network-default', [networkRuleset(front)]],
    ['network-internal', [networkRuleset(back)]],
    ['network-no-icc-no-masquerade-two-subnets', [networkRuleset(quiet)]],
    ['network-and-published-ports', [networkRuleset(front), web]],
    ['network-ipv6-ip6tables', [networkRuleset(dual, 6), endpointRuleset({ id: '9e8d7c6b5a4', ipv4: '172.18.0.2', ipv6: 'fd00:71::2', ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }] }, 6)]],
  ])('%s applied to an empty host', async (name, sets) => {
    await expect(planApply(sets, parseSave(new SimIptables().save()))).toMatchFileSnapshot(snap(name));
  });

  it('publishes IPv4 host addresses only', () => {
    expect(web.rules.map((r) => r.spec)).toEqual([
      '-p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:80',
      '-d 127.0.0.1/32 -p tcp -m tcp --dport 8443 -j DNAT --to-destination 172.18.0.2:443',
      '-p udp -m udp --dport 5353 -j DNAT --to-destination 172.18.0.2:53',
    ]);
    expect(endpointRuleset({ id: 'x', ipv4: '1.2.3.4', ports: [] })).toEqual({ chains: [], rules: [], anchors: [] });
  });

  it('publishes IPv6 host addresses, and unspecified ones on both families except ::1, to an endpoint with an IPv6 address', () => {
    const e = { id: '9e8d7c6b5a4', ipv4: '172.18.0.2', ipv6: 'fd00:71::2', ports: [
      { containerPort: 80, protocol: 'tcp' as const, hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 80, protocol: 'tcp' as const, hostIp: '2001:db8::5', hostPort: 8081 },
      { containerPort: 80, protocol: 'tcp' as const, hostIp: '127.0.0.1', hostPort: 8082 },
      { containerPort: 80, protocol: 'tcp' as const, hostIp: '::1', hostPort: 8083 },
    ] };
    expect(endpointRuleset(e, 6).rules.map((r) => r.spec)).toEqual([
      '! -d ::1/128 -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd00:71::2]:80',
      '-d 2001:db8::5/128 -p tcp -m tcp --dport 8081 -j DNAT --to-destination [fd00:71::2]:80',
    ]);
    expect(endpointRuleset({ ...e, ipv6: undefined }, 6).rules).toEqual([]);
    expect(networkRuleset(dual, 6).rules.map((r) => r.spec).filter((x) => x.includes('MASQUERADE'))).toEqual([
      '-s fd00:71::/64 ! -o tscb2222222222b -j MASQUERADE',
      '-s fd00:71::/64 -o tscb2222222222b -m conntrack --ctstate DNAT -j MASQUERADE',
    ]);
  });
});

describe('plans against the current rules', () => {
  it('adds shared rules once, rewrites owned chains, and removing everything restores the host', async () => {
    const docker = { filter: { FORWARD: ['-j DOCKER-USER'], 'DOCKER-USER': ['-j RETURN'] } };
    const sim = new SimIptables(docker);
    const before = sim.save();
    sim.restore(planApply([networkRuleset(front)], parseSave(sim.save())));
    sim.restore(planApply([networkRuleset(back)], parseSave(sim.save())));
    // Again: nothing shared is added twice.
    sim.restore(planApply([networkRuleset(front)], parseSave(sim.save())));
    sim.restore(blindApply(web));
    const filter = sim.tables.get('filter') as Map<string, string[]>;
    expect(filter.get('FORWARD')).toEqual(['-j TSC-FORWARD', '-j DOCKER-USER']);
    expect(filter.get('TSC-FORWARD')).toEqual(['-j TSC-ISOLATION-1', '-j TSC-N-0a1b2c3d4e5', '-j TSC-N-f6e5d4c3b2a']);
    expect(filter.get('TSC-ISOLATION-2')).toEqual(['-o tscb0a1b2c3d4e5 -j DROP', '-o tscbf6e5d4c3b2a -j DROP']);
    await expect(sim.save()).toMatchFileSnapshot(snap('state-two-networks-one-endpoint'));

    sim.restore(planRemove([web], parseSave(sim.save())));
    sim.restore(planRemove([networkRuleset(front)], parseSave(sim.save())));
    expect([...(sim.tables.get('filter') as Map<string, string[]>).keys()]).toContain('TSC-FORWARD');
    sim.restore(planRemove([networkRuleset(back)], parseSave(sim.save())));
    expect(sim.save()).toBe(before);
    // Removing what is gone is nothing to do.
    expect(planRemove([networkRuleset(back), web], parseSave(sim.save()))).toBe('');
  });

  it('removes a rule once per copy present', () => {
    const sim = new SimIptables();
    sim.restore(planApply([networkRuleset(front)], parseSave(sim.save())));
    sim.restore('*nat\n-A TSC-POSTROUTING -j TSC-P-0a1b2c3d4e5\nCOMMIT\n');
    sim.restore(planRemove([networkRuleset(front)], parseSave(sim.save())));
    expect(sim.save()).toBe(new SimIptables().save());
  });
});

describe('the iptables driver', () => {
  it('reads the rules, then applies one iptables-restore per change', async () => {
    const sim = new SimIptables();
    const runner = new RecordingRunner().reply(/^iptables-save$/, { stdout: sim.save() });
    await new IptablesFirewall(runner).applyNetwork(front);
    expect(runner.lines()).toEqual(['iptables-save', 'iptables-restore --noflush -w']);
    expect(runner.calls[1]?.input).toBe(planApply([networkRuleset(front)], parseSave(sim.save())));
  });

  it('publishes ports without reading the rules', async () => {
    const runner = new RecordingRunner();
    await new IptablesFirewall(runner).applyEndpoint({ id: '9e8d7c6b5a4', ipv4: '172.18.0.2', ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }] });
    expect(runner.lines()).toEqual(['iptables-restore --noflush -w']);
    expect(runner.calls[0]?.input).toBe(
      '*nat\n:TSC-D-9e8d7c6b5a4 - [0:0]\n-A TSC-D-9e8d7c6b5a4 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:80\n-A TSC-DNAT -j TSC-D-9e8d7c6b5a4\nCOMMIT\n',
    );
  });

  it('runs ip6tables only for a network with an IPv6 subnet and an endpoint with an IPv6 address', async () => {
    const runner = new RecordingRunner().reply(/^ip6?tables-save$/, { stdout: '' });
    const fw = new DualStackFirewall(runner);
    await fw.applyNetwork(front);
    expect(runner.lines()).toEqual(['iptables-save', 'iptables-restore --noflush -w']);
    await fw.applyNetwork(dual);
    await fw.applyEndpoint({ id: '9e8d7c6b5a4', ipv4: '172.18.0.2', ipv6: 'fd00:71::2', ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }] });
    expect(runner.lines().slice(2)).toEqual(['iptables-save', 'iptables-restore --noflush -w', 'ip6tables-save', 'ip6tables-restore --noflush -w', 'iptables-restore --noflush -w', 'ip6tables-restore --noflush -w']);
    expect(runner.calls[7]?.input).toContain('--to-destination [fd00:71::2]:80');
  });

  it('removes published ports without reading the rules, and plans against them when that fails', async () => {
    const ep = { id: '9e8d7c6b5a4', ipv4: '172.18.0.2', ports: [{ containerPort: 80, protocol: 'tcp' as const, hostIp: '0.0.0.0', hostPort: 8080 }] };
    const runner = new RecordingRunner();
    await new IptablesFirewall(runner).removeEndpoint(ep);
    expect(runner.lines()).toEqual(['iptables-restore --noflush -w']);
    expect(runner.calls[0]?.input).toBe('*nat\n-D TSC-DNAT -j TSC-D-9e8d7c6b5a4\n-F TSC-D-9e8d7c6b5a4\n-X TSC-D-9e8d7c6b5a4\nCOMMIT\n');
    // The same text against the simulated rules after an apply leaves the network's rules as they were.
    const sim = new SimIptables();
    sim.restore(planApply([networkRuleset(front)], parseSave(sim.save())));
    const before = sim.save();
    sim.restore(blindApply(endpointRuleset(ep)));
    sim.restore(runner.calls[0]?.input as string);
    expect(sim.save()).toBe(before);
    const failing = new RecordingRunner().reply(/^iptables-restore/, { exitCode: 1, stderr: 'line 2 failed' }).reply(/^iptables-save$/, { stdout: '' });
    await new IptablesFirewall(failing).removeEndpoint(ep);
    expect(failing.lines()).toEqual(['iptables-restore --noflush -w', 'iptables-save']);
  });

  it('retries with a fresh read when the restore fails, and gives up after three', async () => {
    const runner = new RecordingRunner().reply(/^iptables-save$/, { stdout: '' }).reply(/^iptables-restore/, { exitCode: 1, stderr: 'iptables-restore: line 3 failed' });
    await expect(new IptablesFirewall(runner).applyNetwork(front)).rejects.toThrow('Command failed with exit code 1: iptables-restore --noflush -w\niptables-restore: line 3 failed');
    expect(runner.lines().filter((l) => l === 'iptables-save')).toHaveLength(3);
  });
});
