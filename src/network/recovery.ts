/**
 * Finding and removing what a crashed CLI or supervisor left: records still
 * `creating`, endpoints whose namespace is gone (a reboot, a killed runtime),
 * sandboxes nobody keeps, and claim files (addresses, ports) without an
 * endpoint. Every kernel object is found from a record through the naming
 * scheme (names.ts), so nothing of another project is ever touched.
 */
import { fsPromises } from '../host/fs.js';
import type { NetworkContext } from './context.js';
import { detachOne } from './endpoints.js';
import { dropBridgeAndRules } from './networks.js';
import { dropSandbox } from './sandboxes.js';

export interface CleanupOptions {
  /** Sandboxes to leave alone (containers that are still running). */
  keepSandboxes?: string[];
  /** Also remove the project's networks (what `down` does). */
  removeNetworks?: boolean;
}

export interface CleanupReport {
  sandboxes: string[];
  endpoints: string[];
  networks: string[];
  claims: string[];
}

const NSFS_MAGIC = 0x6e736673;

/** Whether path is still a bind mount of a network namespace (not an empty file left by a reboot). */
export async function isNamespace(path: string): Promise<boolean> {
  const st = await fsPromises().statfs(path).catch(() => undefined);
  return st !== undefined && st.type === NSFS_MAGIC;
}

export async function cleanupProject(ctx: NetworkContext, project: string, opts: CleanupOptions = {}): Promise<CleanupReport> {
  const report: CleanupReport = { sandboxes: [], endpoints: [], networks: [], claims: [] };
  const keep = new Set(opts.keepSandboxes ?? []);
  const sandboxes = (await ctx.store.listSandboxes()).filter((s) => s.project === project);
  // All at once: one statfs each in the thread pool, which a project of 50 otherwise waited for in turn.
  const alive = await Promise.all(sandboxes.map(async (sb) => keep.has(sb.id) && sb.state === 'ready' && (await isNamespace(sb.netnsPath))));
  const live = new Set(sandboxes.filter((_, i) => alive[i]).map((sb) => sb.id));
  for (const e of await ctx.store.allEndpoints()) {
    // A half-made endpoint goes even from a kept sandbox: the attach that made it never finished.
    if (e.project !== project || (live.has(e.sandbox) && e.state === 'ready')) continue;
    await detachOne(ctx, e);
    report.endpoints.push(`${e.container} on ${e.network}`);
  }
  for (const sb of sandboxes) {
    if (live.has(sb.id)) continue;
    await dropSandbox(ctx, sb.id);
    report.sandboxes.push(sb.id);
  }
  report.claims.push(...(await releaseOrphanClaims(ctx, project, live)));
  // A writer killed between write and rename leaves a temp file no record names; nobody else can own it.
  await ctx.store.removeDeadTemps();
  for (const n of await ctx.store.listNetworks()) {
    if (n.project !== project || (n.state === 'ready' && opts.removeNetworks !== true)) continue;
    const users = (await ctx.store.listEndpoints(n.id)).filter((e) => e.project !== project);
    if (users.length > 0) continue;
    await dropBridgeAndRules(ctx, n);
    await ctx.store.removeNetwork(n.id);
    report.networks.push(n.name);
  }
  return report;
}

/** Address and port claims of the project that no endpoint record accounts for. */
async function releaseOrphanClaims(ctx: NetworkContext, project: string, live: ReadonlySet<string>): Promise<string[]> {
  const out: string[] = [];
  const endpoints = await ctx.store.allEndpoints();
  const epIds = new Set(endpoints.map((e) => e.id));
  for (const n of await ctx.store.listNetworks()) {
    const held = new Set(endpoints.filter((e) => e.networkId === n.id).flatMap((e) => [e.ipv4, e.ipv6]));
    for (const [addr, owner] of await ctx.store.listIps(n.id)) {
      const [sandbox = '', p] = owner.split('\t');
      if (p !== project || held.has(addr) || live.has(sandbox)) continue;
      await ctx.store.releaseIp(n.id, addr, sandbox);
      out.push(`${n.name} ${addr}`);
    }
  }
  for (const [key, line] of await ctx.store.listPorts()) {
    const [owner = '', p] = line.split('\t');
    if (p !== project || epIds.has(owner)) continue;
    const m = /^(tcp|udp|sctp)-(\d+)-(.+)$/.exec(key);
    if (m === null) continue;
    await ctx.store.releasePort({ protocol: m[1] as 'tcp', hostPort: Number(m[2]), hostIp: m[3] as string, containerPort: 0 }, owner);
    out.push(`port ${key}`);
  }
  return out;
}
