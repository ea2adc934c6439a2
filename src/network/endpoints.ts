/**
 * attach / detach: one veth per container per network. The pair is made by
 * the netns addon in this namespace with its peer born inside the container's
 * namespace; the inside (link up, addresses, default route) is one batch
 * there. Published ports are claimed before anything is created.
 */
import { involving, toPortNotTo, tracksNothing, type CtMatch } from './conntrack.js';
import type { NetworkContext } from './context.js';
import type { FirewallEndpoint } from './firewall/rules.js';
import { NetworkAddressError, NetworkHostError, NetworkNotFoundError, NetworkSpecError } from './errors.js';
import { parseAddr } from './ip.js';
import { pickAddress } from './ipam.js';
import { endpointId, hostVethName, validIfname } from './names.js';
import { findNetwork } from './networks.js';
import type { EchoedLink } from './netns-agent.js';
import { claimPorts } from './publish.js';
import * as enc from './rtnl/encode.js';
import type { AttachRequest, EndpointRecord, EndpointSpec, NetworkRecord, PortBinding, SandboxRecord } from './types.js';

interface Planned {
  spec: EndpointSpec;
  net: NetworkRecord;
  ifname: string;
  order: number;
  isGateway: boolean;
}

async function plan(ctx: NetworkContext, req: AttachRequest): Promise<Planned[]> {
  const seen = new Set<string>();
  const items: Array<{ spec: EndpointSpec; net: NetworkRecord }> = [];
  for (const spec of req.endpoints) {
    if (seen.has(spec.network)) throw new NetworkSpecError(spec.network, `container ${req.container} is attached to it twice`);
    seen.add(spec.network);
    const net = await findNetwork(ctx, spec.network);
    if (net === undefined || net.state !== 'ready') throw new NetworkNotFoundError(spec.network, false);
    items.push({ spec, net });
  }
  // compose `priority`: the highest is connected first; the sort is stable, so ties keep the caller's order.
  items.sort((a, b) => (b.spec.priority ?? 0) - (a.spec.priority ?? 0));
  const gwCandidates = items.filter((i) => !i.net.internal);
  const best = Math.max(...gwCandidates.map((i) => i.spec.gwPriority ?? 0));
  const gateway = gwCandidates.find((i) => (i.spec.gwPriority ?? 0) === best);
  const names = new Set<string>();
  return items.map((it, i) => {
    const ifname = it.spec.ifname ?? `eth${i}`;
    if (!validIfname(ifname)) throw new NetworkSpecError(it.net.name, `interface_name "${ifname}" is not a valid interface name`);
    if (names.has(ifname)) throw new NetworkSpecError(it.net.name, `container ${req.container} has two interfaces named ${ifname}`);
    names.add(ifname);
    return { ...it, ifname, order: i, isGateway: it === gateway };
  });
}

/** Best effort: a kernel without ctnetlink (or conntrack unused) has no stale entries to remove. */
async function flushConntrack(ctx: NetworkContext, family: 4 | 6, match: CtMatch): Promise<void> {
  if (tracksNothing()) return;
  try {
    await (await ctx.kernel.conntrack()).flush([family], match);
  } catch {
    // Nothing is tracked, or the module is missing: nothing can be stale.
  }
}

function firewallEndpoint(rec: EndpointRecord): FirewallEndpoint {
  return { id: rec.id, ports: rec.ports, ...(rec.ipv4 === undefined ? {} : { ipv4: rec.ipv4 }), ...(rec.ipv6 === undefined ? {} : { ipv6: rec.ipv6 }) };
}

/** docker 20.10's MAC for an endpoint: 02:42 and the four bytes of its IPv4 address. */
export function macFromIpv4(ipv4: string): string {
  const v = parseAddr(ipv4)?.value ?? 0n;
  return ['02', '42', ...[24n, 16n, 8n, 0n].map((s) => ((v >> s) & 0xffn).toString(16).padStart(2, '0'))].join(':');
}

function checkMac(network: string, mac: string): string {
  if (!/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac) || (parseInt(mac.slice(0, 2), 16) & 1) === 1) {
    throw new NetworkSpecError(network, `mac_address ${mac} is not a unicast MAC address (six hex octets, the first one even)`);
  }
  return mac.toLowerCase();
}

async function allocate(ctx: NetworkContext, net: NetworkRecord, family: 4 | 6, owner: string, requested?: string): Promise<{ address: string; prefix: number } | undefined> {
  const subnet = net.subnets.find((s) => parseAddr(s.subnet.split('/')[0] as string)?.family === family);
  if (subnet === undefined) {
    if (requested !== undefined) throw new NetworkAddressError(`network ${net.name}: ipv${family}_address ${requested} given, but the network has no IPv${family} subnet`);
    return undefined;
  }
  const prefix = Number(subnet.subnet.split('/')[1]);
  // Concurrent attaches (up starts a project's containers in parallel) race for
  // the same next address; a lost claim is remembered so each retry moves on
  // and every round one racer wins, whatever the parallelism.
  const lost = new Set<string>();
  for (let attempt = 0; attempt < 256; attempt++) {
    const used = new Set([...(await ctx.store.usedIps(net.id)), ...lost]);
    const address = pickAddress(net.name, subnet, used, await ctx.store.readLast(net.id, family), requested);
    if (await ctx.store.claimIp(net.id, address, owner)) {
      await ctx.store.writeLast(net.id, family, address);
      return { address, prefix };
    }
    if (requested !== undefined) throw new NetworkAddressError(`network ${net.name}: address ${address} is already in use`);
    lost.add(address);
  }
  throw new NetworkAddressError(`network ${net.name}: could not claim an address (too many concurrent attaches)`);
}

async function create(ctx: NetworkContext, sb: SandboxRecord, req: AttachRequest, p: Planned, ports: PortBinding[]): Promise<EndpointRecord> {
  const id = endpointId(sb.id, p.net.name);
  const owner = `${sb.id}\t${req.project}`;
  const v4 = await allocate(ctx, p.net, 4, owner, p.spec.ipv4Address);
  const v6 = await allocate(ctx, p.net, 6, owner, p.spec.ipv6Address).catch(async (e: unknown) => {
    if (v4 !== undefined) await ctx.store.releaseIp(p.net.id, v4.address, sb.id);
    throw e;
  });
  const gw = (f: 4 | 6): string | undefined => p.net.subnets.find((s) => parseAddr(s.gateway)?.family === f)?.gateway;
  const rec: EndpointRecord = {
    version: 1,
    id,
    sandbox: sb.id,
    network: p.net.name,
    networkId: p.net.id,
    project: req.project,
    ...(req.service === undefined ? {} : { service: req.service }),
    container: req.container,
    ifname: p.ifname,
    order: p.order,
    hostIfname: hostVethName(id),
    mac: p.spec.mac === undefined ? macFromIpv4(v4?.address ?? '0.0.0.0') : checkMac(p.net.name, p.spec.mac),
    ...(v4 === undefined ? {} : { ipv4: v4.address, ipv4Prefix: v4.prefix, gateway4: gw(4) }),
    ...(v6 === undefined ? {} : { ipv6: v6.address, ipv6Prefix: v6.prefix, gateway6: gw(6) }),
    isGateway: p.isGateway,
    dnsNames: p.spec.dnsNames ?? [],
    ports,
    state: 'creating',
  };
  await ctx.store.writeEndpoint(rec);
  await wire(ctx, sb, p.net, rec);
  if (ports.length > 0) await ctx.firewallFor(p.net.firewall).applyEndpoint(firewallEndpoint(rec));
  for (const b of ports.filter((x) => x.protocol === 'udp')) {
    for (const [family, a] of [[4, rec.ipv4], [6, rec.ipv6]] as const) {
      const to = a === undefined ? undefined : parseAddr(a);
      if (to !== undefined) await flushConntrack(ctx, family, toPortNotTo('udp', b.hostPort, to));
    }
  }
  rec.state = 'ready';
  await ctx.store.writeEndpoint(rec);
  return rec;
}

/**
 * The veth pair and the inside of the namespace: two sends, both synchronous
 * in the netns addon. First, in this namespace, the pair (its peer born in
 * the container's namespace, so no setns) and hairpin mode on its bridge
 * port, by name in the same send; the kernel echoes the new link, whose
 * IFLA_LINK is the peer's index. Then, inside: the peer up, its addresses,
 * its default routes.
 */
async function wire(ctx: NetworkContext, sb: SandboxRecord, net: NetworkRecord, rec: EndpointRecord): Promise<void> {
  const peer = (await createVeth(ctx, sb, net, rec)).link;
  if (peer === 0) throw new NetworkHostError(`veth ${rec.hostIfname}: the kernel did not report its peer`);
  const { message, RTM, NLM_F } = enc;
  const add = NLM_F.CREATE | NLM_F.EXCL;
  const batch = [message(RTM.SETLINK, 0, enc.linkUp(peer))];
  if (rec.ipv4 !== undefined) batch.push(message(RTM.NEWADDR, add, enc.newAddress(peer, rec.ipv4, rec.ipv4Prefix as number)));
  if (rec.ipv6 !== undefined) batch.push(message(RTM.NEWADDR, add, enc.newAddress(peer, rec.ipv6, rec.ipv6Prefix as number)));
  if (rec.isGateway && rec.gateway4 !== undefined) batch.push(message(RTM.NEWROUTE, add, enc.defaultRoute(peer, rec.gateway4)));
  if (rec.isGateway && rec.gateway6 !== undefined) batch.push(message(RTM.NEWROUTE, add, enc.defaultRoute(peer, rec.gateway6, 1024)));
  await ctx.kernel.agent().run(sb.netnsPath, batch);
}

/** The veth on the bridge, hairpin on (the bridge's index is looked up again once if it changed). */
async function createVeth(ctx: NetworkContext, sb: SandboxRecord, net: NetworkRecord, rec: EndpointRecord): Promise<EchoedLink> {
  const links = await ctx.kernel.links();
  const { message, RTM, NLM_F } = enc;
  for (let fresh = false; ; fresh = true) {
    const master = await links.indexOf(net.bridge, fresh);
    if (master === undefined) throw new NetworkHostError(`network ${net.name}: its bridge ${net.bridge} is gone`, undefined, { hint: 'run up again to recreate it' });
    const veth = message(RTM.NEWLINK, NLM_F.CREATE | NLM_F.EXCL | NLM_F.ECHO, enc.newVeth({ hostName: rec.hostIfname, master, mtu: net.mtu, peerName: rec.ifname, peerMac: rec.mac, peerNetnsFd: -1 }));
    const batch = [veth, message(RTM.NEWLINK, 0, enc.hairpinByName(rec.hostIfname))];
    try {
      const echoed = await ctx.kernel.agent().link(sb.netnsPath, enc.vethNetnsFdOffset(veth), batch, `create veth ${rec.hostIfname}`);
      if (echoed === undefined) throw new NetworkHostError(`create veth ${rec.hostIfname}: the kernel did not echo the new link`);
      return echoed;
    } catch (e) {
      // A bridge made again by another process has a new index: the remembered one names nothing (EINVAL, ENODEV) or no bridge (EOPNOTSUPP).
      if (fresh || !(e instanceof NetworkHostError && [22, 19, 95].includes(e.errno ?? 0))) throw e;
    }
  }
}

/** Connects the sandbox to each network; on any failure everything this call made is undone. */
export async function attach(ctx: NetworkContext, sandboxId: string, req: AttachRequest): Promise<EndpointRecord[]> {
  const sb = await ctx.store.readSandbox(sandboxId);
  if (sb === undefined || sb.state !== 'ready') throw new NetworkHostError(`sandbox ${sandboxId} does not exist`, undefined, { hint: 'create it with createSandbox first' });
  const planned = await plan(ctx, req);
  for (const p of planned) {
    const old = await ctx.store.readEndpoint(p.net.id, endpointId(sb.id, p.net.name));
    if (old !== undefined) await detachOne(ctx, old);
  }
  const gw = planned.find((p) => p.isGateway);
  const epOwner = gw === undefined ? '' : endpointId(sb.id, gw.net.name);
  const ports = gw === undefined || (req.ports ?? []).length === 0 ? [] : await claimPorts(ctx, [{ ...req, ports: req.ports ?? [] }], epOwner, gw.net.hostBindingIpv4);
  const done: EndpointRecord[] = [];
  try {
    // Written before the endpoints exist: a crash midway leaves references detach and recovery follow.
    const refs = planned.map((p) => ({ networkId: p.net.id, id: endpointId(sb.id, p.net.name) }));
    const known = new Set(refs.map((r) => r.id));
    await ctx.store.writeAttachment(sb.id, { links: req.links ?? {}, dnsServers: req.dnsServers ?? [], endpoints: [...(sb.endpoints ?? []).filter((r) => !known.has(r.id)), ...refs] });
    for (const p of planned) done.push(await create(ctx, sb, req, p, p === gw ? ports : []));
  } catch (e) {
    for (const r of done.reverse()) await detachOne(ctx, r).catch(() => undefined);
    for (const b of ports) await ctx.store.releasePort(b, epOwner);
    const prior = { links: sb.links, dnsServers: sb.dnsServers, endpoints: sb.endpoints ?? [] };
    if (prior.endpoints.length === 0) await ctx.store.removeAttachment(sb.id);
    else await ctx.store.writeAttachment(sb.id, prior);
    throw e;
  }
  return done;
}

/** Removes one endpoint: its rules, the veth (which takes the peer with it), its claims, its record. */
export async function detachOne(ctx: NetworkContext, rec: EndpointRecord): Promise<void> {
  await removeEndpointRules(ctx, rec);
  await (await ctx.kernel.links()).deleteLink(rec.hostIfname);
  await releaseEndpoint(ctx, rec);
}

/** The published ports' rules of an endpoint (none to remove without ports). */
export async function removeEndpointRules(ctx: NetworkContext, rec: EndpointRecord): Promise<void> {
  if (rec.ports.length === 0) return;
  const net = await ctx.store.readNetwork(rec.networkId);
  await ctx.firewallFor(net?.firewall ?? ctx.firewall).removeEndpoint(firewallEndpoint(rec));
}

/** Once its veth is gone: stale flows, then its ports, addresses and record. */
export async function releaseEndpoint(ctx: NetworkContext, rec: EndpointRecord): Promise<void> {
  // Before the address can be handed out again: no flow of the old container may follow it to the next one.
  for (const [family, a] of [[4, rec.ipv4], [6, rec.ipv6]] as const) {
    const addr = a === undefined ? undefined : parseAddr(a);
    if (addr !== undefined) await flushConntrack(ctx, family, involving(addr));
  }
  for (const b of rec.ports) await ctx.store.releasePort(b, rec.id);
  if (rec.ipv4 !== undefined) await ctx.store.releaseIp(rec.networkId, rec.ipv4, rec.sandbox);
  if (rec.ipv6 !== undefined) await ctx.store.releaseIp(rec.networkId, rec.ipv6, rec.sandbox);
  await ctx.store.removeEndpoint(rec.networkId, rec.id);
}
