/** A tiny DNS client for tests: one query over UDP (from a chosen source address) or TCP. */
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { decode, encode, TYPE, type Message } from '../../../src/network/dns/wire.js';

export function queryMessage(name: string, type: number = TYPE.A, id = Math.floor(Math.random() * 65535)): Message {
  return { id, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0, questions: [{ name, type, class: 1 }], answers: [], authorities: [], additionals: [] };
}

export function udpQuery(server: string, port: number, m: Message, from = '127.0.0.1', timeoutMs = 3000): Promise<Message> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      reject(new Error(`no answer from ${server}:${port}`));
    }, timeoutMs);
    s.on('message', (msg) => {
      clearTimeout(t);
      s.close();
      resolve(decode(msg));
    });
    s.bind({ address: from, port: 0 }, () => s.send(encode(m), port, server));
  });
}

export function tcpQuery(server: string, port: number, m: Message, from = '127.0.0.1'): Promise<Message> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: server, port, localAddress: from });
    let buf = Buffer.alloc(0);
    sock.on('error', reject);
    sock.on('connect', () => {
      const body = encode(m);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(body.length);
      sock.write(Buffer.concat([len, body]));
    });
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        sock.destroy();
        resolve(decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      }
    });
  });
}

/** A port free for both TCP and UDP on `host`. */
export async function freePort(host: string): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((ok) => {
      const srv = createServer().listen({ host, port: 0 }, () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => ok(p));
      });
    });
    const udpFree = await new Promise<boolean>((ok) => {
      const s = createSocket('udp4');
      s.once('error', () => ok(false));
      s.bind({ address: host, port }, () => s.close(() => ok(true)));
    });
    if (udpFree) return port;
  }
}

/** An upstream resolver answering A queries with `address` (only for `only` when given, NXDOMAIN else), counting what it got. */
export async function fakeUpstream(host: string, address: string, only?: string): Promise<{ port: number; queries: string[]; close: () => void }> {
  const port = await freePort(host);
  const queries: string[] = [];
  const s = createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    const q = decode(msg);
    queries.push(q.questions[0]?.name ?? '');
    const hit = q.questions.filter((x) => x.type === TYPE.A && (only === undefined || x.name.toLowerCase() === only));
    const answer: Message = { ...q, qr: true, ra: true, rcode: only !== undefined && hit.length === 0 ? 3 : 0, answers: hit.map((x) => ({ name: x.name, type: TYPE.A, class: 1, ttl: 30, data: address })) };
    s.send(encode(answer), rinfo.port, rinfo.address);
  });
  await new Promise<void>((ok) => s.bind({ address: host, port }, () => ok()));
  return { port, queries, close: () => s.close() };
}
