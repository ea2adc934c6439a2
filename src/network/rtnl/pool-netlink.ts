/**
 * Netlink requests in libuv's thread pool (the hostcalls addon's
 * netlinkAsync), each on a socket of its own, for the requests whose
 * kernel work inside sendmsg is long: a link's RTM_DELLINK waits there for
 * RCU grace periods (35-50 ms for a bridge here), which on the main thread
 * stops everything else a `down` does. Only those: sending every request
 * this way (the veth polls of a 50-container down too) made that down 40%
 * slower here, its unmounts and tree removals waiting for pool threads the
 * polls held (in the kernel, most likely on the RTNL lock the namespace
 * cleanups take). Replies are what the package's request returns with
 * checkError off, which is how every caller asks: the messages in order,
 * an NLMSG_ERROR among them carrying the errno.
 */
import { hostCalls, type HostCalls } from '../../host/syscalls.js';
import { message } from './encode.js';
import type { NetlinkSocketLike, RawMessage } from './netlink-socket.js';

const HEADER = 16;
const NLMSG_ERROR = 2;

/** The messages of a reply's bytes: each one's type and its payload after the header. */
export function splitMessages(reply: Buffer): RawMessage[] {
  const out: RawMessage[] = [];
  for (let at = 0; at + HEADER <= reply.length; ) {
    const len = reply.readUInt32LE(at);
    // A length the bytes cannot hold ends the walk rather than reading past them.
    if (len < HEADER || at + len > reply.length) break;
    out.push({ type: reply.readUInt16LE(at + 4), data: reply.subarray(at + HEADER, at + len) });
    at += (len + 3) & ~3;
  }
  return out;
}

/**
 * The reply as the package's request resolves it: a request that gets an
 * answer (a GETLINK by name) resolves with the answer, and the ACK the
 * kernel sends after it is not part of it; an ACK alone, or an error, is.
 */
export function answerOf(msgs: RawMessage[]): RawMessage[] {
  const isAck = (m: RawMessage): boolean => m.type === NLMSG_ERROR && m.data.length >= 4 && m.data.readInt32LE(0) === 0;
  return msgs.some((m) => m.type !== NLMSG_ERROR) ? msgs.filter((m) => !isAck(m)) : msgs;
}

/** A socket of netlink protocol `protocol` whose requests go through `calls.netlinkAsync`. */
export function poolNetlink(calls: Pick<HostCalls, 'netlinkAsync'>, protocol: number): NetlinkSocketLike {
  return {
    async request(type, data, opts) {
      const reply = await calls.netlinkAsync(protocol, message(type, opts.flags, Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
      return [answerOf(splitMessages(reply)), undefined];
    },
    // Nothing stays open between requests.
    close() {},
  };
}

/** A pool socket of `protocol` when the addon has netlinkAsync (one built before it existed still serves its other calls). */
export function openPoolNetlink(protocol: number): NetlinkSocketLike | undefined {
  const calls = hostCalls();
  return typeof calls?.netlinkAsync === 'function' ? poolNetlink(calls, protocol) : undefined;
}
