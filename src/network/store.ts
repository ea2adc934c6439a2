/**
 * The network driver's state on disk. Records are written before the kernel
 * objects they name are created and removed after those are gone, so a crash
 * at any point leaves a record that recovery can finish from. Allocations
 * are one file per address or port, created with O_EXCL: two tscompose
 * processes attaching to one network at once cannot both get an address.
 *
 *   lib/networks/<net>/network.json         NetworkRecord (version 1)
 *   lib/networks/<net>/ips/<address>        an allocated address: "<sandbox>\t<project>"
 *   lib/networks/<net>/last-4, last-6       the address handed out last (serial allocation)
 *   lib/networks/<net>/endpoints/<ep>.json  EndpointRecord (version 1)
 *   lib/networks/ports/<proto>-<port>-<ip>  a published host port: "<ep>\t<project>\t<container>"
 *   run/netns/<sandbox>                     the sandbox's network namespace (nsfs bind mount)
 *   run/netns/<sandbox>.json                SandboxRecord (version 1)
 *
 * <net> and <ep> are the 11-hex-digit ids of names.ts. The files are small
 * and the calls synchronous on purpose: an attach makes about ten of them,
 * and on a busy machine each trip through libuv's thread pool cost more than
 * the work itself.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { StateRoots } from '../host/state-root.js';
import type { EndpointRecord, NetworkRecord, PortBinding, SandboxRecord } from './types.js';

const isCode = (e: unknown, ...codes: string[]): boolean => codes.includes((e as NodeJS.ErrnoException).code ?? '');

async function writeAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    if (isCode(e, 'ENOENT', 'ENOTDIR')) return undefined;
    throw e;
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return readdirSync(dir)
      .filter((n) => !n.includes('.tmp-'))
      .sort();
  } catch (e) {
    if (isCode(e, 'ENOENT', 'ENOTDIR')) return [];
    throw e;
  }
}

/** Creates path exclusively; false when it already exists. */
async function claim(path: string, content: string): Promise<boolean> {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if (isCode(e, 'EEXIST')) return false;
    throw e;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

async function removeFile(path: string): Promise<void> {
  try {
    unlinkSync(path);
  } catch (e) {
    if (!isCode(e, 'ENOENT')) throw e;
  }
}

const readText = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Removes a claim file whose first tab-separated field is `owner`; someone else's claim stays. */
async function removeOwned(path: string, owner: string): Promise<void> {
  const content = readText(path);
  if (content === undefined || content.split('\t')[0] !== owner) return;
  await removeFile(path);
}

export const portKey = (b: Pick<PortBinding, 'protocol' | 'hostPort' | 'hostIp'>): string => `${b.protocol}-${b.hostPort}-${b.hostIp}`;

export class NetworkStore {
  readonly netsDir: string;
  readonly netnsDir: string;

  constructor(roots: StateRoots) {
    this.netsDir = join(roots.lib, 'networks');
    this.netnsDir = join(roots.run, 'netns');
  }

  private net(id: string, ...rest: string[]): string {
    return join(this.netsDir, id, ...rest);
  }

  async writeNetwork(r: NetworkRecord): Promise<void> {
    mkdirSync(this.net(r.id, 'ips'), { recursive: true });
    mkdirSync(this.net(r.id, 'endpoints'), { recursive: true });
    await writeAtomic(this.net(r.id, 'network.json'), `${JSON.stringify(r, null, 2)}\n`);
  }

  readNetwork(id: string): Promise<NetworkRecord | undefined> {
    return readJson<NetworkRecord>(this.net(id, 'network.json'));
  }

  async listNetworks(): Promise<NetworkRecord[]> {
    const out: NetworkRecord[] = [];
    for (const id of await list(this.netsDir)) {
      const r = id === 'ports' ? undefined : await this.readNetwork(id);
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  async removeNetwork(id: string): Promise<void> {
    rmSync(this.net(id), { recursive: true, force: true });
  }

  claimIp(netId: string, address: string, owner: string): Promise<boolean> {
    return claim(this.net(netId, 'ips', address), owner);
  }

  /** Releases the address only while `owner` (its first field) still holds it. */
  releaseIp(netId: string, address: string, owner: string): Promise<void> {
    return removeOwned(this.net(netId, 'ips', address), owner);
  }

  /** The allocated addresses only (no owners): what an attach needs, one readdir. */
  usedIps(netId: string): Promise<string[]> {
    return list(this.net(netId, 'ips'));
  }

  async listIps(netId: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const a of await list(this.net(netId, 'ips'))) out.set(a, readText(this.net(netId, 'ips', a)) ?? '');
    return out;
  }

  async readLast(netId: string, family: 4 | 6): Promise<string | undefined> {
    return (readText(this.net(netId, `last-${family}`)) ?? '').trim() || undefined;
  }

  writeLast(netId: string, family: 4 | 6, address: string): Promise<void> {
    return writeAtomic(this.net(netId, `last-${family}`), `${address}\n`);
  }

  writeEndpoint(r: EndpointRecord): Promise<void> {
    return writeAtomic(this.net(r.networkId, 'endpoints', `${r.id}.json`), `${JSON.stringify(r, null, 2)}\n`);
  }

  readEndpoint(netId: string, epId: string): Promise<EndpointRecord | undefined> {
    return readJson<EndpointRecord>(this.net(netId, 'endpoints', `${epId}.json`));
  }

  removeEndpoint(netId: string, epId: string): Promise<void> {
    return removeFile(this.net(netId, 'endpoints', `${epId}.json`));
  }

  async listEndpoints(netId: string): Promise<EndpointRecord[]> {
    const out: EndpointRecord[] = [];
    for (const f of await list(this.net(netId, 'endpoints'))) {
      const r = f.endsWith('.json') ? await readJson<EndpointRecord>(this.net(netId, 'endpoints', f)) : undefined;
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  async allEndpoints(): Promise<EndpointRecord[]> {
    const out: EndpointRecord[] = [];
    for (const id of await list(this.netsDir)) if (id !== 'ports') out.push(...(await this.listEndpoints(id)));
    return out;
  }

  async claimPort(b: PortBinding, owner: string): Promise<boolean> {
    mkdirSync(join(this.netsDir, 'ports'), { recursive: true });
    return claim(join(this.netsDir, 'ports', portKey(b)), owner);
  }

  releasePort(b: PortBinding, owner: string): Promise<void> {
    return removeOwned(join(this.netsDir, 'ports', portKey(b)), owner);
  }

  /** Every published port by key (see portKey), with its owner line. */
  async listPorts(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const dir = join(this.netsDir, 'ports');
    for (const k of await list(dir)) out.set(k, readText(join(dir, k)) ?? '');
    return out;
  }

  netnsPath(sandbox: string): string {
    return join(this.netnsDir, sandbox);
  }

  async writeSandbox(r: SandboxRecord): Promise<void> {
    mkdirSync(this.netnsDir, { recursive: true });
    await writeAtomic(join(this.netnsDir, `${r.id}.json`), `${JSON.stringify(r, null, 2)}\n`);
  }

  readSandbox(id: string): Promise<SandboxRecord | undefined> {
    return readJson<SandboxRecord>(join(this.netnsDir, `${id}.json`));
  }

  removeSandbox(id: string): Promise<void> {
    return removeFile(join(this.netnsDir, `${id}.json`));
  }

  async listSandboxes(): Promise<SandboxRecord[]> {
    const out: SandboxRecord[] = [];
    for (const f of await list(this.netnsDir)) {
      const r = f.endsWith('.json') ? await this.readSandbox(f.slice(0, -5)) : undefined;
      if (r !== undefined) out.push(r);
    }
    return out;
  }
}
