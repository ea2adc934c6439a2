import { afterEach, describe, expect, it } from 'vitest';
import type { DnsTable } from '../../../src/network/dns/resolve.js';
import { startDnsServer, type DnsServer } from '../../../src/network/dns/server.js';
import { RCODE, TYPE } from '../../../src/network/dns/wire.js';
import { fakeUpstream, freePort, queryMessage, tcpQuery, udpQuery } from '../../support/network/dns-client.js';

// Loopback addresses stand in for a gateway (127.0.0.10) and containers (127.0.0.2x): nothing leaves the machine.
const GW = '127.0.0.10';
const table = (webIp: string, upstreams: string[] = [], extra: DnsTable['networks'] = []): DnsTable => ({
  upstreams,
  networks: [
    {
      name: 'p_default',
      listen: [GW],
      records: [
        { container: 'p-web-1', names: ['p-web-1', 'web'], ipv4: webIp },
        { container: 'p-app-1', names: ['p-app-1', 'app'], ipv4: '127.0.0.21' },
      ],
    },
    ...extra,
  ],
});

let server: DnsServer | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const c of cleanups.splice(0)) c();
});

describe('the DNS server', () => {
  it('answers over UDP and TCP, and follows an update (a recreated container)', async () => {
    const port = await freePort(GW);
    server = await startDnsServer({ table: table('127.0.0.30'), port });
    expect(server.listening()).toEqual([GW]);
    const a = await udpQuery(GW, port, queryMessage('web'), '127.0.0.21');
    expect(a.answers.map((x) => x.data)).toEqual(['127.0.0.30']);
    expect(a.aa).toBe(true);
    expect((await tcpQuery(GW, port, queryMessage('p-web-1'), '127.0.0.21')).answers.map((x) => x.data)).toEqual(['127.0.0.30']);
    await server.update(table('127.0.0.31'));
    expect((await udpQuery(GW, port, queryMessage('web'), '127.0.0.21')).answers.map((x) => x.data)).toEqual(['127.0.0.31']);
  });

  it('forwards other names to the upstream, keeping the query id', async () => {
    const up = await fakeUpstream('127.0.0.40', '192.0.2.7');
    cleanups.push(up.close);
    const port = await freePort(GW);
    server = await startDnsServer({ table: table('127.0.0.30', [`127.0.0.40:${up.port}`]), port });
    const m = queryMessage('example.org', TYPE.A, 4242);
    const a = await udpQuery(GW, port, m, '127.0.0.21');
    expect(a.id).toBe(4242);
    expect(a.answers.map((x) => x.data)).toEqual(['192.0.2.7']);
    expect(up.queries).toEqual(['example.org']);
  });

  it('answers SERVFAIL when no upstream answers', async () => {
    const dead = await freePort('127.0.0.41');
    const port = await freePort(GW);
    server = await startDnsServer({ table: table('127.0.0.30', [`127.0.0.41:${dead}`]), port, timeoutMs: 200 });
    expect((await udpQuery(GW, port, queryMessage('example.org'), '127.0.0.21')).rcode).toBe(RCODE.SERVFAIL);
  });

  it('truncates a long UDP answer and gives it whole over TCP', async () => {
    const records = Array.from({ length: 60 }, (_, i) => ({ container: `p-app-${i}`, names: ['many'], ipv4: `127.0.1.${i + 1}` }));
    const port = await freePort(GW);
    server = await startDnsServer({ table: { upstreams: [], networks: [{ name: 'n', listen: [GW], records }] }, port });
    const udp = await udpQuery(GW, port, queryMessage('many'));
    expect(udp.tc).toBe(true);
    expect(udp.answers.length).toBeLessThan(60);
    expect((await tcpQuery(GW, port, queryMessage('many'))).answers).toHaveLength(60);
  });

  it('opens and closes listeners as networks come and go, reporting what it could not bind', async () => {
    const port = await freePort(GW);
    server = await startDnsServer({ table: table('127.0.0.30'), port });
    const more = await server.update(table('127.0.0.30', [], [{ name: 'q', listen: ['127.0.0.11', '192.0.2.1'], records: [] }]));
    expect(more.find((r) => r.address === '192.0.2.1')?.error).toBeDefined();
    expect(server.listening().sort()).toEqual(['127.0.0.10', '127.0.0.11']);
    await server.update({ upstreams: [], networks: [] });
    expect(server.listening()).toEqual([]);
    await expect(udpQuery(GW, port, queryMessage('web'), '127.0.0.21', 300)).rejects.toThrow('no answer');
  });
});
