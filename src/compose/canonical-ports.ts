/**
 * `ports:` short syntax to long syntax, as compose-go v2.4.8 does it with
 * docker/go-connections' nat parser: `[ip:][host[-host]:]container[-container][/proto]`.
 * A container range becomes one entry per port, sorted as the strings
 * "<port>/<proto>" sort (so 100 comes before 98); a single container port with
 * a host range keeps the range in `published`.
 */
import { ComposeError } from '../errors.js';
import { isIP, splitHostPort } from './canonical-ip.js';
import { goPath, goTypeName, modelError, type RuleContext } from './canonical-rules.js';
import type { Mapping } from './tree.js';

class PortSpecError extends Error {}

/** Parses one short-syntax port spec into its long-syntax entries. */
export function parsePortSpec(raw: string): Mapping[] {
  const { ip, hostPort, containerPort, proto } = splitSpec(raw);
  const [start, end] = portRange(containerPort, `Invalid containerPort: ${containerPort}`);
  const [hostStart, hostEnd] = hostPort === '' ? [0, 0] : portRange(hostPort, `Invalid hostPort: ${hostPort}`);
  if (hostPort !== '' && end - start !== hostEnd - hostStart && end !== start) {
    throw new PortSpecError(`Invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
  }
  const protocol = proto.toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) throw new PortSpecError(`Invalid proto: ${proto}`);
  const entries: Array<{ key: string; entry: Mapping }> = [];
  for (let i = 0; i <= end - start; i++) {
    let published = hostPort === '' ? '' : String(hostStart + i);
    // A single container port with a host range: the engine picks a port in the range.
    if (start === end && hostStart !== hostEnd) published = `${published}-${hostEnd}`;
    const entry: Mapping = { mode: 'ingress' };
    if (ip !== '') entry.host_ip = ip;
    entry.target = start + i;
    if (published !== '') entry.published = published;
    entry.protocol = protocol;
    entries.push({ key: `${start + i}/${protocol}`, entry });
  }
  return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => e.entry);
}

function splitSpec(raw: string): { ip: string; hostPort: string; containerPort: string; proto: string } {
  const parts = raw.split(':');
  const n = parts.length;
  const rawIP = n <= 2 ? '' : parts.slice(0, n - 2).join(':');
  const hostPort = n === 1 ? '' : (parts[n - 2] ?? '');
  const [proto, containerPort] = splitProtoPort(parts[n - 1] ?? '');
  let ip: string;
  try {
    ip = splitHostPort(`${rawIP}:`).host;
  } catch (e) {
    throw new PortSpecError(`Invalid ip address ${rawIP}: ${(e as Error).message}`);
  }
  if (ip !== '' && !isIP(ip)) throw new PortSpecError(`Invalid ip address: ${ip}`);
  if (containerPort === '') throw new PortSpecError(`No port specified: ${raw}<empty>`);
  return { ip, hostPort, containerPort, proto };
}

/** nat.SplitProtoPort: `80/udp` -> [udp, 80]; no or empty protocol means tcp. */
function splitProtoPort(raw: string): [proto: string, port: string] {
  const parts = raw.split('/');
  const [port = '', proto = ''] = parts;
  if (raw === '' || port === '') return ['', ''];
  if (parts.length === 1 || proto === '') return ['tcp', port];
  return [proto, port];
}

/** nat.ParsePortRange: `80` or `8000-8010`, each a decimal uint16. */
function portRange(s: string, message: string): [number, number] {
  const [first = '', second] = s.split('-');
  const start = parseUint16(first);
  const end = second === undefined ? start : parseUint16(second);
  if (start === undefined || end === undefined || end < start) throw new PortSpecError(message);
  return [start, end];
}

function parseUint16(s: string): number | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

/** transform rule for `services.*.ports`: every item to one or more long-syntax mappings. */
export function transformPorts(value: unknown, ctx: RuleContext, ignoreParseErrors: boolean): unknown {
  if (!Array.isArray(value)) {
    throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(value)} for port`, ctx.path);
  }
  const ports: unknown[] = [];
  for (const [i, item] of value.entries()) {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      ports.push(item);
      continue;
    }
    const spec = typeof item === 'number' && Number.isInteger(item) ? String(item) : item;
    if (typeof spec !== 'string') {
      throw modelError('E_INVALID_TYPE', `${goPath(ctx.path)}: invalid type ${goTypeName(item)} for port`, ctx.path);
    }
    try {
      ports.push(...parsePortSpec(spec));
    } catch (e) {
      if (!(e instanceof PortSpecError)) throw e;
      // Without interpolation a spec may still hold `${VAR}`: compose then keeps the list as written.
      if (ignoreParseErrors && typeof item === 'string') return value;
      throw new ComposeError('E_INVALID_PORT', e.message, { path: [...ctx.path, i].join('.') }, {
        hint: 'use [HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL], e.g. "127.0.0.1:8080:80/tcp"',
      });
    }
  }
  return ports;
}
