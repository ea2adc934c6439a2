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
  const dump = async (family: 4 | 6): Promise<CtEntry[]> => {
    const [msgs] = await sock.request(CT_MSG.GET, dumpRequest(family), opts(NLM_F_DUMP));
    if (msgs.some((m) => m.type === NLMSG_ERROR && m.data.readInt32LE(0) !== 0)) return [];
    return msgs.flatMap((m) => (m.type === CT_MSG.NEW ? (parseEntry(m.data) ?? []) : []));
  };
  // ENOENT: the entry timed out between the dump and now, which is what we wanted.
  const remove = async (e: CtEntry): Promise<void> => void (await sock.request(CT_MSG.DELETE, deleteRequest(e), opts(0)));
  const flush = sharedDumps(dump, remove);
  return { flush, close: () => sock.close() };
}

interface Ask {
  match: CtMatch;
  n: number;
  resolve(n: number): void;
  reject(e: unknown): void;
}

/**
 * Flushes that share dumps: every flush asked while a dump of its family
 * runs waits for the next one, which serves them all (an entry goes once,
 * whichever flushes it matches). A 50-container `down` asked for 50 dumps,
 * 10-40 ms of the thread pool each; a flush never uses a dump that began
 * before it was asked, which could have passed its entries by.
 */
export function sharedDumps(dump: (family: 4 | 6) => Promise<CtEntry[]>, remove: (e: CtEntry) => Promise<void>): Conntrack['flush'] {
  const queued = new Map<4 | 6, Ask[]>();
  const running = new Set<4 | 6>();
  const serve = async (family: 4 | 6, batch: Ask[]): Promise<void> => {
    for (const e of await dump(family)) {
      let hit = false;
      for (const a of batch) {
        if (!a.match(e)) continue;
        a.n++;
        hit = true;
      }
      if (hit) await remove(e);
    }
  };
  const pump = async (family: 4 | 6): Promise<void> => {
    if (running.has(family)) return;
    running.add(family);
    try {
      // Flushes asked in the same turn (removals finishing together) share the first dump too.
      await new Promise((r) => setImmediate(r));
      for (let batch = take(queued, family); batch.length > 0; batch = take(queued, family)) {
        await serve(family, batch).then(
          () => batch.forEach((a) => a.resolve(a.n)),
          (e: unknown) => batch.forEach((a) => a.reject(e)),
        );
      }
    } finally {
      running.delete(family);
    }
  };
  return async (families, match) => {
    const counts = families.map(
      (family) =>
        new Promise<number>((resolve, reject) => {
          queued.set(family, [...(queued.get(family) ?? []), { match, n: 0, resolve, reject }]);
          void pump(family);
        }),
    );
    return (await Promise.all(counts)).reduce((a, b) => a + b, 0);
  };
}

function take(queued: Map<4 | 6, Ask[]>, family: 4 | 6): Ask[] {
  const batch = queued.get(family) ?? [];
  queued.delete(family);
  return batch;
}
