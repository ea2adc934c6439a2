/**
 * The address checks compose's port parser borrows from Go's net package:
 * `net.SplitHostPort` (with its exact error texts, which compose prints) and
 * `net.ParseIP` (IPv4 without leading zeros, IPv6 with `::` and an embedded
 * IPv4 tail, no zone).
 */

export class AddrError extends Error {
  constructor(addr: string, why: string) {
    super(`address ${addr}: ${why}`);
    this.name = 'AddrError';
  }
}

/** Go's net.SplitHostPort: `[v6]:port` or `host:port`; throws an AddrError worded as Go's. */
export function splitHostPort(hostport: string): { host: string; port: string } {
  const i = hostport.lastIndexOf(':');
  if (i < 0) throw new AddrError(hostport, 'missing port in address');
  let host: string;
  let from = 0;
  let closeFrom = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) throw new AddrError(hostport, "missing ']' in address");
    if (end + 1 === hostport.length) throw new AddrError(hostport, 'missing port in address');
    if (end + 1 !== i) {
      throw new AddrError(hostport, hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    }
    host = hostport.slice(1, end);
    from = 1;
    closeFrom = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) throw new AddrError(hostport, 'too many colons in address');
  }
  if (hostport.slice(from).includes('[')) throw new AddrError(hostport, "unexpected '[' in address");
  if (hostport.slice(closeFrom).includes(']')) throw new AddrError(hostport, "unexpected ']' in address");
  return { host, port: hostport.slice(i + 1) };
}

/** Go's net.ParseIP(s) != nil. */
export function isIP(s: string): boolean {
  for (const c of s) {
    if (c === '.') return isIPv4(s);
    if (c === ':') return isIPv6(s);
    if (c === '%') return false;
  }
  return false;
}

export function isIPv4(s: string): boolean {
  const fields = s.split('.');
  return fields.length === 4 && fields.every((f) => /^(0|[1-9][0-9]{0,2})$/.test(f) && Number(f) <= 255);
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function isIPv6(s: string): boolean {
  if (s.includes('%')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  const all = groups.flat();
  let width = 0;
  for (const [i, g] of all.entries()) {
    if (HEX_GROUP.test(g)) {
      width += 1;
    } else if (i === all.length - 1 && s.endsWith(g) && isIPv4(g)) {
      // An IPv4 tail may only end the address.
      width += 2;
    } else {
      return false;
    }
  }
  // Without `::` all eight groups must be there; with it, it stands for at least one.
  return halves.length === 1 ? width === 8 : width <= 7;
}
