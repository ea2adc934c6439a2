import { describe, expect, it } from 'vitest';
import type { LineChannel } from '../../../src/host/resident.js';
import { NetworkHostError } from '../../../src/network/errors.js';
import { netnsAgent } from '../../../src/network/netns-agent.js';

function channel(replies: string[]): LineChannel & { sent: string[] } {
  const sent: string[] = [];
  return { sent, request: async (l) => (sent.push(l), replies.shift() ?? 'ok'), close: () => undefined };
}

describe('the netns helper protocol', () => {
  it('sends one tab-separated line per request with the netlink messages in hex', async () => {
    const ch = channel([]);
    const a = netnsAgent(ch);
    await a.create('/run/tscompose/netns/c1', [Buffer.from([1, 2])]);
    await a.run('/run/tscompose/netns/c1', [Buffer.from([0xab]), Buffer.from([0xcd])]);
    await a.remove('/run/tscompose/netns/c1');
    await a.sysctl('/run/tscompose/netns/c1', 'net/ipv6/conf/eth0/disable_ipv6', '1');
    expect(ch.sent).toEqual([
      'create\t/run/tscompose/netns/c1\t0102',
      'nl\t/run/tscompose/netns/c1\tab\tcd',
      'delete\t/run/tscompose/netns/c1',
      'sysctl\t/run/tscompose/netns/c1\tnet/ipv6/conf/eth0/disable_ipv6\t1',
    ]);
  });

  it('sends a host-side batch with the namespace path and fd offset, and reads the echoed link', async () => {
    const ch = channel(['ok\t12\t2', 'ok']);
    const a = netnsAgent(ch);
    expect(await a.link('/run/tscompose/netns/c1', 60, [Buffer.from([0xab]), Buffer.from([0xcd])])).toEqual({ index: 12, link: 2 });
    expect(await a.link('/run/tscompose/netns/c1', 60, [Buffer.from([0xab])])).toBeUndefined();
    expect(ch.sent[0]).toBe('link\t/run/tscompose/netns/c1\t60\tab\tcd');
  });

  it('names what failed in a host-side batch', async () => {
    const a = netnsAgent(channel(['err\t17\tnetlink message 0: File exists']));
    await expect(a.link('/x', 4, [Buffer.from([1])], 'create veth tscv1')).rejects.toThrow('create veth tscv1: netlink message 0: File exists');
  });

  it('turns an error reply into a NetworkHostError with the errno', async () => {
    const a = netnsAgent(channel(['err\t17\tnetlink message 1: File exists']));
    const e = await a.run('/x', []).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetworkHostError);
    expect((e as NetworkHostError).errno).toBe(17);
    expect((e as Error).message).toBe('configure network namespace /x: netlink message 1: File exists');
  });

  it('refuses fields that would break the line protocol', async () => {
    await expect(netnsAgent(channel([])).remove('/a\tb')).rejects.toThrow('contains a tab or newline');
  });
});
