import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerFiles } from '../../../src/network/container-files.js';
import { ExtraHostError } from '../../../src/network/errors.js';
import { renderHostname, renderHosts, type ExtraHost, type HostsInput } from '../../../src/network/etc-files.js';
import { containerResolvConf, parseResolvConf, plainResolvConf, type ContainerDnsConfig } from '../../../src/network/resolv-conf.js';

interface Golden {
  hostResolvConf: string;
  cases: Array<{ docker: string; hosts: HostsInput; dns: ContainerDnsConfig; expectHosts: string; expectResolvConf: string }>;
  none: Array<{ docker: string; dns: ContainerDnsConfig; extraHosts: ExtraHost[]; expectHosts: string; expectResolvConf: string }>;
  host: Array<{ docker: string; extraHosts: ExtraHost[]; expectHosts: string }>;
}
const golden = JSON.parse(readFileSync(new URL('../../fixtures/network/etc-files.json', import.meta.url), 'utf8')) as Golden;
const host = parseResolvConf(golden.hostResolvConf);

describe('files as dockerd 20.10 writes them', () => {
  it.each(golden.cases)('$docker', (c) => {
    expect(renderHosts(c.hosts)).toBe(c.expectHosts);
    expect(containerResolvConf(host, c.dns, ['127.0.0.11'])).toBe(c.expectResolvConf);
    expect(renderHostname(c.hosts.hostname)).toBe(`${c.hosts.hostname}\n`);
  });

  it.each(golden.none)('$docker', (c) => {
    const files = containerFiles({ mode: 'none', hostname: 'x', extraHosts: c.extraHosts, dns: c.dns, host: { hosts: '', resolvConf: golden.hostResolvConf } });
    expect(files.hosts).toBe(c.expectHosts);
    expect(files.resolvConf).toBe(c.expectResolvConf);
  });

  it.each(golden.host)('$docker', (c) => {
    expect(containerFiles({ mode: 'host', hostname: 'vm', extraHosts: c.extraHosts, host: { hosts: 'host file\n', resolvConf: golden.hostResolvConf } }).hosts).toBe(c.expectHosts);
  });
});

describe('containerFiles on user networks', () => {
  const eps = [
    { ipv4: '172.18.0.2', gateway4: '172.18.0.1', isGateway: false },
    { ipv4: '172.19.0.5', ipv6: 'fd00::5', gateway4: '172.19.0.1', isGateway: true },
  ];

  it('points resolv.conf at the gateways, host-gateway at the default-route network', () => {
    const f = containerFiles({ mode: 'bridge', hostname: 'web', endpoints: eps, extraHosts: [{ host: 'host.docker.internal', ip: 'host-gateway' }], host: { hosts: '', resolvConf: golden.hostResolvConf } });
    expect(f.resolvConf).toBe('nameserver 172.18.0.1\nnameserver 172.19.0.1\noptions ndots:0\n');
    expect(f.hosts.split('\n').slice(6)).toEqual(['172.19.0.1\thost.docker.internal', '172.18.0.2\tweb', '172.19.0.5\tweb', 'fd00::5\tweb', '']);
    expect(f.hostname).toBe('web\n');
  });

  it('copies the host files for network_mode host', () => {
    const f = containerFiles({ mode: 'host', hostname: 'vm', host: { hosts: '127.0.0.1 localhost vm\n', resolvConf: 'nameserver 127.0.0.53\nsearch lan\n' } });
    expect(f.hosts).toBe('127.0.0.1 localhost vm\n');
    expect(f.resolvConf).toBe('nameserver 127.0.0.53\nsearch lan\n');
  });

  it('rejects an extra host that is not an address', () => {
    expect(() => renderHosts({ hostname: 'h', addresses: [], extraHosts: [{ host: 'a', ip: 'nope' }] })).toThrow(ExtraHostError);
    expect(() => renderHosts({ hostname: 'h', addresses: [], extraHosts: [{ host: 'a', ip: 'host-gateway' }] })).toThrow('has no network with a gateway');
  });
});

describe('resolv.conf', () => {
  it('reads servers, the last search line and options, ignoring comments', () => {
    expect(parseResolvConf('# x\nnameserver 1.1.1.1 # a\nsearch a b\ndomain c\noptions ndots:2 edns0\nnameserver ::1\n')).toEqual({ nameservers: ['1.1.1.1', '::1'], search: ['c'], options: ['ndots:2', 'edns0'] });
  });

  it('drops loopback servers where the container cannot reach them, falling back to Google as libnetwork does', () => {
    expect(plainResolvConf('nameserver 127.0.0.53\noptions edns0\n', {}, false)).toBe('options edns0\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n');
    expect(plainResolvConf('nameserver 127.0.0.53\nnameserver 10.0.0.1\n', {}, false)).toBe('nameserver 10.0.0.1\n');
  });
});
