/**
 * Host-side links over rtnetlink, from the Node process itself: one
 * NETLINK_ROUTE socket (the `netlink` package's N-API addon, a native module
 * the bundle loads from node_modules) carrying the requests encode.ts builds.
 * Errors come back as errno values, which callers turn into idempotence
 * (EEXIST on create, ENODEV on delete) or a NetworkHostError.
 */
import { constants as osConstants } from 'node:os';
import { NetworkHostError } from '../errors.js';
import { parseLink, parseRoute, type LinkInfo, type RouteInfo } from './decode.js';
import * as enc from './encode.js';
import { LinkDeletions, RTNLGRP_LINK, type DeletionWatch } from './link-deletions.js';
import { openGroup, openNetlink, type NetlinkSocketLike, type RawMessage } from './netlink-socket.js';
import { openPoolNetlink } from './pool-netlink.js';

const NLMSG_ERROR = 2;

export class NetlinkErrno extends NetworkHostError {
  constructor(what: string, errno: number) {
    const name = Object.entries(osConstants.errno).find(([, v]) => v === errno)?.[0] ?? String(errno);
    super(`${what}: ${name}`, errno);
  }
}

export interface HostLinks {
  createBridge(o: enc.BridgeOptions): Promise<number>;
  setAlias(index: number, alias: string): Promise<void>;
  addAddress(index: number, address: string, prefix: number): Promise<void>;
  getLink(name: string): Promise<LinkInfo | undefined>;
  /** A link's index, remembered for this socket's life once looked up or created (bridges an attach enslaves to). */
  indexOf(name: string, fresh?: boolean): Promise<number | undefined>;
  /** false when there was no such link. */
  deleteLink(name: string): Promise<boolean>;
  listLinks(): Promise<LinkInfo[]>;
  routes(): Promise<RouteInfo[]>;
  /**
   * Watches for the kernel's notices that `names` were deleted; undefined when it cannot listen (the
   * caller then asks about each link). Take it before letting go of what the links go with.
   */
  watchDeletions?(names: readonly string[]): Promise<DeletionWatch | undefined>;
  close(): void;
}

const E = osConstants.errno;

/** Loads the addon on first use (netlink-socket.ts); deletions go to the thread pool when the hostcalls addon can (pool-netlink.ts). */
export async function openHostLinks(): Promise<HostLinks> {
  return new RtnlHostLinks(await openNetlink(0), openPoolNetlink(0));
}

class RtnlHostLinks implements HostLinks {
  private readonly indexes = new Map<string, number>();
  /** The request in flight: the next one waits for it. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sock: NetlinkSocketLike,
    /** Where RTM_DELLINK goes, beside the queue: its socket is its own. */
    private readonly deletions?: NetlinkSocketLike,
  ) {}

  /**
   * One request at a time on the socket: with dozens in flight (up attaching
   * 50 containers at once) the addon aborted the process ("Error in native
   * callback"); a request takes well under a millisecond, so the queue costs
   * nothing measurable.
   */
  private req(type: number, payload: Buffer, flags: number): Promise<RawMessage[] | number> {
    const run = this.tail.then(() => this.reqNow(type, payload, flags));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** One request; resolves with the reply messages, or the errno of an ERROR reply. */
  private async reqNow(type: number, payload: Buffer, flags: number, sock = this.sock): Promise<RawMessage[] | number> {
    const [msgs] = await sock.request(type, payload, { flags, checkError: false, timeout: 5000 });
    for (const m of msgs) {
      if (m.type === NLMSG_ERROR) {
        const err = -m.data.readInt32LE(0);
        return err === 0 ? [] : err;
      }
    }
    return msgs;
  }

  private async must(type: number, payload: Buffer, flags: number, what: string, ok: number[] = []): Promise<RawMessage[]> {
    const r = await this.req(type, payload, flags);
    if (typeof r === 'number') {
      if (ok.includes(r)) return [];
      throw new NetlinkErrno(what, r);
    }
    return r;
  }

  async createBridge(o: enc.BridgeOptions): Promise<number> {
    const r = await this.req(enc.RTM.NEWLINK, enc.newBridge(o), enc.NLM_F.CREATE | enc.NLM_F.EXCL);
    if (typeof r === 'number' && r !== E.EEXIST) throw new NetlinkErrno(`create bridge ${o.name}`, r);
    const link = await this.getLink(o.name);
    if (link === undefined) throw new NetworkHostError(`create bridge ${o.name}: it vanished right after creation`);
    if (link.kind !== 'bridge') throw new NetworkHostError(`create bridge ${o.name}: a ${link.kind ?? 'non-bridge'} link already has that name`);
    if (!link.up) await this.must(enc.RTM.SETLINK, enc.linkUp(link.index), 0, `set ${o.name} up`);
    this.indexes.set(o.name, link.index);
    return link.index;
  }

  async setAlias(index: number, alias: string): Promise<void> {
    await this.must(enc.RTM.SETLINK, enc.setAlias(index, alias), 0, `set alias of link ${index}`);
  }

  async addAddress(index: number, address: string, prefix: number): Promise<void> {
    await this.must(enc.RTM.NEWADDR, enc.newAddress(index, address, prefix), enc.NLM_F.CREATE | enc.NLM_F.EXCL, `add address ${address}/${prefix}`, [E.EEXIST]);
  }

  async getLink(name: string): Promise<LinkInfo | undefined> {
    const r = await this.req(enc.RTM.GETLINK, enc.linkByName(name), 0);
    if (typeof r === 'number') {
      if (r === E.ENODEV) return undefined;
      throw new NetlinkErrno(`get link ${name}`, r);
    }
    const m = r.find((x) => x.type === enc.RTM.NEWLINK);
    return m === undefined ? undefined : parseLink(m.data);
  }

  async indexOf(name: string, fresh = false): Promise<number | undefined> {
    const known = fresh ? undefined : this.indexes.get(name);
    if (known !== undefined) return known;
    const index = (await this.getLink(name))?.index;
    if (index === undefined) this.indexes.delete(name);
    else this.indexes.set(name, index);
    return index;
  }

  async deleteLink(name: string): Promise<boolean> {
    this.indexes.delete(name);
    const payload = enc.linkByName(name);
    const r = await (this.deletions === undefined ? this.req(enc.RTM.DELLINK, payload, 0) : this.reqNow(enc.RTM.DELLINK, payload, 0, this.deletions));
    if (typeof r === 'number') {
      if (r === E.ENODEV) return false;
      throw new NetlinkErrno(`delete link ${name}`, r);
    }
    return true;
  }

  async listLinks(): Promise<LinkInfo[]> {
    const r = await this.must(enc.RTM.GETLINK, enc.linkByIndex(0), enc.NLM_F.DUMP, 'list links');
    return r.filter((m) => m.type === enc.RTM.NEWLINK).map((m) => parseLink(m.data));
  }

  async routes(): Promise<RouteInfo[]> {
    const out: RouteInfo[] = [];
    for (const family of [4, 6] as const) {
      const r = await this.must(enc.RTM.GETROUTE, enc.routeDump(family), enc.NLM_F.DUMP, 'list routes');
      for (const m of r) {
        const route = m.type === enc.RTM.NEWROUTE ? parseRoute(m.data) : undefined;
        if (route !== undefined) out.push(route);
      }
    }
    return out;
  }

  /** One listening socket for the life of this one, opened at the first watch. */
  private deletionNotices?: Promise<LinkDeletions | undefined>;

  async watchDeletions(names: readonly string[]): Promise<DeletionWatch | undefined> {
    this.deletionNotices ??= openGroup(0, RTNLGRP_LINK).then(
      (g) => new LinkDeletions(g),
      () => undefined,
    );
    return (await this.deletionNotices)?.watch(names);
  }

  close(): void {
    this.sock.close();
    void this.deletionNotices?.then((d) => d?.close());
  }
}
