/**
 * `tscompose volume ls|create|inspect|rm|prune` (docker volume's) and
 * compose's `volumes`. A volume is in use when a container of any project
 * mounts it, as the project records say; in-use volumes are neither
 * removed nor pruned.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TscomposeError } from '../errors.js';
import { NoSuchVolumeError, VolumeInUseError, type VolumeDriver, type VolumeInfo } from '../volumes/index.js';
import type { ProjectStore } from '../state/project-store.js';

export interface VolumeDeps {
  volumes: VolumeDriver;
  projects: ProjectStore;
}

/** Volume name -> ids of the containers that mount it. */
export function volumeUsers(projects: ProjectStore): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const p of projects.list()) {
    for (const c of p.containers) {
      const names = new Set([...c.mounts.filter((m) => m.type === 'volume' && m.name !== undefined).map((m) => m.name as string), ...c.anonymousVolumes.map((a) => a.name), ...c.volumes]);
      for (const n of names) users.set(n, [...(users.get(n) ?? []), c.id]);
    }
  }
  return users;
}

export type Filters = Array<{ key: string; value: string }>;

export function parseFilters(raw: readonly string[], accepted: readonly string[]): Filters {
  return raw.map((f) => {
    const at = f.indexOf('=');
    if (at < 0) throw new TscomposeError('E_USAGE', `bad format of filter (expected name=value)`);
    const key = f.slice(0, at).trim().toLowerCase();
    if (!accepted.includes(key)) throw new TscomposeError('E_USAGE', `invalid filter '${key}'`);
    return { key, value: f.slice(at + 1) };
  });
}

function labelMatches(v: VolumeInfo, expr: string): boolean {
  const at = expr.indexOf('=');
  if (at < 0) return expr in v.labels;
  return v.labels[expr.slice(0, at)] === expr.slice(at + 1);
}

function matches(v: VolumeInfo, f: { key: string; value: string }, used: boolean): boolean {
  switch (f.key) {
    case 'name':
      return v.name.includes(f.value);
    case 'driver':
      return v.driver === f.value;
    case 'label':
      return labelMatches(v, f.value);
    case 'label!':
      return !labelMatches(v, f.value);
    case 'dangling':
      return ['true', '1'].includes(f.value.toLowerCase()) ? !used : used;
    default:
      return true;
  }
}

/** docker filters: the same key ORs its values, different keys AND. */
function keep(v: VolumeInfo, filters: Filters, used: boolean): boolean {
  const byKey = new Map<string, string[]>();
  for (const f of filters) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f.value]);
  return [...byKey].every(([key, values]) => values.some((value) => matches(v, { key, value }, used)));
}

export async function listVolumes(d: VolumeDeps, filters: Filters): Promise<VolumeInfo[]> {
  const users = volumeUsers(d.projects);
  const all = await d.volumes.list();
  return all.filter((v) => keep(v, filters, users.has(v.name))).sort((a, b) => naturalLess(a.name, b.name));
}

/** The sortorder.NaturalLess docker's `volume ls` sorts with: digit runs compare as numbers. */
export function naturalLess(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'variant' });
}

export async function inspectVolumes(d: VolumeDeps, names: readonly string[]): Promise<{ found: VolumeInfo[]; missing: string[] }> {
  const found: VolumeInfo[] = [];
  const missing: string[] = [];
  for (const n of names) {
    const v = await d.volumes.inspect(n);
    if (v === undefined) missing.push(n);
    else found.push(v);
  }
  return { found, missing };
}

/** Each name removed or its error, in order; -f makes a missing volume no error. */
export async function removeVolumes(d: VolumeDeps, names: readonly string[], force: boolean): Promise<Array<{ name: string; error?: Error }>> {
  const users = volumeUsers(d.projects);
  const out: Array<{ name: string; error?: Error }> = [];
  for (const name of names) {
    const using = users.get(name);
    if (using !== undefined) {
      out.push({ name, error: new VolumeInUseError(name, using) });
      continue;
    }
    const result = await d.volumes.remove(name);
    if (result === 'missing' && !force) out.push({ name, error: new NoSuchVolumeError(name) });
    else out.push({ name });
  }
  return out;
}

/** Unused volumes (anonymous ones only, unless `all`), with the bytes their data took. */
export async function pruneVolumes(d: VolumeDeps, all: boolean, filters: Filters): Promise<{ removed: string[]; bytes: number }> {
  const users = volumeUsers(d.projects);
  const candidates = (await d.volumes.list()).filter((v) => !users.has(v.name) && (all || v.anonymous) && keep(v, filters, false));
  const removed: string[] = [];
  let bytes = 0;
  for (const v of candidates) {
    bytes += diskUsage(v.mountpoint);
    if ((await d.volumes.remove(v.name)) === 'removed') removed.push(v.name);
  }
  return { removed, bytes };
}

function diskUsage(path: string): number {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, n) => sum + diskUsage(join(path, n)), 0);
}

/** compose's `volumes`: the project's volumes, or with services only those their containers mount. */
export async function projectVolumes(d: VolumeDeps, project: string, services: readonly string[]): Promise<VolumeInfo[]> {
  const mine = (await d.volumes.list()).filter((v) => v.project === project);
  if (services.length === 0) return mine;
  const record = d.projects.read(project);
  const used = new Set((record?.containers ?? []).filter((c) => services.includes(c.service)).flatMap((c) => [...c.volumes, ...c.mounts.flatMap((m) => (m.name === undefined ? [] : [m.name]))]));
  return mine.filter((v) => used.has(v.name));
}
