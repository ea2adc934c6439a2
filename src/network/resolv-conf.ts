/**
 * /etc/resolv.conf reading and writing, as dockerd 20.10 (the reference
 * installed here) does it in libnetwork/resolvconf: the host's file gives the
 * defaults, compose's dns, dns_search and dns_opt override them, and a
 * container on a user network gets our DNS server plus `ndots:0` unless the
 * user set ndots. Pure.
 */
import { parseAddr } from './ip.js';

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0] !== undefined) out.nameservers.push(rest[0]);
    // As glibc: the last search (or domain) line wins.
    else if (key === 'search' || key === 'domain') out.search = rest;
    else if (key === 'options') out.options.push(...rest);
  }
  return out;
}

export function isLoopbackServer(server: string): boolean {
  const a = parseAddr(server);
  if (a === undefined) return false;
  return a.family === 4 ? a.value >> 24n === 127n : a.value === 1n;
}

/** libnetwork resolvconf.Build: search, nameservers, options, each line only when it has content. */
export function buildResolvConf(rc: ResolvConf): string {
  let out = '';
  const search = rc.search.join(' ');
  if (rc.search.length > 0 && search.trim() !== '.') out += `search ${search}\n`;
  for (const ns of rc.nameservers) out += `nameserver ${ns}\n`;
  const opts = rc.options.join(' ');
  if (rc.options.length > 0 && opts.trim() !== '') out += `options ${opts}\n`;
  return out;
}

export interface ContainerDnsConfig {
  /** compose dns, dns_search, dns_opt; empty means "not set". */
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
}

/** The effective servers, search list and options before the embedded resolver is put in. */
export function effectiveDns(host: ResolvConf, c: ContainerDnsConfig): ResolvConf {
  const nonEmpty = (v: string[] | undefined): v is string[] => v !== undefined && v.length > 0;
  return {
    nameservers: nonEmpty(c.dns) ? c.dns : host.nameservers.filter((n) => !isLoopbackServer(n)),
    search: nonEmpty(c.dnsSearch) ? c.dnsSearch : host.search,
    options: nonEmpty(c.dnsOptions) ? c.dnsOptions : host.options,
  };
}

/**
 * A container on a user network: our resolvers first, then any IPv6 upstream
 * (dockerd lists those in the file; IPv4 ones are forwarded by the resolver),
 * and `ndots:0` appended unless the user set ndots.
 */
export function containerResolvConf(host: ResolvConf, c: ContainerDnsConfig, resolvers: string[]): string {
  const eff = effectiveDns(host, c);
  const v6 = eff.nameservers.filter((n) => parseAddr(n)?.family === 6);
  // dockerd 20.10 keeps any ndots the user gave (even ndots:0) and appends its own only when there is none.
  const userNdots = eff.options.some((o) => o.startsWith('ndots:'));
  return buildResolvConf({
    nameservers: [...resolvers, ...v6],
    search: eff.search,
    options: userNdots ? eff.options : [...eff.options, 'ndots:0'],
  });
}

/**
 * No embedded resolver (network_mode host or none): the host's file with
 * overrides; without overrides its loopback servers removed (they mean
 * nothing in another namespace) and Google's used when none is left, as
 * libnetwork's FilterResolvDNS does.
 */
export function plainResolvConf(hostText: string, c: ContainerDnsConfig, keepLoopback: boolean): string {
  const overridden = (c.dns?.length ?? 0) > 0 || (c.dnsSearch?.length ?? 0) > 0 || (c.dnsOptions?.length ?? 0) > 0;
  const host = parseResolvConf(hostText);
  if (overridden) return buildResolvConf(keepLoopback ? { ...effectiveDns(host, c), nameservers: c.dns?.length ? c.dns : host.nameservers } : effectiveDns(host, c));
  if (keepLoopback) return hostText;
  const kept = hostText
    .split('\n')
    .filter((l) => {
      const m = /^\s*nameserver\s+(\S+)/.exec(l);
      return m === null || !isLoopbackServer(m[1] as string);
    })
    .join('\n');
  if (parseResolvConf(kept).nameservers.length > 0) return kept;
  return `${kept.replace(/\n*$/, '\n').replace(/^\n$/, '')}nameserver 8.8.8.8\nnameserver 8.8.4.4\n`;
}
