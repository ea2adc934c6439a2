/**
 * The inside of container namespaces, through native/netns (tscompose-netns):
 * a resident helper that setns()es into a namespace for one request and back.
 * Node cannot do that itself (setns would move one libuv thread), and one
 * helper start per command run instead of one `ip` per endpoint is what
 * keeps an attach within a few milliseconds.
 */
import { NetworkHostError } from './errors.js';
import type { LineChannel } from '../host/resident.js';

export interface NetnsAgent {
  /** A new namespace bound at path, with `batch` (encoded netlink messages) run inside it. */
  create(path: string, batch: Buffer[]): Promise<void>;
  /** Unmount and unlink; a path already gone is fine. */
  remove(path: string): Promise<void>;
  /** Netlink messages run inside the namespace at path, stopping at the first error. */
  run(path: string, batch: Buffer[]): Promise<void>;
  sysctl(path: string, key: string, value: string): Promise<void>;
  close(): void;
}

function checkField(s: string): string {
  if (/[\t\n]/.test(s)) throw new NetworkHostError(`netns helper: ${JSON.stringify(s)} contains a tab or newline`);
  return s;
}

export function netnsAgent(channel: LineChannel): NetnsAgent {
  const call = async (what: string, fields: string[]): Promise<void> => {
    const reply = await channel.request(fields.map(checkField).join('\t'));
    if (reply === 'ok') return;
    const [tag, errno, ...msg] = reply.split('\t');
    if (tag !== 'err') throw new NetworkHostError(`netns helper: unexpected reply ${JSON.stringify(reply)}`);
    throw new NetworkHostError(`${what}: ${msg.join('\t')}`, Number(errno));
  };
  const hex = (batch: Buffer[]): string[] => batch.map((b) => b.toString('hex'));
  return {
    create: (path, batch) => call(`create network namespace ${path}`, ['create', path, ...hex(batch)]),
    remove: (path) => call(`remove network namespace ${path}`, ['delete', path]),
    run: (path, batch) => call(`configure network namespace ${path}`, ['nl', path, ...hex(batch)]),
    sysctl: (path, key, value) => call(`sysctl ${key} in ${path}`, ['sysctl', path, key, value]),
    close: () => channel.close(),
  };
}
