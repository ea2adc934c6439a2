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

type NetlinkModule = { createNetlink: (proto: number) => NetlinkSocketLike };

/** A socket of netlink protocol `proto` (0 NETLINK_ROUTE, 12 NETLINK_NETFILTER). */
export async function openNetlink(proto: number): Promise<NetlinkSocketLike> {
  const mod = (typeof require === 'function' ? require('netlink/dist/netlink.js') : await import('netlink/dist/netlink.js')) as NetlinkModule & { default?: NetlinkModule };
  const createNetlink = mod.createNetlink ?? mod.default?.createNetlink;
  return createNetlink(proto);
}
