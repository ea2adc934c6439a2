/**
 * No stale connection tracking: a UDP client that keeps sending to a
 * published port reaches the container that publishes it now, both when the
 * port was hit before any container published it and when the container
 * behind it was replaced by one with another address. Traffic only between
 * the throwaway host, its "remote machine" and the test's containers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointRecord } from '../../../src/network/types.js';
import { eventually } from '../../support/eventually.js';
import { HOST_UPLINK, skipReason, ThrowawayHost, type DriverWorker } from '../../support/network/throwaway-host.js';

const skip = skipReason();
const P = `tsctn${Math.random().toString(16).slice(2, 6)}`;
const PORT = 19997;
let host: ThrowawayHost;
let w: DriverWorker;
const pids: number[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'tsctn-ct-'));
const heard = join(scratch, 'heard');
const sent = join(scratch, 'sent');

/** A UDP echo server in the container answering `<name>:<message>`. */
async function echo(name: string): Promise<void> {
  const js = `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send('${name}:'+m,r.port,r.address));s.bind(9000)`;
  pids.push(await host.background(host.netnsPath(`${P}-${name}`), `exec ${process.execPath} -e "${js}"`));
}

async function publish(name: string): Promise<EndpointRecord> {
  await w.call('createSandbox', `${P}-${name}`, P);
  const [ep] = await w.call<EndpointRecord[]>('attach', `${P}-${name}`, { project: P, container: `${P}-${name}-1`, endpoints: [{ network: `${P}_default` }], ports: [{ containerPort: 9000, protocol: 'udp', hostPort: PORT }] });
  await echo(name);
  return ep as EndpointRecord;
}

const lastReply = (): string => readFileSync(heard, 'utf8').trim().split('\n').pop() ?? '';

describe.skipIf(skip !== undefined)(`conntrack flushes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    host = new ThrowawayHost();
    await host.setUp();
    w = host.worker();
    await w.call('ensureNetwork', { name: `${P}_default`, project: P, composeName: 'default' });
    // The remote machine sends from one source port every 100 ms, before anything publishes the port.
    const js = `const s=require('dgram').createSocket('udp4');const fs=require('fs');s.on('message',m=>fs.appendFileSync('${heard}',m+'\\\\n'));s.bind(40000,()=>setInterval(()=>s.send('x',${PORT},'${HOST_UPLINK}',()=>fs.appendFileSync('${sent}','.')),100))`;
    pids.push(await host.background(host.remoteNs, `: > ${heard}; : > ${sent}; exec ${process.execPath} -e "${js}"`));
  });

  afterAll(async () => {
    if (skip !== undefined) return;
    try {
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      await w?.call('cleanupProject', P, { removeNetworks: true }).catch(() => undefined);
      await w?.close();
    } finally {
      await host?.tearDown();
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('reaches a newly published UDP port although the client sent to it before', async () => {
    // The point of the test: packets reach the host before the port is published.
    await eventually(async () => expect(readFileSync(sent, 'utf8').length).toBeGreaterThanOrEqual(3), 8000);
    await publish('first');
    await eventually(async () => expect(lastReply()).toBe('first:x'), 8000);
  });

  it('follows the port to a new container with a new address', async () => {
    const old = (await w.call<EndpointRecord[]>('endpoints', { sandbox: `${P}-first` }))[0];
    await w.call('removeSandbox', `${P}-first`);
    const next = await publish('second');
    expect(next.ipv4).not.toBe(old?.ipv4);
    await eventually(async () => expect(lastReply()).toBe('second:x'), 8000);
  });
});
