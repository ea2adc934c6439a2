/**
 * IPAM, pure: which subnets a network gets and which address an endpoint
 * gets. Default subnets come from docker's local pools (172.17-31/16, then
 * 192.168.0.0/16 in /20s; IPv6 from a /48 ULA derived from the machine id, in
 * /64s), skipping every prefix in `taken` (routes on the host, other networks).
 */
import { NetworkAddressError, NetworkSpecError, PoolExhaustedError } from './errors.js';
import { sha256Hex } from './sha256.js';
import {
  contains,
  formatAddr,
  formatPrefix,
  last,
  overlaps,
  parseAddr,
  parsePrefix,
  size,
  type Addr,
  type Family,
  type Prefix,
} from './ip.js';
import type { IpamConfig, SubnetRecord } from './types.js';

export interface Pool {
  base: Prefix;
  size: number;
}

const V4_POOLS: Array<[string, number]> = [
  ['172.17.0.0/16', 16],
  ['172.18.0.0/16', 16],
  ['172.19.0.0/16', 16],
  ['172.20.0.0/14', 16],
  ['172.24.0.0/14', 16],
  ['172.28.0.0/14', 16],
  ['192.168.0.0/16', 20],
];

export function defaultV4Pools(): Pool[] {
  return V4_POOLS.map(([base, sz]) => ({ base: parsePrefix(base) as Prefix, size: sz }));
}

/** A /48 ULA (RFC 4193 style) stable for this machine, split into /64s, as dockerd derives its own. */
export function ulaPool(machineId: string): Pool {
  const gid = BigInt(`0x${sha256Hex(machineId).slice(0, 16)}`) & ((1n << 40n) - 1n);
  return { base: { family: 6, value: (0xfdn << 120n) | (gid << 80n), bits: 48 }, size: 64 };
}

/** The first prefix of the pools that overlaps nothing taken. */
export function pickSubnet(pools: Pool[], taken: Prefix[]): Prefix | undefined {
  for (const pool of pools) {
    const step = 1n << BigInt((pool.base.family === 4 ? 32 : 128) - pool.size);
    for (let v = pool.base.value; v <= last(pool.base); v += step) {
      const candidate: Prefix = { family: pool.base.family, value: v, bits: pool.size };
      if (!taken.some((t) => overlaps(t, candidate))) return candidate;
    }
  }
  return undefined;
}

export interface SubnetPlanInput {
  network: string;
  config: IpamConfig[];
  enableIpv6: boolean;
  taken: Prefix[];
  v4Pools: Pool[];
  v6Pool: Pool;
}

/** The subnets a new network gets: the configured ones validated, a default v4 (and v6) when none is given. */
export function planSubnets(input: SubnetPlanInput): SubnetRecord[] {
  const out = input.config.map((c, i) => configuredSubnet(input.network, c, i));
  const prefixes = out.map((s) => parsePrefix(s.subnet) as Prefix);
  for (let i = 0; i < prefixes.length; i++) {
    for (let j = 0; j < prefixes.length; j++) {
      const [a, b] = [prefixes[i] as Prefix, prefixes[j] as Prefix];
      if (i < j && overlaps(a, b)) throw new NetworkSpecError(input.network, `ipam.config subnets ${formatPrefix(a)} and ${formatPrefix(b)} overlap`);
    }
    const other = input.taken.find((t) => overlaps(t, prefixes[i] as Prefix));
    if (other !== undefined) {
      throw new NetworkSpecError(input.network, `subnet ${out[i]?.subnet} overlaps with ${formatPrefix(other)}, already in use on this host`, {
        hint: 'choose another subnet, or remove the network that uses it',
      });
    }
  }
  const has = (f: Family): boolean => prefixes.some((p) => p.family === f);
  if (has(6) && !input.enableIpv6) throw new NetworkSpecError(input.network, 'ipam.config has an IPv6 subnet, but enable_ipv6 is not set');
  if (!has(4)) out.push(autoSubnet(input.network, input.v4Pools, [...input.taken, ...prefixes], 4));
  if (input.enableIpv6 && !has(6)) out.push(autoSubnet(input.network, [input.v6Pool], [...input.taken, ...prefixes], 6));
  return out;
}

function autoSubnet(network: string, pools: Pool[], taken: Prefix[], family: 4 | 6): SubnetRecord {
  const p = pickSubnet(pools, taken);
  if (p === undefined) throw new PoolExhaustedError(network, family);
  return { subnet: formatPrefix(p), gateway: formatAddr({ family, value: p.value + 1n }), auxAddresses: {} };
}

function configuredSubnet(network: string, c: IpamConfig, index: number): SubnetRecord {
  const key = `ipam.config[${index}]`;
  if (c.subnet === undefined) throw new NetworkSpecError(network, `${key} needs a subnet`);
  const subnet = parsePrefix(c.subnet);
  if (subnet === undefined || !c.subnet.includes('/')) throw new NetworkSpecError(network, `${key}.subnet ${c.subnet} is not a CIDR prefix`);
  const inside = (what: string, text: string): Addr => {
    const a = parseAddr(text);
    if (a === undefined) throw new NetworkSpecError(network, `${key}.${what} ${text} is not an IP address`);
    if (!contains(subnet, a)) throw new NetworkSpecError(network, `${key}.${what} ${text} is not in subnet ${formatPrefix(subnet)}`);
    return a;
  };
  const gateway = c.gateway === undefined ? { family: subnet.family, value: subnet.value + 1n } : inside('gateway', c.gateway);
  let ipRange: string | undefined;
  if (c.ipRange !== undefined) {
    const r = parsePrefix(c.ipRange);
    if (r === undefined || r.family !== subnet.family || r.bits < subnet.bits || !contains(subnet, { family: r.family, value: r.value })) {
      throw new NetworkSpecError(network, `${key}.ip_range ${c.ipRange} is not a prefix inside subnet ${formatPrefix(subnet)}`);
    }
    ipRange = formatPrefix(r);
  }
  const aux: Record<string, string> = {};
  for (const [name, text] of Object.entries(c.auxAddresses ?? {})) aux[name] = formatAddr(inside(`aux_addresses.${name}`, text));
  return { subnet: formatPrefix(subnet), gateway: formatAddr(gateway), ...(ipRange === undefined ? {} : { ipRange }), auxAddresses: aux };
}

/** Addresses of a subnet IPAM never hands out: network, broadcast (v4), gateway, aux addresses. */
function reserved(s: SubnetRecord, p: Prefix): Set<bigint> {
  const out = new Set<bigint>([p.value, (parseAddr(s.gateway) as Addr).value]);
  if (p.family === 4) out.add(last(p));
  for (const a of Object.values(s.auxAddresses)) out.add((parseAddr(a) as Addr).value);
  return out;
}

/**
 * The address for a new endpoint: `requested` when given (it must be in the
 * subnet and free), else the first free one after `previous` (wrapping), so a
 * just-released address is not reused at once (stale ARP caches), as docker does.
 */
export function pickAddress(network: string, s: SubnetRecord, used: ReadonlySet<string>, previous?: string, requested?: string): string {
  const subnet = parsePrefix(s.subnet) as Prefix;
  const skip = reserved(s, subnet);
  if (requested !== undefined) {
    const a = parseAddr(requested);
    if (a === undefined || !contains(subnet, a)) throw new NetworkAddressError(`network ${network}: address ${requested} is not in subnet ${s.subnet}`);
    const text = formatAddr(a);
    if (skip.has(a.value) || used.has(text)) throw new NetworkAddressError(`network ${network}: address ${text} is already in use`, 'give each container its own ipv4_address/ipv6_address');
    return text;
  }
  const range = s.ipRange === undefined ? subnet : (parsePrefix(s.ipRange) as Prefix);
  const total = size(range);
  const prev = previous === undefined ? undefined : parseAddr(previous);
  const start = prev !== undefined && contains(range, prev) ? prev.value + 1n - range.value : 0n;
  // Bounded by the number of addresses in use, not the (possibly /64) range size.
  const limit = BigInt(used.size + skip.size + 1);
  for (let i = 0n; i < total && i <= limit; i++) {
    const v = range.value + ((start + i) % total);
    if (skip.has(v)) continue;
    const text = formatAddr({ family: subnet.family, value: v });
    if (!used.has(text)) return text;
  }
  throw new NetworkAddressError(`network ${network}: no available IPv${subnet.family} addresses in ${s.ipRange ?? s.subnet}`, 'use a larger subnet or ip_range');
}
