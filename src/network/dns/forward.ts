/**
 * Forwarding a query we cannot answer to upstream resolvers, tried in order
 * as resolv.conf lists them, each with its own timeout. Every forward uses a
 * fresh socket, so two clients reusing one query id cannot get each other's
 * answers. node:net and node:dgram are loaded by the first forward: the
 * network driver's index exports the server, and every command that opens
 * the driver (ps, logs, down) paid for both at import.
 */
import { parseAddr } from '../ip.js';

export interface Upstream {
  host: string;
  port: number;
  family: 4 | 6;
}

/** `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353`. */
export function parseUpstream(text: string): Upstream | undefined {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const v4port = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(text);
  const [host, port] = bracket !== null ? [bracket[1] as string, bracket[2]] : v4port !== null ? [v4port[1] as string, v4port[2]] : [text, undefined];
  const a = parseAddr(host);
  const p = port === undefined ? 53 : Number(port);
  if (a === undefined || !Number.isInteger(p) || p < 1 || p > 65535) return undefined;
  return { host, port: p, family: a.family };
}

function udpOnce(query: Buffer, u: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const sock = process.getBuiltinModule('node:dgram').createSocket(u.family === 4 ? 'udp4' : 'udp6');
    const done = (r: Buffer | undefined): void => {
      clearTimeout(timer);
      sock.close();
      resolve(r);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', () => done(undefined));
    sock.on('message', (msg) => {
      if (msg.length >= 2 && msg.readUInt16BE(0) === query.readUInt16BE(0)) done(msg);
    });
    sock.send(query, u.port, u.host);
  });
}

function tcpOnce(query: Buffer, u: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const sock = process.getBuiltinModule('node:net').connect({ host: u.host, port: u.port });
    let buf = Buffer.alloc(0);
    const done = (r: Buffer | undefined): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', () => done(undefined));
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
  });
}

/** The first upstream's answer, or undefined when none answered in time. */
export async function forward(query: Buffer, upstreams: string[], transport: 'udp' | 'tcp', timeoutMs = 2000): Promise<Buffer | undefined> {
  for (const text of upstreams) {
    const u = parseUpstream(text);
    if (u === undefined) continue;
    const r = await (transport === 'udp' ? udpOnce(query, u, timeoutMs) : tcpOnce(query, u, timeoutMs));
    if (r !== undefined) return r;
  }
  return undefined;
}
