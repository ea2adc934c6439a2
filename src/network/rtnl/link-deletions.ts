/**
 * The kernel's notices of deleted links (RTM_DELLINK to the RTNLGRP_LINK
 * multicast group), so that a `down` learns that a namespace's veths went
 * with it without asking. Each RTM_GETLINK asked while namespaces are being
 * destroyed waits in the kernel for the RTNL lock their cleanup holds, and
 * blocked the CLI's main thread several times per container. A watch is
 * taken before the namespace is let go, so no notice can come before it.
 * Lost notices (ENOBUFS when the socket's buffer overflowed) turn every
 * watch into a plain timer, and the caller asks the kernel as before.
 */
import type { GroupNotices, RawMessage } from './netlink-socket.js';
import { parseLink } from './decode.js';

const RTM_DELLINK = 17;
/** AF_UNSPEC: the link itself went; AF_BRIDGE notices only say a port left its bridge. */
const AF_UNSPEC = 0;

/** RTNLGRP_LINK: the group of link notices of NETLINK_ROUTE. */
export const RTNLGRP_LINK = 1;

export interface DeletionWatch {
  /** Those of `names` not seen deleted since the watch began, once all are or after `ms`. */
  left(names: readonly string[], ms: number): Promise<string[]>;
  /** Stops watching; `left` no longer waits. */
  close(): void;
}

interface Watch {
  readonly names: ReadonlySet<string>;
  readonly gone: Set<string>;
  wake?: () => void;
}

export class LinkDeletions {
  private readonly watches = new Set<Watch>();
  private broken = false;

  constructor(private readonly source: GroupNotices) {
    source.onMessages((msgs) => this.notice(msgs));
    source.onError(() => {
      this.broken = true;
    });
  }

  watch(names: readonly string[]): DeletionWatch {
    const w: Watch = { names: new Set(names), gone: new Set() };
    this.watches.add(w);
    return {
      left: (wanted, ms) => this.left(w, wanted, ms),
      close: () => {
        this.watches.delete(w);
        w.wake?.();
      },
    };
  }

  close(): void {
    this.source.close();
  }

  private notice(msgs: readonly RawMessage[]): void {
    for (const m of msgs) {
      if (m.type !== RTM_DELLINK || m.data.length < 16 || m.data[0] !== AF_UNSPEC) continue;
      const name = parseLink(m.data).name;
      for (const w of this.watches) {
        if (!w.names.has(name)) continue;
        w.gone.add(name);
        w.wake?.();
      }
    }
  }

  private left(w: Watch, wanted: readonly string[], ms: number): Promise<string[]> {
    const rest = (): string[] => wanted.filter((n) => !w.gone.has(n));
    if (rest().length === 0 || !this.watches.has(w)) return Promise.resolve(rest());
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        w.wake = undefined;
        resolve(rest());
      };
      const timer = setTimeout(done, ms);
      // With notices lost, only the timer ends the wait.
      w.wake = () => {
        if (!this.watches.has(w) || (!this.broken && rest().length === 0)) done();
      };
    });
  }
}
