/**
 * Names inside containers, through the real DNS server on each gateway and
 * the /etc files rendered for each container: services, container names,
 * aliases, hostnames, links, replicas, recreation, forwarding (to a fake
 * upstream on the throwaway host's loopback: nothing leaves the machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerFiles, type ContainerFilesInput } from '../../../src/network/container-files.js';
import type { EndpointRecord, NetworkRecord } from '../../../src/network/types.js';
import { eventually } from '../../support/eventually.js';
import { skipReason, ThrowawayHost, type DriverWorker } from '../../support/network/throwaway-host.js';

const skip = skipReason();
const P = `tsctn${Math.random().toString(16).slice(2, 6)}`;
let host: ThrowawayHost;
let w: DriverWorker;
let front: NetworkRecord;
let back: NetworkRecord;
const eps: Record<string, EndpointRecord[]> = {};

async function container(id: string, service: string, endpoints: object[], extra: object = {}): Promise<void> {
  await w.call('createSandbox', `${P}-${id}`, P);
  eps[id] = await w.call<EndpointRecord[]>('attach', `${P}-${id}`, { project: P, service, container: `${P}-${id}`, endpoints, ...extra });
}

function files(id: string, more: Partial<ContainerFilesInput> = {}) {
  return containerFiles({ mode: 'bridge', hostname: id, endpoints: eps[id], host: { hosts: '', resolvConf: 'nameserver 10.255.255.53\n' }, ...more });
}

const lookup = async (id: string, name: string, more: Partial<ContainerFilesInput> = {}): Promise<string[]> => {
  const r = await host.containerSh(host.netnsPath(`${P}-${id}`), `${process.execPath} -e "require('dns').lookup('${name}',{all:true,family:4},(e,a)=>{console.log(e?'ERR '+e.code:a.map(x=>x.address).sort().join(' '))})"`, files(id, more));
  return r.stdout.trim().split(' ');
};

describe.skipIf(skip !== undefined)(`service names${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    host = new ThrowawayHost();
    await host.setUp();
    w = host.worker();
    front = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_front`, project: P, composeName: 'front' });
    back = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_back`, project: P, composeName: 'back' });
    await container('web-1', 'web', [{ network: `${P}_front`, dnsNames: ['web', 'www', 'webhost'] }]);
    await container('app-1', 'app', [{ network: `${P}_front`, dnsNames: ['app'] }, { network: `${P}_back`, dnsNames: ['app', 'api'] }], { links: { database: 'db' } });
    await container('app-2', 'app', [{ network: `${P}_front`, dnsNames: ['app'] }, { network: `${P}_back`, dnsNames: ['app', 'api'] }], { dnsServers: ['127.0.0.1:9'] });
    await container('db-1', 'db', [{ network: `${P}_back`, dnsNames: ['db'] }]);
    expect(await w.call('startDns', P)).toEqual(expect.arrayContaining([front.subnets[0]?.gateway, back.subnets[0]?.gateway]));
  });

  afterAll(async () => {
    if (skip !== undefined) return;
    try {
      await w?.call('stopDns').catch(() => undefined);
      await w?.call('cleanupProject', P, { removeNetworks: true }).catch(() => undefined);
      await w?.close();
    } finally {
      await host?.tearDown();
    }
  });

  it('resolves services, container names, aliases and hostnames on each shared network', async () => {
    const web = eps['web-1']?.[0]?.ipv4 as string;
    expect(await lookup('app-1', 'web')).toEqual([web]);
    expect(await lookup('app-1', `${P}-web-1`)).toEqual([web]);
    expect(await lookup('app-1', 'www')).toEqual([web]);
    expect(await lookup('app-1', 'webhost')).toEqual([web]);
    expect(await lookup('db-1', 'api')).toEqual([eps['app-1']?.[1]?.ipv4, eps['app-2']?.[1]?.ipv4].sort());
    // web and db share no network.
    expect(await lookup('web-1', 'db')).toEqual(['ERR', 'ENOTFOUND']);
    // A container's own hostname comes from its /etc/hosts.
    expect(await lookup('web-1', 'web-1')).toEqual([web]);
  });

  it('answers a scaled service with every replica, on the network of the asker', async () => {
    expect(await lookup('web-1', 'app')).toEqual([eps['app-1']?.[0]?.ipv4, eps['app-2']?.[0]?.ipv4].sort());
    expect(await lookup('db-1', 'app')).toEqual([eps['app-1']?.[1]?.ipv4, eps['app-2']?.[1]?.ipv4].sort());
  });

  it('resolves a links alias for the linking container only', async () => {
    expect(await lookup('app-1', 'database')).toEqual([eps['db-1']?.[0]?.ipv4]);
    expect(await lookup('db-1', 'database')).toEqual(['ERR', 'ENOTFOUND']);
  });

  it('follows a recreated container to its new address (the records change, the server follows them)', async () => {
    const old = eps['web-1']?.[0]?.ipv4;
    await w.call('removeSandbox', `${P}-web-1`);
    await container('web-1b', 'web', [{ network: `${P}_front`, dnsNames: ['web', 'www'] }]);
    expect(eps['web-1b']?.[0]?.ipv4).not.toBe(old);
    await eventually(async () => expect(await lookup('app-1', 'web')).toEqual([eps['web-1b']?.[0]?.ipv4]), 10_000);
  });

  it('forwards other names to the host resolvers, and a container’s dns: servers instead when it has them', async () => {
    expect(await lookup('app-1', 'outside.test')).toEqual(['198.51.100.7']);
    expect(await w.call('upstreamQueries')).toContain('outside.test');
    // app-2's own server (a closed port on loopback) does not answer: the lookup fails instead of asking the host's.
    expect((await lookup('app-2', 'outside.test'))[0]).toBe('ERR');
  });

  it('writes dns_search, dns_opt and extra_hosts (host-gateway) into the container', async () => {
    const more = { dns: { dnsSearch: ['corp.test'], dnsOptions: ['timeout:1'] }, extraHosts: [{ host: 'host.docker.internal', ip: 'host-gateway' }, { host: 'legacy', ip: '10.9.9.9' }] };
    const f = files('app-1', more);
    expect(f.resolvConf).toBe(`search corp.test\nnameserver ${front.subnets[0]?.gateway}\nnameserver ${back.subnets[0]?.gateway}\noptions timeout:1 ndots:0\n`);
    expect(await lookup('app-1', 'legacy', more)).toEqual(['10.9.9.9']);
    expect(await lookup('app-1', 'host.docker.internal', more)).toEqual([front.subnets[0]?.gateway]);
    const r = await host.containerSh(host.netnsPath(`${P}-app-1`), 'busybox ping -c1 -W2 host.docker.internal', f);
    expect(r.code).toBe(0);
  });
});
