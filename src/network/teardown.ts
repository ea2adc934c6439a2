/**
 * Taking endpoints down. A sandbox that goes altogether is unmounted first:
 * the kernel then destroys its namespace, and with it every veth pair that
 * has an end inside, in one batch for all the namespaces that died together.
 * Deleting each veth ourselves costs a synchronous RTM_DELLINK of 10-26 ms
 * here (the unregister waits for RCU grace periods) on the CLI's main
 * thread, one after another: half a second of a 50-container down.
 */
import type { NetworkContext } from './context.js';
import { detachOne, releaseEndpoint, removeEndpointRules } from './endpoints.js';
import type { EndpointRecord, SandboxRecord } from './types.js';
import type { DeletionWatch } from './rtnl/link-deletions.js';

/** How long a namespace's veths may take to go with it before they are deleted one by one (someone else holds the namespace). */
const VANISH_MS = 3000;
/** With notices, how long to wait for them before asking the kernel about the links still unaccounted for. */
const NOTICE_WAIT_MS = 150;

/** The endpoints of a sandbox, in interface order (eth0 first): from its references, or every record when it has none. */
export async function sandboxEndpoints(ctx: NetworkContext, sandboxId: string): Promise<EndpointRecord[]> {
  return endpointsOf(ctx, sandboxId, await ctx.store.readSandbox(sandboxId));
}

async function endpointsOf(ctx: NetworkContext, sandboxId: string, sb: SandboxRecord | undefined): Promise<EndpointRecord[]> {
  const found: EndpointRecord[] = [];
  if (sb?.endpoints !== undefined) {
    for (const r of sb.endpoints) {
      const e = await ctx.store.readEndpoint(r.networkId, r.id);
      if (e !== undefined) found.push(e);
    }
  } else found.push(...(await ctx.store.allEndpoints()).filter((e) => e.sandbox === sandboxId));
  return found.sort((a, b) => a.order - b.order);
}

/** Detaches from `networks` (all when undefined) and keeps the sandbox record's references current. */
export async function detach(ctx: NetworkContext, sandboxId: string, networks?: string[]): Promise<void> {
  const sb = await ctx.store.readSandbox(sandboxId);
  const gone = new Set<string>();
  for (const e of await endpointsOf(ctx, sandboxId, sb)) {
    if (networks !== undefined && !networks.includes(e.network)) continue;
    await detachOne(ctx, e);
    gone.add(e.id);
  }
  if (sb !== undefined && gone.size > 0) await ctx.store.writeAttachment(sb.id, { links: sb.links, dnsServers: sb.dnsServers, endpoints: (sb.endpoints ?? []).filter((r) => !gone.has(r.id)) });
}

/**
 * The sandbox and its endpoints: rules, then the namespace's mount, then its
 * veths as they vanish (or deleted, when a process still in the namespace
 * keeps it alive), then the claims and records.
 */
export async function removeSandboxNetwork(ctx: NetworkContext, sandboxId: string): Promise<void> {
  const sb = await ctx.store.readSandbox(sandboxId);
  const endpoints = await endpointsOf(ctx, sandboxId, sb);
  for (const e of endpoints) await removeEndpointRules(ctx, e);
  // Listening before the namespace goes: its veths' notices cannot come earlier.
  const watch = endpoints.length === 0 ? undefined : await (await ctx.kernel.links()).watchDeletions?.(endpoints.map((e) => e.hostIfname));
  try {
    await ctx.kernel.agent().remove(sb?.netnsPath ?? ctx.store.netnsPath(sandboxId));
    await vethsGone(ctx, endpoints, watch);
  } finally {
    watch?.close();
  }
  for (const e of endpoints) await releaseEndpoint(ctx, e);
  await ctx.store.removeSandbox(sandboxId);
}

/**
 * With the kernel's notices, asking about a link (a request that waits for
 * the RTNL lock namespace cleanups hold) only every NOTICE_WAIT_MS, for one
 * already gone before the watch or notices lost; without them, polls from
 * 2 ms doubling to 25.
 */
async function vethsGone(ctx: NetworkContext, endpoints: readonly EndpointRecord[], watch: DeletionWatch | undefined): Promise<void> {
  // Without endpoints (network_mode none) there is nothing to wait for, and no netlink socket to open.
  if (endpoints.length === 0) return;
  const links = await ctx.kernel.links();
  let left = endpoints.map((e) => e.hostIfname);
  const deadline = Date.now() + VANISH_MS;
  for (let pause = watch === undefined ? 2 : NOTICE_WAIT_MS; left.length > 0 && Date.now() < deadline; pause = watch === undefined ? Math.min(pause * 2, 25) : NOTICE_WAIT_MS) {
    if (watch === undefined) await new Promise((r) => setTimeout(r, pause));
    else left = await watch.left(left, Math.min(pause, Math.max(0, deadline - Date.now())));
    if (left.length === 0) break;
    const still: string[] = [];
    for (const name of left) if ((await links.getLink(name)) !== undefined) still.push(name);
    left = still;
  }
  for (const name of left) await links.deleteLink(name);
}
