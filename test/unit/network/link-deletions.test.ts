/**
 * LinkDeletions on fed notices: only RTM_DELLINK of the link itself
 * (AF_UNSPEC; a bridge's AF_BRIDGE notice says a port left it) counts, for
 * the names a watch was taken for; after a socket error (notices lost) a
 * wait lasts its whole time, so the caller asks the kernel.
 */
import { describe, expect, it } from 'vitest';
import { LinkDeletions } from '../../../src/network/rtnl/link-deletions.js';
import { linkByName } from '../../../src/network/rtnl/encode.js';
import type { GroupNotices, RawMessage } from '../../../src/network/rtnl/netlink-socket.js';

function source() {
  let feed: (m: readonly RawMessage[]) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const g: GroupNotices = { onMessages: (fn) => void (feed = fn), onError: (fn) => void (fail = fn), close: () => undefined };
  return { g, feed: (m: RawMessage[]) => feed(m), fail: (e: Error) => fail(e) };
}

const dellink = (name: string, family = 0): RawMessage => {
  const data = Buffer.from(linkByName(name));
  data[0] = family;
  return { type: 17, data };
};

describe('LinkDeletions', () => {
  it('ends a wait as soon as every name was deleted, ignoring bridge-port notices and other links', async () => {
    const s = source();
    const d = new LinkDeletions(s.g);
    const w = d.watch(['vetha', 'vethb']);
    const waiting = w.left(['vetha', 'vethb'], 10_000);
    s.feed([dellink('vetha', 7), dellink('other'), { type: 16, data: Buffer.from(linkByName('vethb')) }]);
    s.feed([dellink('vetha')]);
    const t = Date.now();
    setTimeout(() => s.feed([dellink('vethb')]), 20);
    expect(await waiting).toEqual([]);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('remembers deletions heard before the wait, and says which names are left when the time is up', async () => {
    const s = source();
    const w = new LinkDeletions(s.g).watch(['vetha', 'vethb']);
    s.feed([dellink('vetha')]);
    expect(await w.left(['vetha'], 10_000)).toEqual([]);
    expect(await w.left(['vetha', 'vethb'], 20)).toEqual(['vethb']);
  });

  it('waits out its time once notices were lost', async () => {
    const s = source();
    const w = new LinkDeletions(s.g).watch(['vetha']);
    s.fail(Object.assign(new Error('recvmsg ENOBUFS'), { code: 'ENOBUFS' }));
    const t = Date.now();
    const waiting = w.left(['vetha'], 60);
    s.feed([dellink('vetha')]);
    // What was heard still counts; only the early end is gone.
    expect(await waiting).toEqual([]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(50);
  });
});
