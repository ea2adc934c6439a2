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
