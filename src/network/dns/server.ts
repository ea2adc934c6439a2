/**
 * The embedded DNS server, as a library for the project supervisor: UDP and
 * TCP on port 53 of every gateway address the table lists (aardvark-dns's
 * model), answers from the table, other names forwarded. `update(table)`
 * swaps the table and opens or closes listeners as networks come and go;
 * queries in flight finish against the table they started with.
 */
import type { Socket as UdpSocket } from 'node:dgram';
import type { Server, Socket } from 'node:net';
import { parseAddr } from '../ip.js';
import { forward, parseUpstream } from './forward.js';
import { reply, resolve, type DnsTable } from './resolve.js';
import { decode, encode, RCODE, udpLimit, type Message } from './wire.js';

export interface DnsServerOptions {
  table: DnsTable;
  /** 53 unless given (tests use another). */
  port?: number;
  /** Per upstream, for forwarded queries. */
  timeoutMs?: number;
}

export interface ListenResult {
  address: string;
  error?: Error;
}

export interface DnsServer {
  update(table: DnsTable): Promise<ListenResult[]>;
  /** Addresses served now. */
  listening(): string[];
  close(): Promise<void>;
}

interface Listener {
  udp: UdpSocket;
  tcp: Server;
}

/** Our answer, cut to what a UDP client accepts (TC set when records had to go). */
export function encodeFor(m: Message, limit: number): Buffer {
  let out = encode(m);
  if (out.length <= limit) return out;
  const cut = { ...m, tc: true, answers: [...m.answers] };
  while (cut.answers.length > 0 && out.length > limit) {
    cut.answers.pop();
    out = encode(cut);
  }
  return out;
}

class GatewayDns implements DnsServer {
  private readonly listeners = new Map<string, Listener>();

  constructor(
    private table: DnsTable,
    private readonly port: number,
    private readonly timeoutMs: number | undefined,
  ) {}

  /** A host whose resolv.conf names one of our own addresses must not make us forward to ourselves. */
  private notOurs(ups: string[]): string[] {
    return ups.filter((u) => {
      const p = parseUpstream(u);
      return p !== undefined && !(p.port === this.port && this.listeners.has(p.host));
    });
  }

  private handle(raw: Buffer, address: string, from: string, transport: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    return this.answer(raw, address, from, transport).catch(() => undefined);
  }

  private async answer(raw: Buffer, address: string, from: string, transport: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    let q: Message;
    try {
      q = decode(raw);
    } catch {
      if (raw.length < 12) return undefined;
      const h = Buffer.from(raw.subarray(0, 12));
      h.writeUInt16BE(0x8000 | RCODE.FORMERR, 2);
      h.fill(0, 4);
      return h;
    }
    const out = resolve(this.table, q, address, from);
    const limit = transport === 'udp' ? udpLimit(q) : 65535;
    if (out.kind === 'answer') return encodeFor(out.response, limit);
    const upstream = await forward(raw, this.notOurs(out.upstreams), transport, this.timeoutMs);
    return upstream ?? encodeFor(reply(q, RCODE.SERVFAIL), limit);
  }

  private serveTcp(sock: Socket, address: string): void {
    let buf = Buffer.alloc(0);
    sock.setTimeout(10_000, () => sock.destroy());
    sock.on('error', () => sock.destroy());
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = Buffer.from(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + msg.length);
        void this.handle(msg, address, sock.remoteAddress?.replace(/^::ffff:/, '') ?? '', 'tcp').then((r) => {
          if (r === undefined || sock.destroyed) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(r.length);
          sock.write(Buffer.concat([len, r]));
        });
      }
    });
  }

  private async open(address: string): Promise<Listener> {
    const udp = process.getBuiltinModule('node:dgram').createSocket({ type: parseAddr(address)?.family === 6 ? 'udp6' : 'udp4', reuseAddr: true });
    await new Promise<void>((ok, fail) => {
      udp.once('error', fail);
      udp.bind({ address, port: this.port, exclusive: true }, () => {
        udp.off('error', fail);
        ok();
      });
    });
    udp.on('error', () => undefined);
    udp.on('message', (msg, rinfo) => {
      void this.handle(msg, address, rinfo.address, 'udp').then((r) => {
        if (r !== undefined) udp.send(r, rinfo.port, rinfo.address);
      });
    });
    const tcp = process.getBuiltinModule('node:net').createServer((s) => this.serveTcp(s, address));
    try {
      await new Promise<void>((ok, fail) => {
        tcp.once('error', fail);
        tcp.listen({ host: address, port: this.port, exclusive: true }, () => {
          tcp.off('error', fail);
          ok();
        });
      });
    } catch (e) {
      udp.close();
      throw e;
    }
    return { udp, tcp };
  }

  private async shut(l: Listener): Promise<void> {
    l.udp.close();
    await new Promise<void>((ok) => l.tcp.close(() => ok()));
  }

  async update(next: DnsTable): Promise<ListenResult[]> {
    this.table = next;
    const want = new Set(next.networks.flatMap((n) => n.listen));
    for (const [a, l] of [...this.listeners]) {
      if (want.has(a)) continue;
      this.listeners.delete(a);
      await this.shut(l);
    }
    const results: ListenResult[] = [];
    for (const a of want) {
      try {
        if (!this.listeners.has(a)) this.listeners.set(a, await this.open(a));
        results.push({ address: a });
      } catch (e) {
        // A bridge not up yet (EADDRNOTAVAIL) or port 53 taken: the next update tries again.
        results.push({ address: a, error: e as Error });
      }
    }
    return results;
  }

  listening(): string[] {
    return [...this.listeners.keys()];
  }

  async close(): Promise<void> {
    for (const l of this.listeners.values()) await this.shut(l);
    this.listeners.clear();
  }
}

export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const server = new GatewayDns(opts.table, opts.port ?? 53, opts.timeoutMs);
  await server.update(opts.table);
  return server;
}
