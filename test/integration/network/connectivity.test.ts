/**
 * Containers on real bridges inside a throwaway host: names, isolation,
 * published ports from every side, NAT out, internal networks, addressing.
 * Traffic goes only between namespaces this file creates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerFiles } from '../../../src/network/container-files.js';
import type { EndpointRecord, NetworkRecord } from '../../../src/network/types.js';
import { eventually } from '../../support/eventually.js';
import { HOST_UPLINK, REMOTE, skipReason, ThrowawayHost, type DriverWorker } from '../../support/network/throwaway-host.js';

const skip = skipReason();
const P = `tsctn${Math.random().toString(16).slice(2, 6)}`;
let host: ThrowawayHost;
let w: DriverWorker;
const nets: Record<string, NetworkRecord> = {};
const eps: Record<string, EndpointRecord[]> = {};
const servers: number[] = [];

async function container(name: string, endpoints: object[], extra: object = {}): Promise<EndpointRecord[]> {
  await w.call('createSandbox', `${P}-${name}`, P);
  eps[name] = await w.call<EndpointRecord[]>('attach', `${P}-${name}`, { project: P, service: name, container: `${P}-${name}-1`, endpoints, ...extra });
  return eps[name] as EndpointRecord[];
}

const ns = (name: string): string => host.netnsPath(`${P}-${name}`);
const files = (name: string) => containerFiles({ mode: 'bridge', hostname: name, endpoints: eps[name], host: { hosts: '', resolvConf: '' } });
const sh = (name: string, cmd: string, timeoutMs = 8000) => host.containerSh(ns(name), cmd, files(name), timeoutMs);
const get = async (name: string | 'host' | 'remote', url: string): Promise<string> => {
  const cmd = `timeout 3 busybox wget -q -O - ${url}`;
  const r = name === 'host' ? await host.hostSh(cmd) : name === 'remote' ? await host.remoteSh(cmd) : await sh(name, cmd);
  return r.code === 0 ? r.stdout.trim() : `failed (${r.code})`;
};

describe.skipIf(skip !== undefined)(`bridges, ports and isolation${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    host = new ThrowawayHost();
    await host.setUp();
    w = host.worker();
    nets.front = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_front`, project: P, composeName: 'front' });
    nets.back = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_back`, project: P, composeName: 'back', internal: true, ipam: { config: [{ subnet: '10.77.0.0/24', gateway: '10.77.0.254' }] } });
    nets.other = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_other`, project: P, composeName: 'other' });
    await container('web', [{ network: `${P}_front`, dnsNames: ['web'] }], { ports: [{ containerPort: 80, hostPort: 18080 }, { containerPort: 80, hostPort: 18081, hostIp: '127.0.0.1' }, { containerPort: 9999, protocol: 'udp', hostPort: 19999 }] });
    await container('app', [{ network: `${P}_back`, dnsNames: ['app'], priority: 1 }, { network: `${P}_front`, dnsNames: ['app'], priority: 5 }]);
    await container('db', [{ network: `${P}_back`, dnsNames: ['db'], ipv4Address: '10.77.0.50' }]);
    await container('intruder', [{ network: `${P}_other`, dnsNames: ['intruder'] }]);
    await w.call('startDns', P);
    servers.push(await host.background(ns('web'), `mkdir -p ${host.root}/www && echo hello-from-web > ${host.root}/www/index.html && exec busybox httpd -f -p 80 -h ${host.root}/www`));
    servers.push(await host.background(host.remoteNs, `mkdir -p ${host.root}/remote && echo hello-from-remote > ${host.root}/remote/index.html && exec busybox httpd -f -p 80 -h ${host.root}/remote`));
    await eventually(async () => expect(await get('host', `http://${eps.web?.[0]?.ipv4}/`)).toBe('hello-from-web'));
  });

  afterAll(async () => {
    if (skip !== undefined) return;
    try {
      await w?.call('stopDns').catch(() => undefined);
      await w?.call('cleanupProject', P, { removeNetworks: true }).catch(() => undefined);
      await w?.close();
      for (const pid of servers) process.kill(pid, 'SIGKILL');
    } finally {
      await host?.tearDown();
    }
  });

  it('gives each network a tsc bridge with its gateway and each container an eth0 in it', async () => {
    expect(nets.front?.bridge).toMatch(/^tscb[0-9a-f]{11}$/);
    const links = (await host.hostSh('ip -o link show')).stdout;
    expect(links).toContain(nets.front?.bridge);
    expect((await host.hostSh(`ip -4 -o addr show dev ${nets.back?.bridge}`)).stdout).toContain('10.77.0.254/24');
    const inside = (await sh('web', 'ip -o addr show dev eth0; ip route')).stdout;
    expect(inside).toContain(`inet ${eps.web?.[0]?.ipv4}/${eps.web?.[0]?.ipv4Prefix}`);
    expect(inside).toContain(`default via ${nets.front?.subnets[0]?.gateway} dev eth0`);
    expect((await sh('web', 'ip -o link show lo')).stdout).toMatch(/state UNKNOWN|LOOPBACK,UP/);
    // The host end is a port of the bridge in hairpin mode (set by name in the send that makes the pair).
    const port = (await host.hostSh(`ip -d -o link show dev ${eps.web?.[0]?.hostIfname}`)).stdout;
    expect(port).toContain(`master ${nets.front?.bridge}`);
    expect(port).toContain('hairpin on');
  });

  it('lets two services talk by name over ICMP and TCP', async () => {
    expect((await sh('app', 'busybox ping -c1 -W2 web')).code).toBe(0);
    expect((await sh('app', 'timeout 3 busybox wget -q -O - http://web/')).stdout.trim()).toBe('hello-from-web');
    expect((await sh('app', 'busybox ping -c1 -W2 db')).code).toBe(0);
  });

  it('lets two services talk by name over UDP', async () => {
    const pid = await host.background(ns('db'), `exec ${process.execPath} -e "const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send('echo:'+m,r.port,r.address));s.bind(9000)"`);
    try {
      const send = `${process.execPath} -e "const s=require('dgram').createSocket('udp4');s.on('message',m=>{console.log(String(m));process.exit(0)});setInterval(()=>s.send('ping',9000,'db'),200);setTimeout(()=>process.exit(1),4000)"`;
      const r = await eventually(async () => {
        const x = await sh('app', send);
        if (x.code !== 0) throw new Error(x.stderr);
        return x;
      });
      expect(r.stdout.trim()).toBe('echo:ping');
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('keeps a container on another network out', async () => {
    expect((await sh('intruder', `busybox ping -c1 -W1 ${eps.web?.[0]?.ipv4}`)).code).not.toBe(0);
    expect(await get('intruder', `http://${eps.web?.[0]?.ipv4}/`)).toMatch(/^failed/);
    // Nor does its DNS know the other network's names (the query is forwarded, and the upstream says no).
    expect((await sh('intruder', 'busybox ping -c1 -W1 web')).stderr).toMatch(/bad address|unknown host/);
  });

  it('answers a published port on 127.0.0.1, the gateway and the uplink, from the host, another machine and containers', async () => {
    const gw = nets.front?.subnets[0]?.gateway;
    expect(await get('host', 'http://127.0.0.1:18080/')).toBe('hello-from-web');
    expect(await get('host', 'http://127.0.0.1:18081/')).toBe('hello-from-web');
    expect(await get('host', `http://${gw}:18080/`)).toBe('hello-from-web');
    expect(await get('host', `http://${HOST_UPLINK}:18080/`)).toBe('hello-from-web');
    expect(await get('remote', `http://${HOST_UPLINK}:18080/`)).toBe('hello-from-web');
    // 127.0.0.1 only: not from another machine.
    expect(await get('remote', `http://${HOST_UPLINK}:18081/`)).toMatch(/^failed/);
    expect(await get('app', `http://${gw}:18080/`)).toBe('hello-from-web');
    expect(await get('web', `http://${gw}:18080/`)).toBe('hello-from-web');
    expect(await get('intruder', `http://${HOST_UPLINK}:18080/`)).toBe('hello-from-web');
  });

  it('publishes UDP', async () => {
    const pid = await host.background(ns('web'), `exec ${process.execPath} -e "const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send('udp:'+m,r.port,r.address));s.bind(9999)"`);
    try {
      const send = `${process.execPath} -e "const s=require('dgram').createSocket('udp4');s.on('message',m=>{console.log(String(m));process.exit(0)});setInterval(()=>s.send('x',19999,'${HOST_UPLINK}'),200);setTimeout(()=>process.exit(1),4000)"`;
      const r = await eventually(async () => {
        const x = await host.remoteSh(send);
        if (x.code !== 0) throw new Error(x.stderr);
        return x;
      });
      expect(r.stdout.trim()).toBe('udp:x');
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('NATs containers out to another machine, and never routes an internal network out', async () => {
    expect(await get('web', `http://${REMOTE}/`)).toBe('hello-from-remote');
    const dbRoutes = (await sh('db', 'ip route')).stdout;
    expect(dbRoutes).not.toContain('default');
    expect((await sh('db', `busybox ping -c1 -W1 ${REMOTE}`)).code).not.toBe(0);
    expect((await sh('db', `busybox ping -c1 -W1 ${HOST_UPLINK}`)).code).not.toBe(0);
  });

  it('orders interfaces by priority and keeps the default route on a network that has one', async () => {
    const [first, second] = eps.app as EndpointRecord[];
    expect([first?.network, first?.ifname, second?.network, second?.ifname]).toEqual([`${P}_front`, 'eth0', `${P}_back`, 'eth1']);
    expect(first?.isGateway).toBe(true);
    expect((await sh('app', 'ip route')).stdout).toContain(`default via ${nets.front?.subnets[0]?.gateway} dev eth0`);
  });

  it('gives a static address and derives the MAC from it as docker does', async () => {
    expect(eps.db?.[0]?.ipv4).toBe('10.77.0.50');
    expect((await sh('db', 'ip -o link show eth0')).stdout).toContain('link/ether 02:42:0a:4d:00:32');
  });
});
