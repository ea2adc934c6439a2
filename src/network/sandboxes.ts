/** Network namespaces for containers: created empty (lo up), persisted by a bind mount, handed to the runtime. */
import type { NetworkContext } from './context.js';
import { NetworkHostError, NetworkSpecError } from './errors.js';
import { validSandboxId } from './names.js';
import * as enc from './rtnl/encode.js';
import type { SandboxRecord } from './types.js';

const EEXIST = 17;
/** A fresh namespace's loopback is always ifindex 1. */
const LOOPBACK_INDEX = 1;

export async function createSandbox(ctx: NetworkContext, id: string, project: string): Promise<SandboxRecord> {
  if (!validSandboxId(id)) throw new NetworkSpecError(id, 'a sandbox id must be 1-128 letters, digits, "_", "." or "-", starting with a letter or digit');
  const existing = await ctx.store.readSandbox(id);
  if (existing?.state === 'ready') return existing;
  const record: SandboxRecord = existing ?? {
    version: 1,
    id,
    project,
    netnsPath: ctx.store.netnsPath(id),
    links: {},
    dnsServers: [],
    endpoints: [],
    state: 'creating',
    created: new Date().toISOString(),
  };
  await ctx.store.writeSandbox(record);
  try {
    await ctx.kernel.agent().create(record.netnsPath, [enc.message(enc.RTM.SETLINK, 0, enc.linkUp(LOOPBACK_INDEX))]);
  } catch (e) {
    // A crash after the mount left a namespace that is already there and fine.
    if (!(e instanceof NetworkHostError && e.errno === EEXIST)) throw e;
    await ctx.kernel.agent().run(record.netnsPath, [enc.message(enc.RTM.SETLINK, 0, enc.linkUp(LOOPBACK_INDEX))]);
  }
  record.state = 'ready';
  await ctx.store.writeSandbox(record);
  return record;
}

/** Unmounts the namespace and drops the record (endpoints must be detached first); fine when gone. */
export async function dropSandbox(ctx: NetworkContext, id: string): Promise<void> {
  const path = (await ctx.store.readSandbox(id))?.netnsPath ?? ctx.store.netnsPath(id);
  await ctx.kernel.agent().remove(path);
  await ctx.store.removeSandbox(id);
}
