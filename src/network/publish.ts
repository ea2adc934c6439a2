/**
 * Published ports against what holds ports already: sockets bound on the
 * host and the ports other tscompose containers publish (their claim files).
 * checkPorts runs before `up` creates anything; claimPorts takes them at attach.
 */
import type { NetworkContext } from './context.js';
import { NetworkSpecError, PortInUseError, type PortConflict } from './errors.js';
import { choosePorts, isIpv6Host, type Taken } from './ports.js';
import type { PortBinding, PortSpec, Protocol } from './types.js';

export interface PortRequest {
  project?: string;
  service?: string;
  container: string;
  ports: PortSpec[];
}

interface Claim {
  key: string;
  owner: string;
  container: string;
  project: string;
}

async function claims(ctx: NetworkContext): Promise<Claim[]> {
  const out: Claim[] = [];
  for (const [key, line] of await ctx.store.listPorts()) {
    const [owner = '', project = '', container = ''] = line.split('\t');
    out.push({ key, owner, project, container });
  }
  return out;
}

function claimToTaken(c: Claim): Taken | undefined {
  const m = /^(tcp|udp|sctp)-(\d+)-(.+)$/.exec(c.key);
  if (m === null) return undefined;
  return { protocol: m[1] as Protocol, port: Number(m[2]), ip: m[3] as string, holder: `container ${c.container} of project ${c.project}` };
}

/** Everything that holds a port now, minus the claims of containers about to be replaced. */
async function taken(ctx: NetworkContext, replacing: ReadonlySet<string>): Promise<{ list: Taken[]; inodes: Map<Taken, string> }> {
  const inodes = new Map<Taken, string>();
  const list: Taken[] = [];
  for (const s of await ctx.facts.sockets()) {
    const t: Taken = { protocol: s.protocol, ip: s.ip, port: s.port, holder: 'a process on the host' };
    inodes.set(t, s.inode);
    list.push(t);
  }
  for (const c of await claims(ctx)) {
    const t = replacing.has(c.container) ? undefined : claimToTaken(c);
    if (t !== undefined) list.push(t);
  }
  return { list, inodes };
}

function rejectIpv6(requests: PortRequest[]): void {
  for (const r of requests) {
    const bad = r.ports.find(isIpv6Host);
    if (bad !== undefined) {
      throw new NetworkSpecError(r.service ?? r.container, `publishing on the IPv6 host address ${bad.hostIp} is not supported yet`, { hint: 'publish on an IPv4 address or on all addresses' });
    }
  }
}

async function choose(ctx: NetworkContext, requests: PortRequest[], replacing: ReadonlySet<string>, defaultIp: string): Promise<PortBinding[][]> {
  rejectIpv6(requests);
  const { list, inodes } = await taken(ctx, replacing);
  const range = await ctx.facts.ephemeralRange();
  const conflicts: PortConflict[] = [];
  const out: PortBinding[][] = [];
  for (const r of requests) {
    const chosen = choosePorts(r.ports, list, range, defaultIp);
    for (const c of chosen.conflicts) {
      const holderTaken = list.find((t) => t.holder === c.holder && t.port === c.binding.hostPort);
      const inode = holderTaken === undefined ? undefined : inodes.get(holderTaken);
      const who = inode === undefined ? undefined : await ctx.facts.socketOwner(inode);
      conflicts.push({ ...(r.service === undefined ? {} : { service: r.service }), container: r.container, ...c.binding, holder: who === undefined ? c.holder : `${who} on the host` });
    }
    for (const b of chosen.bindings) list.push({ protocol: b.protocol, ip: b.hostIp, port: b.hostPort, holder: `container ${r.container}` });
    out.push(chosen.bindings);
  }
  if (conflicts.length > 0) throw new PortInUseError(conflicts);
  return out;
}

/** Fails with every taken port named (service and port) before anything is created. */
export async function checkPorts(ctx: NetworkContext, requests: PortRequest[], replacing: string[] = [], defaultIp = '0.0.0.0'): Promise<void> {
  await choose(ctx, requests, new Set(replacing), defaultIp);
}

/** Chooses and claims the host ports of one container; `owner` is its gateway endpoint's id. */
export async function claimPorts(ctx: NetworkContext, requests: PortRequest[], owner: string, defaultIp: string): Promise<PortBinding[]> {
  const [bindings = []] = await choose(ctx, requests, new Set(), defaultIp);
  const r = requests[0] as PortRequest;
  const project = r.project ?? '';
  const got: PortBinding[] = [];
  for (const b of bindings) {
    if (await ctx.store.claimPort(b, `${owner}\t${project}\t${r.container}`)) {
      got.push(b);
      continue;
    }
    for (const g of got) await ctx.store.releasePort(g, owner);
    throw new PortInUseError([{ ...(r.service === undefined ? {} : { service: r.service }), container: r.container, ...b, holder: 'another tscompose that took it just now' }]);
  }
  return got;
}
