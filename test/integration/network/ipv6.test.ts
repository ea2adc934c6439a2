/**
 * enable_ipv6 networks with their ip6tables rules: NAT out to another
 * machine, a published port reached over IPv6, isolation between networks,
 * and ip6tables as it was after down. Traffic only between the throwaway
 * host, its "remote machine" (2001:db8:77::/64) and the test's containers.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointRecord } from '../../../src/network/types.js';
import { eventually } from '../../support/eventually.js';
import { HOST_UPLINK6, REMOTE6, skipReason, ThrowawayHost, type DriverWorker, type Snapshot } from '../../support/network/throwaway-host.js';

const skip = skipReason() ?? (['/usr/sbin/ip6tables-restore', '/sbin/ip6tables-restore'].some((p) => existsSync(p)) ? undefined : 'needs ip6tables-restore');
const P = `tsctn${Math.random().toString(16).slice(2, 6)}`;
let host: ThrowawayHost;
let w: DriverWorker;
let pristine: Snapshot;
const servers: number[] = [];
const www = mkdtempSync(join(tmpdir(), 'tsctn-www6-'));
let acceptRa: string;

async function container(name: string, network: string, extra: object = {}): Promise<EndpointRecord> {
  await w.call('createSandbox', `${P}-${name}`, P);
  const [ep] = await w.call<EndpointRecord[]>('attach', `${P}-${name}`, { project: P, container: `${P}-${name}-1`, endpoints: [{ network }], ...extra });
  return ep as EndpointRecord;
}
const sh = (name: string, cmd: string) => host.containerSh(host.netnsPath(`${P}-${name}`), cmd);

describe.skipIf(skip !== undefined)(`IPv6 networks and ip6tables${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let web: EndpointRecord;
  let other: EndpointRecord;
  beforeAll(async () => {
    host = new ThrowawayHost();
    await host.setUp();
    w = host.worker();
    pristine = await host.snapshot();
    acceptRa = (await host.hostSh('cat /proc/sys/net/ipv6/conf/uplink/accept_ra')).stdout.trim();
    await w.call('ensureNetwork', { name: `${P}_six`, project: P, composeName: 'six', enableIpv6: true, ipam: { config: [{ subnet: 'fd00:71::/64' }] } });
    await w.call('ensureNetwork', { name: `${P}_apart`, project: P, composeName: 'apart', enableIpv6: true, ipam: { config: [{ subnet: 'fd00:72::/64' }] } });
    web = await container('web', `${P}_six`, { ports: [{ containerPort: 80, hostPort: 18090 }] });
    await container('client', `${P}_six`);
    other = await container('other', `${P}_apart`);
    servers.push(await host.background(host.netnsPath(`${P}-web`), `echo hello-over-six > ${www}/index.html && exec busybox httpd -f -p 80 -h ${www}`));
    await eventually(async () => expect((await sh('client', `timeout 3 busybox wget -q -O - http://[${web.ipv6}]/`)).stdout).toContain('hello-over-six'));
  });

  afterAll(async () => {
    if (skip !== undefined) return;
    try {
      for (const pid of servers) process.kill(pid, 'SIGKILL');
      await w?.call('cleanupProject', P, { removeNetworks: true }).catch(() => undefined);
      await w?.close();
    } finally {
      await host?.tearDown();
      rmSync(www, { recursive: true, force: true });
    }
  });

  it('writes the network and port rules to ip6tables', async () => {
    const save = (await host.hostSh('ip6tables-save')).stdout;
    expect(save).toContain(`-A TSC-P-${web.networkId} -s fd00:71::/64 ! -o tscb${web.networkId} -j MASQUERADE`);
    expect(save).toContain(`--dport 18090 -j DNAT --to-destination [${web.ipv6}]:80`);
    expect(save).not.toContain('127.0.0.0/8');
  });

  it('turns IPv6 forwarding on, and keeps the uplink accepting router advertisements', async () => {
    expect((await host.hostSh('cat /proc/sys/net/ipv6/conf/all/forwarding')).stdout.trim()).toBe('1');
    expect((await host.hostSh('cat /proc/sys/net/ipv6/conf/uplink/accept_ra')).stdout.trim()).toBe(acceptRa === '1' ? '2' : acceptRa);
  });

  it('NATs a container out to another machine over IPv6', async () => {
    const r = await sh('client', `busybox ping6 -c1 -W2 ${REMOTE6}`);
    expect(r.stdout).toContain('1 packets received');
  });

  it('answers a published port on the host’s IPv6 address, from another machine', async () => {
    const r = await host.remoteSh(`timeout 3 busybox wget -q -O - http://[${HOST_UPLINK6}]:18090/`);
    expect(r.stdout.trim()).toBe('hello-over-six');
  });

  it('keeps a container on another IPv6 network out', async () => {
    expect(other.ipv6).toMatch(/^fd00:72::/);
    const r = await sh('other', `timeout 3 busybox wget -q -O - http://[${web.ipv6}]/`);
    expect(r.code).not.toBe(0);
  });

  it('leaves ip6tables and iptables as they were after down', async () => {
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect(await host.snapshot()).toEqual(pristine);
  });
});
