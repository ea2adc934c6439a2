/**
 * The inside of container namespaces, through native/netns (tscompose-netns):
 * a resident helper that setns()es into a namespace for one request and back.
 * Node cannot do that itself (setns would move one libuv thread), and one
 * helper start per command run instead of one `ip` per endpoint is what
 * keeps an attach within a few milliseconds.
 */
import { NetworkHostError } from './errors.js';
import type { LineChannel } from '../host/resident.js';

/** The link the kernel echoed back: its index and its IFLA_LINK (a veth's peer, in the peer's namespace). */
export interface EchoedLink {
  index: number;
  link: number;
}

export interface NetnsAgent {
  /** A new namespace bound at path, with `batch` (encoded netlink messages) run inside it. */
  create(path: string, batch: Buffer[]): Promise<void>;
  /** Unmount and unlink; a path already gone is fine. */
  remove(path: string): Promise<void>;
  /** Netlink messages run inside the namespace at path in one send; the first error is thrown (the kernel still ran the rest). */
  run(path: string, batch: Buffer[]): Promise<void>;
  /**
   * Netlink messages run in this process's namespace in one send, the first
   * with an fd of the namespace at netnsPath written at byte fdOffset (a veth
   * whose peer is born there); the first link the kernel echoed, if any.
   */
  link(netnsPath: string, fdOffset: number, batch: Buffer[], what?: string): Promise<EchoedLink | undefined>;
  sysctl(path: string, key: string, value: string): Promise<void>;
  close(): void;
}

function checkField(s: string): string {
  if (/[\t\n]/.test(s)) throw new NetworkHostError(`netns helper: ${JSON.stringify(s)} contains a tab or newline`);
  return s;
}

export function netnsAgent(channel: LineChannel): NetnsAgent {
  /** The fields after "ok". */
  const call = async (what: string, fields: string[]): Promise<string[]> => {
    const reply = await channel.request(fields.map(checkField).join('\t'));
    const [tag, ...rest] = reply.split('\t');
    if (tag === 'ok') return rest;
    if (tag !== 'err') throw new NetworkHostError(`netns helper: unexpected reply ${JSON.stringify(reply)}`);
    const [errno, ...msg] = rest;
    throw new NetworkHostError(`${what}: ${msg.join('\t')}`, Number(errno));
  };
  const done = (): void => undefined;
  const hex = (batch: Buffer[]): string[] => batch.map((b) => b.toString('hex'));
  return {
    create: (path, batch) => call(`create network namespace ${path}`, ['create', path, ...hex(batch)]).then(done),
    remove: (path) => call(`remove network namespace ${path}`, ['delete', path]).then(done),
    run: (path, batch) => call(`configure network namespace ${path}`, ['nl', path, ...hex(batch)]).then(done),
    async link(netnsPath, fdOffset, batch, what = `create a link for ${netnsPath}`) {
      const [index, link] = await call(what, ['link', netnsPath, String(fdOffset), ...hex(batch)]);
      return index === undefined ? undefined : { index: Number(index), link: Number(link ?? 0) };
    },
    sysctl: (path, key, value) => call(`sysctl ${key} in ${path}`, ['sysctl', path, key, value]).then(done),
    close: () => channel.close(),
  };
}
