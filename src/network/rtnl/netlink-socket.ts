/**
 * A raw netlink socket from the `netlink` package's N-API addon, the one
 * part of it we use. Its index also loads its protocol decoders (rtnetlink,
 * generic netlink, nl80211, WireGuard): 42 ms of every command that opens a
 * socket here, against 11 ms for dist/netlink.js alone. The package is
 * external to the bundle (scripts/build.mjs): the CommonJS bundle requires
 * it from node_modules (the launcher's require resolves from dist/); ESM
 * (tsx, vitest) imports it. A dynamic import would fail in the bundle, which
 * runs through vm.Script.
 */
export interface RawMessage {
  type: number;
  data: Buffer;
}

export interface NetlinkSocketLike {
  request(type: number, data: Uint8Array, opts: { flags: number; checkError: boolean; timeout: number }): Promise<[RawMessage[], unknown]>;
  close(): void;
}

/** The package's socket as a multicast listener uses it. */
interface GroupSocket {
  addMembership(group: number): void;
  on(event: 'message', fn: (msgs: RawMessage | RawMessage[]) => void): void;
  on(event: 'error', fn: (e: Error) => void): void;
  close(): void;
}

type CreateNetlink = (proto: number, opts?: { recvBufferSize?: number }) => NetlinkSocketLike & GroupSocket;
type NetlinkModule = { createNetlink: CreateNetlink };

async function createNetlink(): Promise<CreateNetlink> {
  const mod = (typeof require === 'function' ? require('netlink/dist/netlink.js') : await import('netlink/dist/netlink.js')) as NetlinkModule & { default?: NetlinkModule };
  return mod.createNetlink ?? (mod.default?.createNetlink as CreateNetlink);
}

/** A socket of netlink protocol `proto` (0 NETLINK_ROUTE, 12 NETLINK_NETFILTER). */
export async function openNetlink(proto: number): Promise<NetlinkSocketLike> {
  return (await createNetlink())(proto);
}

/** What a socket joined to a multicast group hears, message by message; it does not keep the process alive. */
export interface GroupNotices {
  onMessages(fn: (msgs: readonly RawMessage[]) => void): void;
  onError(fn: (e: Error) => void): void;
  close(): void;
}

/** A socket of `proto` joined to `group`, with a receive buffer of `recvBufferSize` bytes (the kernel caps it at rmem_max). */
export async function openGroup(proto: number, group: number, recvBufferSize = 1 << 20): Promise<GroupNotices> {
  const s = (await createNetlink())(proto, { recvBufferSize });
  s.addMembership(group);
  return {
    onMessages: (fn) => s.on('message', (m) => fn(Array.isArray(m) ? m : [m])),
    onError: (fn) => s.on('error', fn),
    close: () => s.close(),
  };
}
