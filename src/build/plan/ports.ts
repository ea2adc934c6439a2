/**
 * EXPOSE values to `port/proto` keys (BuildKit convert_expose.go): ranges
 * expand to every port, the protocol defaults to tcp and is lowercased, and
 * an IP or host part is accepted (BuildKit only warns about it).
 */
import { DockerfileError } from '../errors.js';
import { goQuote } from '../go-quote.js';

function fail(message: string): never {
  throw new DockerfileError(message, undefined, undefined);
}

export function parseExposedPort(raw: string): string[] {
  const parts = raw.split(':');
  const n = parts.length;
  const containerPart = parts[n - 1] as string;
  const hostPort = n >= 2 ? (parts[n - 2] as string) : '';
  const ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const slash = containerPart.indexOf('/');
  const port = slash < 0 ? containerPart : containerPart.slice(0, slash);
  const proto = slash < 0 ? '' : containerPart.slice(slash + 1);
  if (port === '') fail(`invalid port: ${goQuote(raw)}: no port specified`);
  const p = proto.toLowerCase();
  if (p !== '' && p !== 'tcp' && p !== 'udp' && p !== 'sctp') fail(`invalid port: ${goQuote(raw)}: invalid proto: ${proto}`);
  checkIp(ip);
  const [start, end] = portRange(port, `invalid containerPort: ${port}`);
  if (hostPort !== '') {
    const [hs, he] = portRange(hostPort, `invalid hostPort: ${hostPort}`);
    if (end - start !== he - hs && end !== start) fail(`invalid ranges specified for container and host Ports: ${port} and ${hostPort}`);
  }
  const out: string[] = [];
  for (let i = start; i <= end; i++) out.push(`${i}/${p === '' ? 'tcp' : p}`);
  return out;
}

function checkIp(ip: string): void {
  if (ip === '') return;
  const bare = ip.startsWith('[') ? ip.replace(/^\[|\]$/g, '') : ip;
  const v4 = /^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$/.test(bare);
  const v6 = bare.includes(':') && /^[0-9a-fA-F:.]+$/.test(bare);
  if (!v4 && !v6) fail(`invalid IP address: ${bare}`);
}

function portRange(spec: string, message: string): [number, number] {
  const dash = spec.indexOf('-');
  const start = portNumber(dash < 0 ? spec : spec.slice(0, dash), message);
  if (dash < 0 || spec.slice(0, dash) === spec.slice(dash + 1)) return [start, start];
  const end = portNumber(spec.slice(dash + 1), message);
  if (end < start) fail(message);
  return [start, end];
}

function portNumber(s: string, message: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) fail(message);
  const n = Number(s);
  if (n < 0 || n > 65535) fail(message);
  return n;
}
