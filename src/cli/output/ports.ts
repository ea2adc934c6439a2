/**
 * The docker CLI's DisplayablePorts: published ports as `IP:PUBLIC->PRIVATE/proto`,
 * unpublished ones grouped into ranges (`80-82/tcp`), sorted by private port,
 * IP, public port and protocol; IPv6 addresses in brackets.
 */
export interface Publisher {
  /** The host IP ("" when only exposed). */
  url: string;
  targetPort: number;
  publishedPort: number;
  protocol: string;
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function compare(a: Publisher, b: Publisher): number {
  if (a.targetPort !== b.targetPort) return a.targetPort - b.targetPort;
  if (a.url !== b.url) return a.url < b.url ? -1 : 1;
  if (a.publishedPort !== b.publishedPort) return a.publishedPort - b.publishedPort;
  return a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0;
}

function formGroup(key: string, first: number, last: number): string {
  const [a, b] = key.split('/');
  const ip = b === undefined ? '' : (a as string);
  const proto = b === undefined ? (a as string) : b;
  let group = first === last ? String(first) : `${first}-${last}`;
  if (ip !== '') group = `${joinHostPort(ip, group)}->${group}`;
  return `${group}/${proto}`;
}

export function displayablePorts(ports: readonly Publisher[]): string {
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  for (const p of [...ports].sort(compare)) {
    let key = p.protocol;
    if (p.url !== '') {
      if (p.publishedPort !== p.targetPort) {
        mappings.push(`${joinHostPort(p.url, String(p.publishedPort))}->${p.targetPort}/${p.protocol}`);
        continue;
      }
      key = `${p.url}/${p.protocol}`;
    }
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, { first: p.targetPort, last: p.targetPort });
    } else if (p.targetPort === g.last + 1) {
      g.last = p.targetPort;
    } else {
      result.push(formGroup(key, g.first, g.last));
      groups.set(key, { first: p.targetPort, last: p.targetPort });
    }
  }
  for (const [key, g] of groups) result.push(formGroup(key, g.first, g.last));
  return [...result, ...mappings].join(', ');
}
