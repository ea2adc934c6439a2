/** The engine's reading side: lookup, inspect, logs, stats and top. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readCgroupStats, networkBytes, systemCpuNs } from './cgroups/stats.js';
import type { EngineDeps } from './deps.js';
import type { ContainerInspect, ContainerStats, LogEntry, LogOptions, TopResult } from './engine.js';
import { ContainerStateError } from './errors.js';
import { readLogs } from './monitor/log-reader.js';
import { containerPaths, listRecordIds, loadRecord, recordExists, type ContainerRecord } from './state.js';
import { readState } from './status.js';

/**
 * Names of the records this process has read, by id: a name never changes
 * for an id, so each record is read once however many lookups come (`ps`
 * of fifty containers looked each one up by name, reading every record
 * each time). Ids that are no longer listed are dropped.
 */
const namesById = new Map<string, Map<string, string>>();

function recordNames(deps: EngineDeps, ids: readonly string[]): Map<string, string> {
  let names = namesById.get(deps.roots.lib);
  if (names === undefined) namesById.set(deps.roots.lib, (names = new Map()));
  const listed = new Set(ids);
  for (const id of names.keys()) if (!listed.has(id)) names.delete(id);
  for (const id of ids) {
    if (names.has(id)) continue;
    try {
      names.set(id, loadRecord(deps.roots, id).name);
    } catch {
      // Being written or removed right now: not a match this time.
    }
  }
  return names;
}

/** By full id, unique id prefix, or name (Docker's lookup order). */
export function findContainer(deps: EngineDeps, nameOrId: string): string | undefined {
  // A full id needs no listing (callers holding project records look up by id).
  if (/^[0-9a-f]{64}$/.test(nameOrId) && recordExists(deps.roots, nameOrId)) return nameOrId;
  const ids = listRecordIds(deps.roots);
  if (ids.includes(nameOrId)) return nameOrId;
  const name = nameOrId.replace(/^\//, '');
  for (const [id, n] of recordNames(deps, ids)) if (n === name) return id;
  const prefixed = /^[0-9a-f]+$/.test(nameOrId) ? ids.filter((id) => id.startsWith(nameOrId)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

export async function inspectRecord(deps: EngineDeps, rec: ContainerRecord): Promise<ContainerInspect> {
  const p = containerPaths(deps.roots, rec.id);
  return {
    id: rec.id,
    name: rec.name,
    runtime: rec.runtime,
    created: rec.created,
    image: rec.image,
    labels: { ...rec.labels },
    state: await readState(deps, rec),
    description: rec.description,
    warnings: [...rec.warnings],
    paths: { bundle: p.bundle, rootfs: p.rootfs, upper: join(p.lib, 'upper'), log: rec.logging.driver === 'none' ? undefined : p.log, hostname: p.hostname, hosts: p.hosts, resolvConf: p.resolvConf },
  };
}

function rfc3339(t: string | Date | undefined): string | undefined {
  if (t === undefined) return undefined;
  if (typeof t === 'string') return t;
  return t.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export function logsOf(deps: EngineDeps, rec: ContainerRecord, o: LogOptions): AsyncIterable<LogEntry> {
  if (rec.logging.driver === 'none') {
    throw new ContainerStateError(rec.name, 'configured logging driver does not support reading', { hint: 'the service has logging driver none' });
  }
  const since = rfc3339(o.since);
  const until = rfc3339(o.until);
  return readLogs(containerPaths(deps.roots, rec.id).log, {
    ...(o.follow === undefined ? {} : { follow: o.follow }),
    ...(o.tail === undefined ? {} : { tail: o.tail }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
    stop: () => !recordExists(deps.roots, rec.id),
  });
}

export async function statsOf(deps: EngineDeps, rec: ContainerRecord): Promise<ContainerStats> {
  const state = await readState(deps, rec);
  const cg = readCgroupStats(deps.layout, rec.description.cgroupsPath ?? '');
  return {
    ...cg,
    read: new Date().toISOString(),
    systemCpuNs: systemCpuNs(),
    onlineCpus: availableParallelism(),
    network: state.pid > 0 ? networkBytes(state.pid) : { rx: 0, tx: 0 },
  };
}

/** `ps` on the host, keeping the rows of the container's processes (as dockerd's top does). */
export async function topOf(deps: EngineDeps, rec: ContainerRecord, psArgs: string[]): Promise<TopResult> {
  const state = await readState(deps, rec);
  if (!state.running) throw new ContainerStateError(rec.name, `Container ${rec.id} is not running`);
  const pids = new Set(await deps.runtimeFor(rec.runtime).ps(rec.id));
  const out = (await deps.runner.run('ps', psArgs)).stdout.split('\n').filter((l) => l.trim() !== '');
  const titles = (out[0] ?? '').trim().split(/\s+/);
  const pidCol = titles.indexOf('PID');
  if (pidCol === -1) throw new ContainerStateError(rec.name, `Couldn't find PID field in ps output`);
  const processes = out.slice(1).flatMap((line) => {
    const fields = line.trim().split(/\s+/);
    if (!pids.has(Number(fields[pidCol]))) return [];
    // The last column (the command) keeps its spaces.
    return [[...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')]];
  });
  return { titles, processes };
}
