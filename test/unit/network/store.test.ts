import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withLock } from '../../../src/network/lock.js';
import { NetworkStore } from '../../../src/network/store.js';
import type { EndpointRecord } from '../../../src/network/types.js';

let dir: string;
let store: NetworkStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsctn-store-'));
  store = new NetworkStore({ run: join(dir, 'run'), lib: join(dir, 'lib') });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ep = (id: string, netId: string): EndpointRecord => ({
  version: 1, id, sandbox: 's', network: 'n', networkId: netId, project: 'p', container: 'p-a-1', ifname: 'eth0', order: 0, hostIfname: `tscv${id}`, mac: '02:42:00:00:00:02', isGateway: true, dnsNames: [], ports: [], state: 'ready',
});

describe('the network store', () => {
  it('claims an address once, and releases it only for its owner', async () => {
    await store.writeNetwork({ id: 'abc' } as never);
    expect(await store.claimIp('abc', '10.0.0.2', 's1\tp')).toBe(true);
    expect(await store.claimIp('abc', '10.0.0.2', 's2\tq')).toBe(false);
    await store.releaseIp('abc', '10.0.0.2', 's2');
    expect([...(await store.listIps('abc')).entries()]).toEqual([['10.0.0.2', 's1\tp']]);
    await store.releaseIp('abc', '10.0.0.2', 's1');
    expect((await store.listIps('abc')).size).toBe(0);
  });

  it('claims concurrently without two winners', async () => {
    await store.writeNetwork({ id: 'abc' } as never);
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claimIp('abc', '10.0.0.9', `s${i}\tp`)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('writes records atomically and lists them', async () => {
    await store.writeNetwork({ id: 'abc', name: 'p_default' } as never);
    await store.writeEndpoint(ep('e1', 'abc'));
    await store.writeEndpoint(ep('e2', 'abc'));
    expect((await store.listEndpoints('abc')).map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(readdirSync(join(dir, 'lib/networks/abc/endpoints'))).toEqual(['e1.json', 'e2.json']);
    expect((await store.listNetworks()).map((n) => n.name)).toEqual(['p_default']);
    await store.removeNetwork('abc');
    expect(await store.listNetworks()).toEqual([]);
  });

  it('keeps a half-made endpoint in its own file until it is ready, never renaming over a record', async () => {
    await store.writeNetwork({ id: 'abc' } as never);
    await store.writeEndpoint({ ...ep('e1', 'abc'), state: 'creating' });
    expect(readdirSync(join(dir, 'lib/networks/abc/endpoints'))).toEqual(['e1.creating.json']);
    expect((await store.readEndpoint('abc', 'e1'))?.state).toBe('creating');
    expect((await store.listEndpoints('abc')).map((e) => `${e.id} ${e.state}`)).toEqual(['e1 creating']);
    await store.writeEndpoint(ep('e1', 'abc'));
    expect(readdirSync(join(dir, 'lib/networks/abc/endpoints'))).toEqual(['e1.json']);
    expect((await store.listEndpoints('abc')).map((e) => `${e.id} ${e.state}`)).toEqual(['e1 ready']);
    await store.removeEndpoint('abc', 'e1');
    expect(readdirSync(join(dir, 'lib/networks/abc/endpoints'))).toEqual([]);
  });

  it('prefers the ready record when a crash left both files', async () => {
    await store.writeNetwork({ id: 'abc' } as never);
    await store.writeEndpoint(ep('e1', 'abc'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'lib/networks/abc/endpoints/e1.creating.json'), JSON.stringify({ ...ep('e1', 'abc'), state: 'creating' }));
    expect((await store.listEndpoints('abc')).map((e) => e.state)).toEqual(['ready']);
  });

  it('keeps what an attach set beside the sandbox record, and lists each sandbox once', async () => {
    const sb = { version: 1 as const, id: 'c1', project: 'p', netnsPath: '/x', links: {}, dnsServers: [], endpoints: [], created: '' };
    await store.writeSandbox({ ...sb, state: 'creating' });
    expect((await store.readSandbox('c1'))?.state).toBe('creating');
    await store.writeSandbox({ ...sb, state: 'ready' });
    await store.writeAttachment('c1', { links: { db: 'p-db-1' }, dnsServers: ['10.0.0.53'], endpoints: [{ networkId: 'abc', id: 'e1' }] });
    expect(readdirSync(join(dir, 'run/netns')).sort()).toEqual(['c1.attach.json', 'c1.json']);
    const r = await store.readSandbox('c1');
    expect(r).toMatchObject({ state: 'ready', links: { db: 'p-db-1' }, dnsServers: ['10.0.0.53'], endpoints: [{ networkId: 'abc', id: 'e1' }] });
    expect((await store.listSandboxes()).map((s) => s.id)).toEqual(['c1']);
    await store.removeSandbox('c1');
    expect(readdirSync(join(dir, 'run/netns'))).toEqual([]);
  });

  it('rewrites the last address in place (one inode), and reads what earlier versions wrote: a symbolic link or a plain file', async () => {
    await store.writeNetwork({ id: 'abc' } as never);
    const { lstatSync, readFileSync, symlinkSync, writeFileSync } = await import('node:fs');
    const last4 = join(dir, 'lib/networks/abc/last-4');
    await store.writeLast('abc', 4, '10.0.0.100');
    const ino = lstatSync(last4).ino;
    await store.writeLast('abc', 4, '10.0.0.8');
    expect(await store.readLast('abc', 4)).toBe('10.0.0.8');
    expect(lstatSync(last4).ino).toBe(ino);
    expect(readFileSync(last4, 'utf8')).toHaveLength(40);
    symlinkSync('fd00::9', join(dir, 'lib/networks/abc/last-6'));
    expect(await store.readLast('abc', 6)).toBe('fd00::9');
    await store.writeLast('abc', 6, 'fd00::a');
    expect(lstatSync(join(dir, 'lib/networks/abc/last-6')).isSymbolicLink()).toBe(false);
    expect(await store.readLast('abc', 6)).toBe('fd00::a');
    writeFileSync(last4, '10.0.0.9\n');
    expect(await store.readLast('abc', 4)).toBe('10.0.0.9');
    expect(await store.readLast('nope', 4)).toBeUndefined();
  });

  it('makes a record ready by renaming its creating file when nothing else changed, and keeps the state out of the JSON', async () => {
    await store.writeNetwork({ id: 'abc' } as never);
    const { readFileSync, statSync } = await import('node:fs');
    const epDir = join(dir, 'lib/networks/abc/endpoints');
    await store.writeEndpoint({ ...ep('e1', 'abc'), state: 'creating' });
    const ino = statSync(join(epDir, 'e1.creating.json')).ino;
    await store.writeEndpoint(ep('e1', 'abc'));
    expect(readdirSync(epDir)).toEqual(['e1.json']);
    expect(statSync(join(epDir, 'e1.json')).ino).toBe(ino);
    expect(JSON.parse(readFileSync(join(epDir, 'e1.json'), 'utf8'))).not.toHaveProperty('state');
    expect(await store.readEndpoint('abc', 'e1')).toEqual(ep('e1', 'abc'));
    // Anything else changed: the ready record is written whole.
    await store.writeEndpoint({ ...ep('e2', 'abc'), state: 'creating' });
    await store.writeEndpoint({ ...ep('e2', 'abc'), ports: [{ protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80 }] });
    expect(readdirSync(epDir).sort()).toEqual(['e1.json', 'e2.json']);
    expect((await store.readEndpoint('abc', 'e2'))?.ports).toHaveLength(1);
    // Another process's creating record: read back before it is renamed.
    await store.writeEndpoint({ ...ep('e3', 'abc'), state: 'creating' });
    const other = new NetworkStore({ run: join(dir, 'run'), lib: join(dir, 'lib') });
    const ino3 = statSync(join(epDir, 'e3.creating.json')).ino;
    await other.writeEndpoint(ep('e3', 'abc'));
    expect(statSync(join(epDir, 'e3.json')).ino).toBe(ino3);
    // Gone meanwhile (another CLI's recovery): written whole.
    await store.writeEndpoint({ ...ep('e4', 'abc'), state: 'creating' });
    rmSync(join(epDir, 'e4.creating.json'));
    await store.writeEndpoint(ep('e4', 'abc'));
    expect(readdirSync(epDir).sort()).toEqual(['e1.json', 'e2.json', 'e3.json', 'e4.json']);

    const sb = { version: 1 as const, id: 'c1', project: 'p', netnsPath: '/x', links: {}, dnsServers: [], endpoints: [], created: '' };
    await store.writeSandbox({ ...sb, state: 'creating' });
    const sbIno = statSync(join(dir, 'run/netns/c1.creating.json')).ino;
    await store.writeSandbox({ ...sb, state: 'ready' });
    expect(statSync(join(dir, 'run/netns/c1.json')).ino).toBe(sbIno);
    expect((await store.readSandbox('c1'))?.state).toBe('ready');
  });

  it('removes the temp files of dead writers only', async () => {
    await store.writeNetwork({ id: 'abc' } as never);
    const { existsSync, writeFileSync } = await import('node:fs');
    const dead = join(dir, 'lib/networks/abc/endpoints/e1.json.tmp-999999999');
    const mine = join(dir, 'lib/networks/abc/endpoints/e2.json.tmp-' + process.pid);
    writeFileSync(dead, '{');
    writeFileSync(mine, '{');
    expect(await store.removeDeadTemps()).toBe(1);
    expect([existsSync(dead), existsSync(mine)]).toEqual([false, true]);
  });

  it('keeps port claims by protocol, port and host address', async () => {
    const b = { protocol: 'tcp' as const, hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80 };
    expect(await store.claimPort(b, 'e1\tp\tp-web-1')).toBe(true);
    expect(await store.claimPort(b, 'e2\tq\tq-web-1')).toBe(false);
    expect([...(await store.listPorts()).keys()]).toEqual(['tcp-8080-0.0.0.0']);
    await store.releasePort(b, 'e1');
    expect((await store.listPorts()).size).toBe(0);
  });
});

describe('the lock', () => {
  it('serialises critical sections and takes over a stale lock', async () => {
    const path = join(dir, 'x.lock');
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((n) =>
        withLock(path, async () => {
          order.push(`${n}+`);
          await new Promise((r) => setTimeout(r, 5));
          order.push(`${n}-`);
        }),
      ),
    );
    expect(order.join(' ')).toMatch(/^(\w)\+ \1- (\w)\+ \2- (\w)\+ \3-$/);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, '999999999');
    expect(await withLock(path, async () => 'taken over', 1000)).toBe('taken over');
  });
});
