/**
 * A service's mounts, from its canonical `volumes:` and `tmpfs:` plus the
 * image's VOLUME list, turned into the volume driver's requests: binds,
 * named volumes (by their project name), anonymous volumes (the recreated
 * container's, by target, unless -V asked for new ones), tmpfs. What each
 * volume should receive from the image (copy-up) is returned alongside.
 */
import { isMapping, type Mapping } from '../../compose/tree.js';
import { bindMount, tmpfsMount, volumeMount, type MountSpec, type VolumeDriver } from '../../volumes/index.js';
import { ExecError } from '../errors.js';
import type { ImageConfig } from '../ports.js';
import type { MountRecord } from '../../state/records.js';

export interface MountPlan {
  mounts: MountSpec[];
  records: MountRecord[];
  anonymous: Array<{ target: string; name: string }>;
  /** Volumes to fill from the image at `target`, unless they hold data. */
  copyUp: Array<{ volume: string; target: string }>;
}

export interface MountInputs {
  service: string;
  config: Mapping;
  image: ImageConfig;
  /** Project volume names by key. */
  volumeNames: ReadonlyMap<string, string>;
  /** The anonymous volumes of the container being replaced, by target. */
  inherited: ReadonlyMap<string, string>;
  /** Parents' mounts for `volumes_from`, already resolved to their first container. */
  volumesFrom: ReadonlyArray<{ mounts: readonly MountRecord[]; readOnly: boolean }>;
  driver: VolumeDriver;
  /** Labels of new anonymous volumes. */
  labels: Record<string, string>;
}

export async function planMounts(inp: MountInputs): Promise<MountPlan> {
  const out: MountPlan = { mounts: [], records: [], anonymous: [], copyUp: [] };
  const entries = Array.isArray(inp.config.volumes) ? inp.config.volumes.filter(isMapping) : [];
  for (const [i, v] of entries.entries()) await addEntry(out, inp, v, `services.${inp.service}.volumes.${i}`);
  for (const raw of Array.isArray(inp.config.tmpfs) ? inp.config.tmpfs.map(String) : []) {
    const at = raw.indexOf(':');
    const target = at < 0 ? raw : raw.slice(0, at);
    add(out, tmpfsMount({ target, raw: at < 0 ? '' : raw.slice(at + 1) }), { type: 'tmpfs', source: 'tmpfs', target, readOnly: false });
  }
  for (const from of inp.volumesFrom) {
    for (const m of from.mounts.filter((x) => x.type !== 'tmpfs' && !taken(out, x.target))) {
      const readOnly = from.readOnly || m.readOnly;
      add(out, { type: 'bind', source: m.source, target: m.target, options: ['rbind', readOnly ? 'ro' : 'rw', 'rprivate'], sourceKind: 'dir' }, { ...m, readOnly });
    }
  }
  for (const target of Object.keys(inp.image.Volumes ?? {}).sort()) {
    if (!taken(out, target)) await addAnonymous(out, inp, target, false, false, `services.${inp.service}`);
  }
  return out;
}

function taken(out: MountPlan, target: string): boolean {
  const clean = target.replace(/\/+$/, '') || '/';
  return out.mounts.some((m) => (m.target.replace(/\/+$/, '') || '/') === clean);
}

function add(out: MountPlan, spec: MountSpec, rec: MountRecord): void {
  out.mounts.push(spec);
  out.records.push(rec);
}

async function addEntry(out: MountPlan, inp: MountInputs, v: Mapping, key: string): Promise<void> {
  const target = String(v.target ?? '');
  const readOnly = v.read_only === true;
  const opts = isMapping(v.volume) ? v.volume : {};
  switch (v.type) {
    case 'bind': {
      const bind = isMapping(v.bind) ? v.bind : {};
      const source = String(v.source ?? '');
      const spec = bindMount({ service: inp.service, key, source, target, readOnly, createHostPath: bind.create_host_path === true, ...(typeof bind.propagation === 'string' ? { propagation: bind.propagation } : {}) });
      add(out, spec, { type: 'bind', source, target, readOnly });
      return;
    }
    case 'volume': {
      const source = typeof v.source === 'string' ? v.source : '';
      if (source === '') return addAnonymous(out, inp, target, readOnly, opts.nocopy === true, key);
      const name = inp.volumeNames.get(source) ?? source;
      const mountpoint = await inp.driver.mount(name);
      const subpath = typeof opts.subpath === 'string' ? opts.subpath : undefined;
      add(out, volumeMount({ service: inp.service, key, mountpoint, target, readOnly, ...(subpath === undefined ? {} : { subpath }) }), { type: 'volume', name, source: mountpoint, target, readOnly });
      if (opts.nocopy !== true && subpath === undefined) out.copyUp.push({ volume: name, target });
      return;
    }
    case 'tmpfs': {
      const t = isMapping(v.tmpfs) ? v.tmpfs : {};
      const sizeBytes = t.size === undefined ? undefined : Number(t.size);
      const mode = typeof t.mode === 'number' ? t.mode : undefined;
      add(out, tmpfsMount({ target, readOnly, ...(sizeBytes === undefined ? {} : { sizeBytes }), ...(mode === undefined ? {} : { mode }) }), { type: 'tmpfs', source: 'tmpfs', target, readOnly });
      return;
    }
    default:
      throw new ExecError('E_MOUNT_TYPE', `service "${inp.service}": ${key}: mounts of type ${String(v.type)} are not supported by tscompose`, { hint: 'use a bind mount, a volume or a tmpfs' });
  }
}

async function addAnonymous(out: MountPlan, inp: MountInputs, target: string, readOnly: boolean, nocopy: boolean, key: string): Promise<void> {
  let name = inp.inherited.get(target);
  if (name === undefined || (await inp.driver.inspect(name)) === undefined) {
    name = (await inp.driver.create({ name: '', anonymous: true, labels: inp.labels })).name;
  }
  const mountpoint = await inp.driver.mount(name);
  out.anonymous.push({ target, name });
  add(out, volumeMount({ service: inp.service, key, mountpoint, target, readOnly }), { type: 'volume', name, source: mountpoint, target, readOnly });
  if (!nocopy) out.copyUp.push({ volume: name, target });
}
