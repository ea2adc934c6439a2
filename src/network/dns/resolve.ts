/**
 * What the embedded DNS server answers, pure: a query, the address it came
 * in on and the asking container's address, against the table of names.
 * A name resolves on the networks the asking container shares with the
 * target, the network the query arrived on first (so an alias answers with
 * the address reachable from there); a scaled service answers with every
 * replica; `links` aliases are visible to the linking container only.
 * Anything else is forwarded to the container's `dns:` servers or the host's.
 */
import { formatAddr, parseAddr } from '../ip.js';
import { CLASS_IN, RCODE, TYPE, type Message, type ResourceRecord } from './wire.js';

export interface DnsRecord {
  container: string;
  names: string[];
  ipv4?: string;
  ipv6?: string;
  /** alias -> target name, resolved for this container's own queries only. */
  links?: Record<string, string>;
  /** compose `dns:`: where this container's other queries go. */
  dnsServers?: string[];
}

export interface DnsNetwork {
  name: string;
  /** Addresses the server listens on for this network (its gateways); empty: known, not served here. */
  listen: string[];
  records: DnsRecord[];
}

export interface DnsTable {
  networks: DnsNetwork[];
  /** The host's resolvers, for names not in the table. */
  upstreams: string[];
}

export const TTL = 60;

export type Outcome = { kind: 'answer'; response: Message } | { kind: 'forward'; upstreams: string[] };

const norm = (n: string): string => n.toLowerCase().replace(/\.$/, '');

export function reply(q: Message, rcode: number, answers: ResourceRecord[] = []): Message {
  return { id: q.id, qr: true, opcode: q.opcode, aa: rcode === RCODE.NOERROR && answers.length > 0, tc: false, rd: q.rd, ra: true, rcode, questions: q.questions, answers, authorities: [], additionals: [] };
}

/** `2.0.17.172.in-addr.arpa` (or the ip6.arpa nibble form) back to an address. */
export function reverseName(name: string): string | undefined {
  const n = norm(name);
  if (n.endsWith('.in-addr.arpa')) {
    const parts = n.slice(0, -'.in-addr.arpa'.length).split('.');
    const addr = parts.reverse().join('.');
    return parts.length === 4 && parseAddr(addr)?.family === 4 ? addr : undefined;
  }
  if (n.endsWith('.ip6.arpa')) {
    const nibbles = n.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((x) => /^[0-9a-f]$/.test(x))) return undefined;
    return formatAddr({ family: 6, value: BigInt(`0x${nibbles.reverse().join('')}`) });
  }
  return undefined;
}

interface Client {
  record?: DnsRecord;
  networks: DnsNetwork[];
}

function client(table: DnsTable, listen: string, from: string): Client {
  const here = table.networks.filter((n) => n.listen.includes(listen));
  const record = here.flatMap((n) => n.records).find((r) => r.ipv4 === from || r.ipv6 === from);
  if (record === undefined) return { networks: here };
  const theirs = table.networks.filter((n) => !here.includes(n) && n.records.some((r) => r.container === record.container));
  return { record, networks: [...here, ...theirs] };
}

function lookup(c: Client, name: string, type: number): ResourceRecord[] | undefined {
  const target = norm(c.record?.links?.[name] ?? name);
  for (const n of c.networks) {
    const hits = n.records.filter((r) => r.names.some((x) => norm(x) === target));
    if (hits.length === 0) continue;
    const out: ResourceRecord[] = [];
    for (const h of hits) {
      if ((type === TYPE.A || type === TYPE.ANY) && h.ipv4 !== undefined) out.push({ name, type: TYPE.A, class: CLASS_IN, ttl: TTL, data: h.ipv4 });
      if ((type === TYPE.AAAA || type === TYPE.ANY) && h.ipv6 !== undefined) out.push({ name, type: TYPE.AAAA, class: CLASS_IN, ttl: TTL, data: h.ipv6 });
    }
    return out;
  }
  return undefined;
}

function pointer(c: Client, qname: string): ResourceRecord[] | undefined {
  const addr = reverseName(qname);
  if (addr === undefined) return undefined;
  for (const n of c.networks) {
    const hit = n.records.find((r) => r.ipv4 === addr || r.ipv6 === addr);
    if (hit !== undefined) return [{ name: qname, type: TYPE.PTR, class: CLASS_IN, ttl: TTL, data: `${hit.container}.${n.name}` }];
  }
  return undefined;
}

export function resolve(table: DnsTable, query: Message, listen: string, from: string): Outcome {
  const q = query.questions[0];
  if (query.qr || query.opcode !== 0) return { kind: 'answer', response: reply(query, RCODE.NOTIMP) };
  if (q === undefined || query.questions.length !== 1) return { kind: 'answer', response: reply(query, RCODE.FORMERR) };
  const c = client(table, listen, from);
  const name = norm(q.name);
  const found = q.type === TYPE.PTR ? pointer(c, q.name) : lookup(c, name, q.type);
  // A name we know answers here even without a record of the asked type (NODATA), so it is never forwarded.
  if (found !== undefined) return { kind: 'answer', response: reply(query, RCODE.NOERROR, found.map((r) => ({ ...r, name: q.name }))) };
  const own = c.record?.dnsServers ?? [];
  return { kind: 'forward', upstreams: own.length > 0 ? own : table.upstreams };
}
