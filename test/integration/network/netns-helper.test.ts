/**
 * The resident netns helper (the driver's fallback when the addon was not
 * built) speaking the same requests as the addon: a veth made in the
 * helper's own namespace with its peer born in a sandbox, hairpin set by
 * name in the same send, and batches whose first failure is reported. The
 * helper is started inside a throwaway namespace, so "its own namespace" is
 * never the real host's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentProcess } from '../../../src/host/resident.js';
import { NetworkHostError } from '../../../src/network/errors.js';
import { netnsAgent, type NetnsAgent } from '../../../src/network/netns-agent.js';
import * as enc from '../../../src/network/rtnl/encode.js';
import { HELPER, skipReason } from '../../support/network/throwaway-host.js';

const reason = skipReason();
const rand = Math.random().toString(16).slice(2, 8);
const hostNs = `tsctn-helper-${rand}`;
const bridge = `tsctnb${rand}`;
const ipIn = (args: string[]): string => execFileSync('ip', ['-n', hostNs, ...args], { encoding: 'utf8' });

describe.skipIf(reason !== undefined)(`the netns helper's host-side batches${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let dir = '';
  let sandbox = '';
  let agent: NetnsAgent;
  let master = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsctn-helper-'));
    sandbox = join(dir, 'sb');
    execFileSync('ip', ['netns', 'add', hostNs]);
    ipIn(['link', 'add', bridge, 'type', 'bridge']);
    master = Number(/^(\d+):/.exec(ipIn(['-o', 'link', 'show', 'dev', bridge]))?.[1]);
    agent = netnsAgent(residentProcess('nsenter', [`--net=/run/netns/${hostNs}`, HELPER]));
    await agent.create(sandbox, [enc.message(enc.RTM.SETLINK, 0, enc.linkUp(1))]);
  });

  afterAll(async () => {
    await agent?.remove(sandbox).catch(() => undefined);
    agent?.close();
    execFileSync('ip', ['netns', 'del', hostNs], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  const veth = (name: string): Buffer =>
    enc.message(enc.RTM.NEWLINK, enc.NLM_F.CREATE | enc.NLM_F.EXCL | enc.NLM_F.ECHO, enc.newVeth({ hostName: name, master, mtu: 1400, peerName: 'eth0', peerMac: '02:42:0a:01:00:02', peerNetnsFd: -1 }));

  it('makes the pair with its peer in the sandbox and hairpin on, in one send, and reports both indexes', async () => {
    const m = veth(`tsctnv${rand}`);
    const echoed = await agent.link(sandbox, enc.vethNetnsFdOffset(m), [m, enc.message(enc.RTM.NEWLINK, 0, enc.hairpinByName(`tsctnv${rand}`))]);
    const host = ipIn(['-d', '-o', 'link', 'show', 'dev', `tsctnv${rand}`]);
    expect(host).toMatch(new RegExp(`^${echoed?.index}: tsctnv${rand}@if${echoed?.link}:`));
    expect(host).toContain(`master ${bridge}`);
    expect(host).toContain('hairpin on');
    expect(host).toContain('mtu 1400');

    const p = echoed?.link as number;
    await agent.run(sandbox, [
      enc.message(enc.RTM.SETLINK, 0, enc.linkUp(p)),
      enc.message(enc.RTM.NEWADDR, enc.NLM_F.CREATE | enc.NLM_F.EXCL, enc.newAddress(p, '10.1.0.2', 24)),
      enc.message(enc.RTM.NEWROUTE, enc.NLM_F.CREATE | enc.NLM_F.EXCL, enc.defaultRoute(p, '10.1.0.1')),
    ]);
    const inside = execFileSync('nsenter', [`--net=${sandbox}`, 'sh', '-c', 'ip -o addr show dev eth0; ip route; ip -o link show dev eth0'], { encoding: 'utf8' });
    expect(inside).toContain('inet 10.1.0.2/24 brd 10.1.0.255');
    expect(inside).toContain('default via 10.1.0.1 dev eth0');
    expect(inside).toContain('link/ether 02:42:0a:01:00:02');
  });

  it('reports the first failure of a batch with its errno and position', async () => {
    const m = veth(`tsctnv${rand}`);
    const again = await agent.link(sandbox, enc.vethNetnsFdOffset(m), [m], `create veth tsctnv${rand}`).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NetworkHostError);
    expect((again as NetworkHostError).errno).toBe(17);
    expect((again as Error).message).toBe(`create veth tsctnv${rand}: netlink message 0: File exists`);

    const add = enc.NLM_F.CREATE | enc.NLM_F.EXCL;
    const bad = await agent
      .run(sandbox, [enc.message(enc.RTM.NEWADDR, add, enc.newAddress(1, '10.8.0.9', 24)), enc.message(enc.RTM.NEWADDR, add, enc.newAddress(999, '10.9.0.2', 24)), enc.message(enc.RTM.NEWADDR, add, enc.newAddress(1, '10.8.1.9', 24))])
      .catch((e: unknown) => e);
    expect((bad as NetworkHostError).errno).toBe(19);
    expect((bad as Error).message).toContain('netlink message 1: No such device');
    // One send: the kernel ran the message after the failure too.
    expect(execFileSync('nsenter', [`--net=${sandbox}`, 'ip', '-o', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' })).toContain('10.8.1.9/24');
  });

  it('refuses an fd offset outside the first message, and a namespace path that is not there', async () => {
    const m = veth('tsctnvx');
    await expect(agent.link(sandbox, m.length - 2, [m])).rejects.toThrow('outside the first message');
    await expect(agent.link(join(dir, 'nope'), enc.vethNetnsFdOffset(m), [m])).rejects.toThrow(/open .*nope: No such file/);
    expect(ipIn(['-o', 'link'])).not.toContain('tsctnvx');
  });
});
