/**
 * What `up` and `down` rely on: checks before anything is created, nothing
 * left after removal (twice, or after a crash), networks shared between
 * projects, and the per-network and per-endpoint options.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EndpointRecord, NetworkRecord } from '../../../src/network/types.js';
import { eventually } from '../../support/eventually.js';
import { skipReason, ThrowawayHost, type DriverWorker, type Snapshot } from '../../support/network/throwaway-host.js';

const skip = skipReason();
const rand = (): string => Math.random().toString(16).slice(2, 6);
let host: ThrowawayHost;
let w: DriverWorker;
let pristine: Snapshot;

describe.skipIf(skip !== undefined)(`network lifecycle${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    host = new ThrowawayHost();
    await host.setUp();
    w = host.worker();
    pristine = await host.snapshot();
  });

  afterAll(async () => {
    if (skip !== undefined) return;
    try {
      await w?.close();
    } finally {
      await host?.tearDown();
    }
  });

  let P: string;
  beforeEach(() => {
    P = `tsctn${rand()}`;
  });
  // A failed test must not leave its project to the next one (the shared-network test uses P and P+q).
  afterEach(async () => {
    for (const p of [`${P}q`, P]) await w.call('cleanupProject', p, { removeNetworks: true }).catch(() => undefined);
  });

  async function up(n = 2, ports = true): Promise<EndpointRecord[][]> {
    await w.call('ensureNetwork', { name: `${P}_default`, project: P, composeName: 'default' });
    await w.call('ensureNetwork', { name: `${P}_inner`, project: P, composeName: 'inner', internal: true });
    const out: EndpointRecord[][] = [];
    for (let i = 0; i < n; i++) {
      await w.call('createSandbox', `${P}-c${i}`, P);
      out.push(
        await w.call<EndpointRecord[]>('attach', `${P}-c${i}`, {
          project: P,
          service: `s${i}`,
          container: `${P}-s${i}-1`,
          endpoints: [{ network: `${P}_default` }, { network: `${P}_inner` }],
          ports: ports ? [{ containerPort: 80, hostPort: 20080 + i }, { containerPort: 81 }] : [],
        }),
      );
    }
    return out;
  }

  it('leaves the host as it was after down, and a second down is fine', async () => {
    await up();
    const during = await host.snapshot();
    expect(during.links.filter((l) => l.startsWith('tsc'))).toHaveLength(2 + 4);
    expect(during.iptables.some((l) => l.startsWith('nat: :TSC-D-'))).toBe(true);
    expect(during.mounts).toHaveLength(2);
    const report = await w.call<{ networks: string[]; sandboxes: string[] }>('cleanupProject', P, { removeNetworks: true });
    expect(report.networks.sort()).toEqual([`${P}_default`, `${P}_inner`]);
    expect(report.sandboxes).toHaveLength(2);
    expect(await host.snapshot()).toEqual(pristine);
    expect(await w.call('cleanupProject', P, { removeNetworks: true })).toEqual({ sandboxes: [], endpoints: [], networks: [], claims: [] });
    expect(await host.snapshot()).toEqual(pristine);
  });

  it('removes the pieces one by one the same way (removeSandbox, removeNetwork)', async () => {
    await up(1);
    await w.call('removeSandbox', `${P}-c0`);
    await w.call('removeSandbox', `${P}-c0`);
    await w.call('removeNetwork', `${P}_default`);
    await w.call('removeNetwork', `${P}_inner`);
    await w.call('removeNetwork', `${P}_inner`);
    expect(await host.snapshot()).toEqual(pristine);
  });

  it('removes a sandbox whose namespace another process still holds (its veth deleted after the wait)', async () => {
    await up(1, false);
    const sb = await w.call<{ netnsPath: string }>('getSandbox', `${P}-c0`);
    const holder = await host.background(sb.netnsPath, 'exec busybox sleep 60');
    try {
      // The holder is in the namespace before the mount goes (its /proc link names the same namespace).
      await eventually(async () => expect((await host.hostSh(`readlink /proc/${holder}/ns/net`)).stdout).not.toBe((await host.hostSh('readlink /proc/self/ns/net')).stdout));
      const started = Date.now();
      await w.call('removeSandbox', `${P}-c0`);
      // The kernel could not destroy the namespace, so its veths were deleted one by one after the wait.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
      expect((await host.snapshot()).links.filter((l) => l.startsWith('tsc'))).toHaveLength(2);
    } finally {
      process.kill(holder, 'SIGKILL');
    }
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect(await host.snapshot()).toEqual(pristine);
  });

  it('rejects ports in use on the host or by another project before anything is created', async () => {
    await up(1);
    const before = await host.snapshot();
    const listener = await host.background(host.ns, 'exec busybox nc -l -p 20090');
    try {
      await eventually(async () => expect((await host.hostSh('busybox netstat -ltn')).stdout).toContain(':20090'));
      const err = await w.call('checkPorts', [{ service: 'web', container: 'q-web-1', ports: [{ containerPort: 80, hostPort: 20090 }, { containerPort: 80, hostPort: 20080 }] }]).catch((e: Error & { code?: string }) => e);
      expect((err as { code?: string }).code).toBe('E_PORT_IN_USE');
      expect((err as Error).message).toContain('service web: Bind for 0.0.0.0:20090/tcp failed: port is already allocated (by busybox (pid');
      expect((err as Error).message).toContain(`service web: Bind for 0.0.0.0:20080/tcp failed: port is already allocated (by container ${P}-s0-1 of project ${P})`);
      // The same through attach: the sandbox and networks exist, but no endpoint, link or rule appears.
      await w.call('createSandbox', `${P}-late`, P);
      const mid = await host.snapshot();
      const e2 = await w.call('attach', `${P}-late`, { project: P, service: 'late', container: `${P}-late-1`, endpoints: [{ network: `${P}_default` }], ports: [{ containerPort: 80, hostPort: 20090 }] }).catch((e: Error) => e);
      expect((e2 as { code?: string }).code).toBe('E_PORT_IN_USE');
      expect(await host.snapshot()).toEqual(mid);
      await w.call('removeSandbox', `${P}-late`);
      expect(await host.snapshot()).toEqual(before);
      // A container being replaced does not count against itself.
      await w.call('checkPorts', [{ service: 's0', container: `${P}-s0-1`, ports: [{ containerPort: 80, hostPort: 20080 }] }], [`${P}-s0-1`]);
    } finally {
      process.kill(listener, 'SIGKILL');
    }
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect(await host.snapshot()).toEqual(pristine);
  });

  it('rolls back an attach that fails midway', async () => {
    await up(1, false);
    const before = await host.snapshot();
    await w.call('createSandbox', `${P}-bad`, P);
    const mid = await host.snapshot();
    const e = await w.call('attach', `${P}-bad`, { project: P, container: `${P}-bad-1`, endpoints: [{ network: `${P}_default` }, { network: `${P}_inner`, ipv4Address: '1.2.3.4' }] }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/address 1\.2\.3\.4 is not in subnet/);
    expect(await host.snapshot()).toEqual(mid);
    await w.call('removeSandbox', `${P}-bad`);
    expect(await host.snapshot()).toEqual(before);
    await w.call('cleanupProject', P, { removeNetworks: true });
  });

  it('attaches thirty containers at once, each with its own address', async () => {
    await w.call('ensureNetwork', { name: `${P}_default`, project: P, composeName: 'default' });
    const addresses = await w.call<string[]>('attachParallel', P, `${P}_default`, 30, `${P}-p`);
    expect(addresses.every((a) => typeof a === 'string' && a !== '')).toBe(true);
    expect(new Set(addresses).size).toBe(30);
  });

  it('finds and removes what a killed CLI left, from its records', async () => {
    await w.call('ensureNetwork', { name: `${P}_default`, project: P, composeName: 'default' });
    const doomed = host.worker();
    const work = doomed.call('attachMany', P, `${P}_default`, 30, `${P}-x`).catch(() => undefined);
    await eventually(async () => expect((await host.snapshot()).links.filter((l) => l.startsWith('tscv')).length).toBeGreaterThanOrEqual(3), 20_000);
    await doomed.kill();
    await work;
    const left = await host.snapshot();
    expect(left.mounts.length).toBeGreaterThan(0);
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect(await host.snapshot()).toEqual(pristine);
  });

  it('shares a network with another project that declares it external, and keeps it while that project uses it', async () => {
    const shared = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_shared`, project: P, composeName: 'shared' });
    const Q = `${P}q`;
    const ext = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_shared`, project: Q, composeName: 'outside', external: true });
    expect(ext.id).toBe(shared.id);
    const missing = await w.call('ensureNetwork', { name: `${P}_nope`, project: Q, composeName: 'nope', external: true }).catch((e: Error) => e);
    expect((missing as Error).message).toBe(`network ${P}_nope declared as external, but could not be found`);
    await w.call('createSandbox', `${Q}-c`, Q);
    await w.call('attach', `${Q}-c`, { project: Q, container: `${Q}-c-1`, endpoints: [{ network: `${P}_shared` }] });
    const busy = await w.call('removeNetwork', `${P}_shared`).catch((e: Error) => e);
    expect((busy as { code?: string }).code).toBe('E_NETWORK_IN_USE');
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect((await host.snapshot()).links).toContain(shared.bridge);
    await w.call('cleanupProject', Q, { removeNetworks: true });
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect(await host.snapshot()).toEqual(pristine);
  });

  it('creates a network again when its bridge and rules are gone (a reboot), and is idempotent otherwise', async () => {
    const a = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_default`, project: P, composeName: 'default' });
    const once = await host.snapshot();
    expect(await w.call('ensureNetwork', { name: `${P}_default`, project: P, composeName: 'default' })).toEqual(a);
    expect(await host.snapshot()).toEqual(once);
    await host.hostSh(`ip link del ${a.bridge}; iptables -F TSC-N-${a.id}`);
    await w.call('ensureNetwork', { name: `${P}_default`, project: P, composeName: 'default' });
    expect(await host.snapshot()).toEqual(once);
    await w.call('cleanupProject', P, { removeNetworks: true });
  });

  it('gives network_mode none a namespace with loopback only', async () => {
    const sb = await w.call<{ netnsPath: string }>('createSandbox', `${P}-none`, P);
    const r = await host.containerSh(sb.netnsPath, 'ip -o link; busybox ping -c1 -W1 127.0.0.1');
    expect(r.stdout.split('\n').filter((l) => /^\d+:/.test(l))).toHaveLength(1);
    expect(r.code).toBe(0);
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect(await host.snapshot()).toEqual(pristine);
  });

  it('honours driver_opts (bridge name, MTU, ICC off), interface_name, mac_address and gw_priority', async () => {
    const quiet = await w.call<NetworkRecord>('ensureNetwork', {
      name: `${P}_quiet`,
      project: P,
      composeName: 'quiet',
      driverOpts: { 'com.docker.network.bridge.name': `tsctn-${rand()}`, 'com.docker.network.driver.mtu': '1400', 'com.docker.network.bridge.enable_icc': 'false' },
    });
    await w.call('ensureNetwork', { name: `${P}_default`, project: P, composeName: 'default' });
    expect((await host.hostSh(`ip -o link show ${quiet.bridge}`)).stdout).toContain('mtu 1400');
    await w.call('createSandbox', `${P}-a`, P);
    await w.call('createSandbox', `${P}-b`, P);
    const [qa, da] = await w.call<EndpointRecord[]>('attach', `${P}-a`, {
      project: P,
      container: `${P}-a-1`,
      endpoints: [
        { network: `${P}_quiet`, ifname: 'q0', mac: '02:aa:bb:cc:dd:ee' },
        { network: `${P}_default`, gwPriority: 10 },
      ],
    });
    const [qb] = await w.call<EndpointRecord[]>('attach', `${P}-b`, { project: P, container: `${P}-b-1`, endpoints: [{ network: `${P}_quiet` }] });
    const inA = await host.containerSh(host.netnsPath(`${P}-a`), 'ip -o link; ip route');
    expect(inA.stdout).toMatch(/q0@if\d+: .*mtu 1400[^\n]*\n?.*link\/ether 02:aa:bb:cc:dd:ee/);
    expect(inA.stdout).toContain(`default via ${da?.gateway4} dev eth1`);
    expect(qa?.isGateway).toBe(false);
    expect((await host.containerSh(host.netnsPath(`${P}-a`), `busybox ping -c1 -W1 ${qb?.ipv4}`)).code).not.toBe(0);
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect(await host.snapshot()).toEqual(pristine);
  });

  it('addresses and routes IPv6 on an enable_ipv6 network', async () => {
    const n = await w.call<NetworkRecord>('ensureNetwork', { name: `${P}_six`, project: P, composeName: 'six', enableIpv6: true, ipam: { config: [{ subnet: 'fd00:77::/64' }] } });
    expect(n.subnets[0]?.subnet).toBe('fd00:77::/64');
    expect(n.subnets[1]?.subnet).toMatch(/^(172|192)\./);
    await w.call('createSandbox', `${P}-6a`, P);
    await w.call('createSandbox', `${P}-6b`, P);
    const [a] = await w.call<EndpointRecord[]>('attach', `${P}-6a`, { project: P, container: `${P}-6a-1`, endpoints: [{ network: `${P}_six` }] });
    const [b] = await w.call<EndpointRecord[]>('attach', `${P}-6b`, { project: P, container: `${P}-6b-1`, endpoints: [{ network: `${P}_six`, ipv6Address: 'fd00:77::99' }] });
    expect(a?.ipv6).toBe('fd00:77::2');
    expect(b?.ipv6).toBe('fd00:77::99');
    const r = await host.containerSh(host.netnsPath(`${P}-6a`), 'ip -6 route; busybox ping6 -c1 -W2 fd00:77::99; busybox ping6 -c1 -W2 fd00:77::1');
    expect(r.stdout).toContain('default via fd00:77::1 dev eth0');
    expect(r.code).toBe(0);
    await w.call('cleanupProject', P, { removeNetworks: true });
    expect(await host.snapshot()).toEqual(pristine);
  });
});
