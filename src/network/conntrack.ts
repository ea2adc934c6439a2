/**
 * Stale connection tracking entries, removed when what they point at goes:
 * an endpoint's address (its DNAT'd, masqueraded and direct flows) and, for
 * a new UDP published port, flows that reached the host before the DNAT rule
 * existed (a UDP client that keeps sending keeps such an entry alive and
 * never reaches the container, as docker's port mapper also guards against).
 * Over NETLINK_NETFILTER: one dump per family, then one delete per matching
 * entry. Best effort: a kernel without ctnetlink has nothing to flush.
 */
import { readFileSync } from 'node:fs';
import { sameAddr, type Addr } from './ip.js';
import { openNetlink } from './rtnl/netlink-socket.js';
import { openPoolNetlink } from './rtnl/pool-netlink.js';
import { CT_MSG, deleteRequest, dumpRequest, IPPROTO, parseEntry, type CtEntry } from './rtnl/conntrack-msg.js';
import type { Protocol } from './types.js';

const NETLINK_NETFILTER = 12;
const NLM_F_DUMP = 0x300;
const NLMSG_ERROR = 2;

export type CtMatch = (e: CtEntry) => boolean;

export interface Conntrack {
  /** Deletes the entries of `families` that match; returns how many went. */
  flush(families: Array<4 | 6>, match: CtMatch): Promise<number>;
  close(): void;
}

/** Entries with `address` in either direction, on either end. */
export function involving(address: Addr): CtMatch {
  const is = (a: Addr | undefined): boolean => a !== undefined && sameAddr(a, address);
  return (e) => is(e.orig.src) || is(e.orig.dst) || is(e.reply.src) || is(e.reply.dst);
}

/** Entries for host port `port` that were not translated to `to` (flows that missed the new DNAT rule). */
export function toPortNotTo(protocol: Protocol, port: number, to: Addr): CtMatch {
  return (e) => e.orig.proto === IPPROTO[protocol] && e.orig.dport === port && !(e.reply.src !== undefined && sameAddr(e.reply.src, to));
}

/**
 * Whether this namespace's table is empty (or conntrack is not loaded): then
 * there is nothing to flush, and no dump to pay for (3 ms each on a
 * container's removal here, most of it in the netlink package).
 */
export function tracksNothing(countFile = '/proc/sys/net/netfilter/nf_conntrack_count'): boolean {
  try {
    return readFileSync(countFile, 'utf8').trim() === '0';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

export async function openConntrack(): Promise<Conntrack> {
  // A dump walks the kernel's whole hash table inside sendmsg, however few
  // entries it holds: 262,144 buckets here, about 6 ms per removed container,
  // which on the main thread held up the next stop of a `down`. In the thread
  // pool when the hostcalls addon can (rtnl/pool-netlink.ts).
  const sock = openPoolNetlink(NETLINK_NETFILTER) ?? (await openNetlink(NETLINK_NETFILTER));
  const opts = (flags: number) => ({ flags, checkError: false, timeout: 5000 });
  return {
    async flush(families, match) {
      let n = 0;
      for (const family of families) {
        const [msgs] = await sock.request(CT_MSG.GET, dumpRequest(family), opts(NLM_F_DUMP));
        if (msgs.some((m) => m.type === NLMSG_ERROR && m.data.readInt32LE(0) !== 0)) continue;
        for (const m of msgs) {
          const e = m.type === CT_MSG.NEW ? parseEntry(m.data) : undefined;
          if (e === undefined || !match(e)) continue;
          // ENOENT: the entry timed out between the dump and now, which is what we wanted.
          await sock.request(CT_MSG.DELETE, deleteRequest(e), opts(0));
          n++;
        }
      }
      return n;
    },
    close: () => sock.close(),
  };
}
