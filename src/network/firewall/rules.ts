/**
 * The firewall as data (pure): what one network and one endpoint need, as
 * iptables rules written exactly as `iptables-save` prints them, so that
 * "is this rule there" is a string comparison.
 *
 * Shared chains (created when missing, removed when no network uses them):
 *   filter FORWARD   -> TSC-FORWARD: -j TSC-ISOLATION-1, then -j TSC-N-<net> per network
 *   filter TSC-ISOLATION-1: DNAT'd and established traffic passes, else
 *                    -i <br> ! -o <br> -j TSC-ISOLATION-2 per network
 *   filter TSC-ISOLATION-2: -o <br> -j DROP per network (no network reaches another)
 *   filter INPUT     -> TSC-INPUT: DNS from each bridge to the resolver on its gateway;
 *                    no new connection from a bridge to 127.0.0.0/8 (route_localnet=1,
 *                    needed to publish on 127.0.0.1, would allow it)
 *   nat PREROUTING, OUTPUT (local destinations) -> TSC-DNAT: -j TSC-D-<ep> per endpoint
 *   nat POSTROUTING  -> TSC-POSTROUTING: -j TSC-P-<net> per network
 * Owned chains (flushed and rewritten as a whole):
 *   TSC-N-<net> forwarding, TSC-P-<net> masquerading, TSC-D-<ep> published ports.
 * The same chains, with the IPv6 subnets and addresses, go to ip6tables for
 * an enable_ipv6 network (family 6), without the 127.0.0.0/8 rules: IPv6 has
 * no route_localnet, so nothing is published on ::1.
 */
import { CHAINS, endpointDnatChain, networkFilterChain, networkNatChain } from '../names.js';
import type { PortBinding } from '../types.js';

export type Table = 'filter' | 'nat';

export interface Rule {
  table: Table;
  chain: string;
  /** The rule after `-A <chain> `, in iptables-save's spelling. */
  spec: string;
}

export interface ChainRef {
  table: Table;
  name: string;
}

/** A shared chain: the jumps to it from built-in chains (inserted first), and the rules it starts with. */
export interface SharedChain extends ChainRef {
  jumps: Array<{ from: string; spec: string }>;
  head: string[];
}

const LOCAL = '-m addrtype --dst-type LOCAL';

export const SHARED: SharedChain[] = [
  { table: 'filter', name: CHAINS.forward, jumps: [{ from: 'FORWARD', spec: `-j ${CHAINS.forward}` }], head: [`-j ${CHAINS.isolation1}`] },
  { table: 'filter', name: CHAINS.isolation1, jumps: [], head: ['-m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j RETURN'] },
  { table: 'filter', name: CHAINS.isolation2, jumps: [], head: [] },
  { table: 'filter', name: CHAINS.input, jumps: [{ from: 'INPUT', spec: `-j ${CHAINS.input}` }], head: [] },
  {
    table: 'nat',
    name: CHAINS.dnat,
    jumps: [
      { from: 'PREROUTING', spec: `${LOCAL} -j ${CHAINS.dnat}` },
      { from: 'OUTPUT', spec: `${LOCAL} -j ${CHAINS.dnat}` },
    ],
    head: [],
  },
  { table: 'nat', name: CHAINS.postrouting, jumps: [{ from: 'POSTROUTING', spec: `-j ${CHAINS.postrouting}` }], head: [] },
];

/** A piece of the ruleset one object owns: whole chains, plus single rules (anchors) in shared chains. */
export interface Ruleset {
  chains: ChainRef[];
  rules: Rule[];
  anchors: Rule[];
  /** Shared chains to have in place even though no anchor of this set goes there yet. */
  requires?: string[];
}

export type Family = 4 | 6;

export interface FirewallNetwork {
  id: string;
  bridge: string;
  /** IPv4 subnets. */
  subnets: string[];
  /** IPv6 subnets (enable_ipv6): the same rules in ip6tables. */
  subnets6?: string[];
  internal: boolean;
  icc: boolean;
  masquerade: boolean;
}

export function networkRuleset(n: FirewallNetwork, family: Family = 4): Ruleset {
  const br = n.bridge;
  const v4 = family === 4;
  const fw = networkFilterChain(n.id);
  const nat = networkNatChain(n.id);
  const f = (spec: string): Rule => ({ table: 'filter', chain: fw, spec });
  const p = (spec: string): Rule => ({ table: 'nat', chain: nat, spec });
  const icc = n.icc ? 'ACCEPT' : 'DROP';
  const rules: Rule[] = n.internal
    ? [f(`-i ${br} -o ${br} -j ${icc}`), f(`-i ${br} ! -o ${br} -j DROP`), f(`! -i ${br} -o ${br} -j DROP`)]
    : [
        f(`-o ${br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`),
        f(`-o ${br} -m conntrack --ctstate DNAT -j ACCEPT`),
        f(`-i ${br} -o ${br} -j ${icc}`),
        f(`-i ${br} ! -o ${br} -j ACCEPT`),
        // Nothing else reaches a container from outside: only its published ports.
        f(`-o ${br} -j DROP`),
      ];
  for (const s of v4 ? n.subnets : (n.subnets6 ?? [])) {
    if (!n.internal && n.masquerade) rules.push(p(`-s ${s} ! -o ${br} -j MASQUERADE`));
    // A container reaching a published port of its own network (hairpin) must see the reply come back the same way.
    rules.push(p(`-s ${s} -o ${br} -m conntrack --ctstate DNAT -j MASQUERADE`));
  }
  if (!n.internal && v4) rules.push(p(`-s 127.0.0.0/8 -o ${br} -j MASQUERADE`));
  const anchors: Rule[] = [
    { table: 'filter', chain: CHAINS.forward, spec: `-j ${fw}` },
    { table: 'filter', chain: CHAINS.isolation1, spec: `-i ${br} ! -o ${br} -j ${CHAINS.isolation2}` },
    { table: 'filter', chain: CHAINS.isolation2, spec: `-o ${br} -j DROP` },
    { table: 'filter', chain: CHAINS.input, spec: `-i ${br} -p udp -m udp --dport 53 -j ACCEPT` },
    { table: 'filter', chain: CHAINS.input, spec: `-i ${br} -p tcp -m tcp --dport 53 -j ACCEPT` },
    // route_localnet=1 (needed to publish on 127.0.0.1) would let a container open connections to the host's loopback services.
    ...(v4 ? [{ table: 'filter' as const, chain: CHAINS.input, spec: `-d 127.0.0.0/8 -i ${br} -m conntrack ! --ctstate RELATED,ESTABLISHED -j DROP` }] : []),
    { table: 'nat', chain: CHAINS.postrouting, spec: `-j ${nat}` },
  ];
  return {
    chains: [
      { table: 'filter', name: fw },
      { table: 'nat', name: nat },
    ],
    rules,
    anchors,
    // So an endpoint's published ports need no look at the current rules (attach stays one call).
    requires: [CHAINS.dnat],
  };
}

export interface FirewallEndpoint {
  id: string;
  ipv4?: string;
  ipv6?: string;
  ports: PortBinding[];
}

const anyHost = (ip: string): boolean => ip === '' || ip === '0.0.0.0' || ip === '::';

/** The `-d` part of a published port's DNAT rule in `family`, or undefined when the port is not published there. */
function hostMatch(hostIp: string, family: Family): string | undefined {
  if (family === 4) return hostIp === '::' || hostIp.includes(':') ? undefined : anyHost(hostIp) ? '' : `-d ${hostIp}/32 `;
  // Unspecified means both families, as docker publishes; ::1 is left out (no route_localnet for IPv6).
  if (anyHost(hostIp)) return '! -d ::1/128 ';
  return hostIp.includes(':') && hostIp !== '::1' ? `-d ${hostIp}/128 ` : undefined;
}

/** The DNAT rules of one endpoint's published ports in `family` (an endpoint without an address there has none). */
export function endpointRuleset(e: FirewallEndpoint, family: Family = 4): Ruleset {
  const chain = endpointDnatChain(e.id);
  const target = family === 4 ? e.ipv4 : e.ipv6 === undefined ? undefined : `[${e.ipv6}]`;
  const rules: Rule[] = [];
  for (const b of target === undefined ? [] : e.ports) {
    const dst = hostMatch(b.hostIp, family);
    if (dst !== undefined) rules.push({ table: 'nat', chain, spec: `${dst}-p ${b.protocol} -m ${b.protocol} --dport ${b.hostPort} -j DNAT --to-destination ${target}:${b.containerPort}` });
  }
  if (rules.length === 0) return { chains: [], rules: [], anchors: [] };
  return { chains: [{ table: 'nat', name: chain }], rules, anchors: [{ table: 'nat', chain: CHAINS.dnat, spec: `-j ${chain}` }] };
}
