/** ensureNetwork / removeNetwork: a bridge, its addresses, sysctls and rules per compose network. */
import { join } from 'node:path';
import type { NetworkContext } from './context.js';
import { NetworkInUseError, NetworkNotFoundError, NetworkSpecError } from './errors.js';
import type { FirewallNetwork } from './firewall/rules.js';
import { parsePrefix, type Prefix } from './ip.js';
import { defaultV4Pools, planSubnets, ulaPool } from './ipam.js';
import { allOf } from '../host/lazy.js';
import { withLock } from './lock.js';
import { bridgeName, linkAlias, networkId, validIfname } from './names.js';
import type { NetworkRecord, NetworkSpec } from './types.js';

const OPT = {
  name: 'com.docker.network.bridge.name',
  mtu: 'com.docker.network.driver.mtu',
  icc: 'com.docker.network.bridge.enable_icc',
  masquerade: 'com.docker.network.bridge.enable_ip_masquerade',
  hostBinding: 'com.docker.network.bridge.host_binding_ipv4',
} as const;

export function firewallView(r: NetworkRecord): FirewallNetwork {
  const all = r.subnets.map((s) => s.subnet);
  const v4 = all.filter((s) => !s.includes(':'));
  const v6 = all.filter((s) => s.includes(':'));
  return { id: r.id, bridge: r.bridge, subnets: v4, ...(v6.length === 0 ? {} : { subnets6: v6 }), internal: r.internal, icc: r.icc, masquerade: r.masquerade };
}

/** A MAC for the bridge from its id, locally administered, so it never follows its ports' addresses. */
function bridgeMac(id: string): string {
  const b = id.padEnd(10, '0').slice(0, 10).match(/../g) as string[];
  return ['02', ...b].join(':');
}

function options(spec: NetworkSpec, id: string): Pick<NetworkRecord, 'bridge' | 'mtu' | 'icc' | 'masquerade' | 'hostBindingIpv4'> {
  const o = spec.driverOpts ?? {};
  const bridge = o[OPT.name] ?? bridgeName(id);
  if (!validIfname(bridge)) throw new NetworkSpecError(spec.name, `driver_opts ${OPT.name}: "${bridge}" is not a valid interface name (at most 15 characters, no "/", ":" or spaces)`);
  const mtuText = o[OPT.mtu];
  const mtu = mtuText === undefined ? 1500 : Number(mtuText);
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) throw new NetworkSpecError(spec.name, `driver_opts ${OPT.mtu}: "${mtuText}" is not an MTU between 68 and 65535`);
  const bool = (key: string): boolean => {
    const v = o[key];
    if (v === undefined) return true;
    if (!/^(true|false|1|0)$/i.test(v)) throw new NetworkSpecError(spec.name, `driver_opts ${key}: "${v}" is not a boolean`);
    return /^(true|1)$/i.test(v);
  };
  return { bridge, mtu, icc: bool(OPT.icc), masquerade: bool(OPT.masquerade), hostBindingIpv4: o[OPT.hostBinding] ?? '0.0.0.0' };
}

export async function findNetwork(ctx: NetworkContext, name: string): Promise<NetworkRecord | undefined> {
  return ctx.store.readNetwork(networkId(name));
}

/** Subnets already spoken for: routes on the host (other than default routes) and every recorded network. */
async function takenPrefixes(ctx: NetworkContext, except: string): Promise<Prefix[]> {
  const links = await ctx.kernel.links();
  const routes = (await links.routes()).filter((r) => !r.dst.endsWith('/0') && r.table === 254);
  const out = routes.map((r) => parsePrefix(r.dst)).filter((p): p is Prefix => p !== undefined && !(p.family === 6 && p.bits >= 64 && (p.value >> 118n) === 0x3fan));
  for (const n of await ctx.store.listNetworks()) if (n.id !== except) for (const s of n.subnets) out.push(parsePrefix(s.subnet) as Prefix);
  return out;
}

async function newRecord(ctx: NetworkContext, spec: NetworkSpec, id: string): Promise<NetworkRecord> {
  if ((spec.driver ?? 'bridge') !== 'bridge') throw new NetworkSpecError(spec.name, `driver "${spec.driver}" is not supported (only "bridge")`);
  if ((spec.ipam?.driver ?? 'default') !== 'default') throw new NetworkSpecError(spec.name, `ipam driver "${spec.ipam?.driver}" is not supported (only "default")`);
  const opts = options(spec, id);
  const others = await ctx.store.listNetworks();
  const clash = others.find((n) => n.id !== id && n.bridge === opts.bridge);
  if (clash !== undefined) throw new NetworkSpecError(spec.name, `bridge name ${opts.bridge} is already used by network ${clash.name}`);
  const subnets = planSubnets({
    network: spec.name,
    config: spec.ipam?.config ?? [],
    enableIpv6: spec.enableIpv6 === true,
    taken: await takenPrefixes(ctx, id),
    v4Pools: defaultV4Pools(),
    v6Pool: ulaPool(await ctx.facts.machineId()),
  });
  return {
    version: 1,
    id,
    name: spec.name,
    project: spec.project,
    composeName: spec.composeName,
    ...opts,
    internal: spec.internal === true,
    attachable: spec.attachable === true,
    enableIpv6: spec.enableIpv6 === true,
    subnets,
    labels: spec.labels ?? {},
    driverOpts: spec.driverOpts ?? {},
    firewall: ctx.firewall,
    state: 'creating',
    created: new Date().toISOString(),
  };
}

/** The bridge, its gateway addresses, sysctls and rules, each step a no-op when already done. */
async function realize(ctx: NetworkContext, r: NetworkRecord): Promise<void> {
  const links = await ctx.kernel.links();
  const index = await links.createBridge({ name: r.bridge, mtu: r.mtu, mac: bridgeMac(r.id) });
  await links.setAlias(index, linkAlias({ project: r.project, network: r.composeName, name: r.name }));
  for (const s of r.subnets) await links.addAddress(index, s.gateway, Number(s.subnet.split('/')[1]));
  // Publishing on 127.0.0.1 DNATs loopback traffic onto the bridge, which the kernel drops unless this is set.
  await ctx.facts.sysctl(`net/ipv4/conf/${r.bridge}/route_localnet`, '1');
  if (!r.internal) await ctx.facts.sysctl('net/ipv4/ip_forward', '1');
  if (!r.internal && r.subnets.some((s) => s.subnet.includes(':'))) await ipv6Forwarding(ctx);
  await ctx.firewallFor(r.firewall).applyNetwork(firewallView(r));
}

/**
 * IPv6 forwarding on, as dockerd turns it on for IPv6 networks. With it on,
 * the kernel ignores router advertisements on interfaces whose accept_ra is
 * 1, which would cost the host its SLAAC addresses and default route: those
 * interfaces get 2 (accept them even when forwarding) first.
 */
async function ipv6Forwarding(ctx: NetworkContext): Promise<void> {
  if ((await ctx.facts.readSysctl('net/ipv6/conf/all/forwarding')) === '1') return;
  for (const dev of await ctx.facts.listSysctl('net/ipv6/conf')) {
    if (dev === 'all' || dev === 'lo') continue;
    if ((await ctx.facts.readSysctl(`net/ipv6/conf/${dev}/accept_ra`)) === '1') await ctx.facts.sysctl(`net/ipv6/conf/${dev}/accept_ra`, '2');
  }
  await ctx.facts.sysctl('net/ipv6/conf/all/forwarding', '1');
}

/** The network `spec` names, created when missing (or half made by a crash); external ones are only looked up. */
export async function ensureNetwork(ctx: NetworkContext, spec: NetworkSpec): Promise<NetworkRecord> {
  const id = networkId(spec.name);
  if (spec.external === true) {
    const found = await ctx.store.readNetwork(id);
    if (found === undefined || found.state !== 'ready') throw new NetworkNotFoundError(spec.name, true);
    return found;
  }
  const record = await withLock(join(ctx.store.netsDir, '.lock'), async () => {
    const existing = await ctx.store.readNetwork(id);
    if (existing !== undefined) return existing;
    const r = await newRecord(ctx, spec, id);
    await ctx.store.writeNetwork(r);
    return r;
  });
  // Also when the record is ready: after a reboot the bridge and rules are gone and come back here.
  await realize(ctx, record);
  if (record.state !== 'ready') {
    record.state = 'ready';
    await ctx.store.writeNetwork(record);
  }
  return record;
}

/** Removes the network and its rules; fine when it is already gone. Endpoints of other projects keep it. */
export async function removeNetwork(ctx: NetworkContext, name: string, detachOwn: (ep: { sandbox: string }) => Promise<void>): Promise<void> {
  const r = await findNetwork(ctx, name);
  if (r === undefined) return;
  const eps = await ctx.store.listEndpoints(r.id);
  const foreign = eps.filter((e) => e.project !== r.project);
  if (foreign.length > 0) throw new NetworkInUseError(name, foreign.map((e) => e.container));
  for (const e of eps) await detachOwn(e);
  await dropBridgeAndRules(ctx, r);
  await ctx.store.removeNetwork(r.id);
}

/**
 * A network's rules and its bridge, side by side: the bridge's RTM_DELLINK
 * waits in the kernel (35-50 ms here) while iptables-save and -restore run.
 * Both are tried; the first failure is thrown and the record stays, so the
 * next removal tries again (a bridge already gone is no failure).
 */
export async function dropBridgeAndRules(ctx: NetworkContext, r: NetworkRecord): Promise<void> {
  await allOf([ctx.firewallFor(r.firewall).removeNetwork(firewallView(r)), ctx.kernel.links().then((links) => links.deleteLink(r.bridge))]);
}
