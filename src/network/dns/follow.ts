/**
 * Keeps a running DNS server's table in step with the records on disk, so a
 * container recreated by any tscompose process (a new address in its endpoint
 * record) resolves to its new address without anyone telling the supervisor.
 * One inotify watch per directory (the networks directory, each network's
 * endpoints directory, the sandboxes directory); changes are coalesced into
 * one table rebuild per burst of writes.
 */
import { existsSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { DnsTable } from './resolve.js';
import type { DnsServer, ListenResult } from './server.js';

export interface FollowOptions {
  /** The networks directory (lib/networks) and the sandboxes directory (run/netns) of the store. */
  networksDir: string;
  sandboxesDir: string;
  /** Builds the current table (the driver's dnsTable(project)). */
  table: () => Promise<DnsTable>;
  server: DnsServer;
  /** Quiet time before a rebuild, ms. */
  settleMs?: number;
  onUpdate?: (results: ListenResult[]) => void;
  onError?: (e: Error) => void;
}

export interface Follower {
  close(): Promise<void>;
}

export function followRecords(o: FollowOptions): Follower {
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  let closed = false;

  const rebuild = (): void => {
    running = running
      .then(async () => {
        if (closed) return;
        const results = await o.server.update(await o.table());
        o.onUpdate?.(results);
      })
      .catch((e: unknown) => o.onError?.(e as Error));
  };
  const changed = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(rebuild, o.settleMs ?? 20);
  };
  const add = (dir: string, onEvent: () => void): void => {
    if (watchers.has(dir) || !existsSync(dir)) return;
    try {
      const w = watch(dir, { persistent: false }, onEvent);
      w.on('error', () => {
        w.close();
        watchers.delete(dir);
      });
      watchers.set(dir, w);
    } catch (e) {
      o.onError?.(e as Error);
    }
  };
  // A new network directory gets its endpoints watched; one that went away drops its watch.
  const rescan = (): void => {
    const eps = existsSync(o.networksDir) ? readdirSync(o.networksDir).map((n) => join(o.networksDir, n, 'endpoints')) : [];
    for (const d of eps) add(d, changed);
    for (const [d, w] of watchers) {
      if (d !== o.networksDir && d !== o.sandboxesDir && !existsSync(d)) {
        w.close();
        watchers.delete(d);
      }
    }
    changed();
  };
  add(o.networksDir, rescan);
  add(o.sandboxesDir, changed);
  rescan();
  return {
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
      await running;
    },
  };
}
