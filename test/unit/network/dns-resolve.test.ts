import { describe, expect, it } from 'vitest';
import { resolve, reverseName, type DnsTable } from '../../../src/network/dns/resolve.js';
import { RCODE, TYPE, type Message } from '../../../src/network/dns/wire.js';

const q = (name: string, type: number = TYPE.A): Message => ({ id: 7, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0, questions: [{ name, type, class: 1 }], answers: [], authorities: [], additionals: [] });

const table: DnsTable = {
  upstreams: ['10.255.255.53'],
  networks: [
    {
      name: 'shop_front',
      listen: ['172.18.0.1'],
      records: [
        { container: 'shop-web-1', names: ['shop-web-1', 'web', 'www'], ipv4: '172.18.0.2' },
        { container: 'shop-app-1', names: ['shop-app-1', 'app'], ipv4: '172.18.0.3', links: { database: 'db' } },
        { container: 'shop-app-2', names: ['shop-app-2', 'app'], ipv4: '172.18.0.4', dnsServers: ['9.9.9.9'] },
      ],
    },
    {
      name: 'shop_back',
      listen: ['172.19.0.1'],
      records: [
        { container: 'shop-app-1', names: ['shop-app-1', 'app'], ipv4: '172.19.0.3' },
        { container: 'shop-db-1', names: ['shop-db-1', 'db', 'postgres'], ipv4: '172.19.0.2', ipv6: 'fd00::2' },
      ],
    },
    { name: 'other_default', listen: [], records: [{ container: 'other-x-1', names: ['x', 'web'], ipv4: '172.20.0.2' }] },
  ],
};

const answers = (name: string, from: string, listen = '172.18.0.1', type: number = TYPE.A): unknown => {
  const o = resolve(table, q(name, type), listen, from);
  return o.kind === 'answer' ? { rcode: o.response.rcode, data: o.response.answers.map((a) => a.data) } : { forward: o.upstreams };
};

describe('embedded DNS answers', () => {
  it('resolves services, container names and aliases on the network the query came in on', () => {
    expect(answers('web', '172.18.0.3')).toEqual({ rcode: 0, data: ['172.18.0.2'] });
    expect(answers('WWW.', '172.18.0.3')).toEqual({ rcode: 0, data: ['172.18.0.2'] });
    expect(answers('shop-web-1', '172.18.0.3')).toEqual({ rcode: 0, data: ['172.18.0.2'] });
  });

  it('answers a scaled service with every replica', () => {
    expect(answers('app', '172.18.0.2')).toEqual({ rcode: 0, data: ['172.18.0.3', '172.18.0.4'] });
  });

  it('prefers the address on the network the query arrived on', () => {
    expect(answers('shop-app-1', '172.19.0.2', '172.19.0.1')).toEqual({ rcode: 0, data: ['172.19.0.3'] });
  });

  it('finds names on the asking container’s other networks, not on networks it is not on', () => {
    expect(answers('db', '172.18.0.3')).toEqual({ rcode: 0, data: ['172.19.0.2'] });
    expect(answers('db', '172.18.0.2')).toEqual({ forward: ['10.255.255.53'] });
    expect(answers('x', '172.18.0.2')).toEqual({ forward: ['10.255.255.53'] });
  });

  it('resolves links aliases for the linking container only', () => {
    expect(answers('database', '172.18.0.3')).toEqual({ rcode: 0, data: ['172.19.0.2'] });
    expect(answers('database', '172.18.0.4')).toEqual({ forward: ['9.9.9.9'] });
  });

  it('answers AAAA from IPv6 addresses, and a known name without one with no records rather than forwarding', () => {
    expect(answers('db', '172.19.0.3', '172.19.0.1', TYPE.AAAA)).toEqual({ rcode: 0, data: ['fd00::2'] });
    expect(answers('web', '172.18.0.3', '172.18.0.1', TYPE.AAAA)).toEqual({ rcode: RCODE.NOERROR, data: [] });
    expect(answers('web', '172.18.0.3', '172.18.0.1', TYPE.MX)).toEqual({ rcode: RCODE.NOERROR, data: [] });
  });

  it('answers reverse lookups of container addresses as container.network', () => {
    expect(answers('2.0.18.172.in-addr.arpa', '172.18.0.3', '172.18.0.1', TYPE.PTR)).toEqual({ rcode: 0, data: ['shop-web-1.shop_front'] });
    expect(answers('9.9.9.9.in-addr.arpa', '172.18.0.3', '172.18.0.1', TYPE.PTR)).toEqual({ forward: ['10.255.255.53'] });
    expect(reverseName('2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa')).toBe('fd00::2');
  });

  it('forwards other names to the container’s dns servers, else the host’s', () => {
    expect(answers('example.org', '172.18.0.4')).toEqual({ forward: ['9.9.9.9'] });
    expect(answers('example.org', '172.18.0.2')).toEqual({ forward: ['10.255.255.53'] });
  });

  it('refuses what it does not implement', () => {
    const o = resolve(table, { ...q('web'), opcode: 2 }, '172.18.0.1', '172.18.0.2');
    expect(o.kind === 'answer' && o.response.rcode).toBe(RCODE.NOTIMP);
    const none = resolve(table, { ...q('web'), questions: [] }, '172.18.0.1', '172.18.0.2');
    expect(none.kind === 'answer' && none.response.rcode).toBe(RCODE.FORMERR);
  });
});
