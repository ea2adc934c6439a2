/**
 * The local volume driver: a volume is a directory lib/volumes/<name>/_data
 * with a record beside it. A volume with driver_opts is mounted over that
 * directory (mount(8) through the host runner) the first time a container
 * needs it and unmounted when the volume is removed.
 */
import type { CommandRunner } from '../host/command.js';
import { copyUp } from './copy-up.js';
import { NoSuchVolumeError, VolumeExistsError } from './errors.js';
import { checkDriver, checkLocalOptions, checkVolumeName, hasMountOptions, isMountPoint, mountLocal, unmountLocal } from './local-opts.js';
import { VolumeStore } from './store.js';
import { ANONYMOUS_LABEL, RECORD_VERSION, type CopyUpResult, type RemoveResult, type VolumeDriver, type VolumeInfo, type VolumeRecord, type VolumeSpec } from './types.js';

export interface LocalDriverOptions {
  runner: CommandRunner;
  now?: () => Date;
  /** Reads the mount table; tests pass one. */
  mountinfo?: () => string;
}

export class LocalVolumeDriver implements VolumeDriver {
  private readonly store: VolumeStore;
  private readonly now: () => Date;

  constructor(root: string, private readonly opts: LocalDriverOptions) {
    this.store = new VolumeStore(root);
    this.now = opts.now ?? (() => new Date());
  }

  async create(spec: VolumeSpec): Promise<VolumeInfo> {
    const name = spec.anonymous === true && spec.name === '' ? process.getBuiltinModule('node:crypto').randomBytes(32).toString('hex') : spec.name;
    checkVolumeName(name);
    checkDriver(spec.driver);
    const driverOpts = { ...(spec.driverOpts ?? {}) };
    checkLocalOptions(driverOpts);
    if (this.store.read(name) !== undefined) throw new VolumeExistsError(name);
    const labels: Record<string, string> = { ...(spec.labels ?? {}), ...(spec.anonymous === true ? { [ANONYMOUS_LABEL]: '' } : {}) };
    const rec: VolumeRecord = { version: RECORD_VERSION, name, driver: 'local', driverOpts, labels, createdAt: secondStamp(this.now()), anonymous: spec.anonymous === true };
    this.store.write(rec);
    return this.store.info(rec);
  }

  async ensure(spec: VolumeSpec): Promise<VolumeInfo> {
    return (await this.inspect(spec.name)) ?? this.create(spec);
  }

  async inspect(name: string): Promise<VolumeInfo | undefined> {
    if (name.includes('/') || name === '' || name === '.' || name === '..') return undefined;
    const rec = this.store.read(name);
    return rec === undefined ? undefined : this.store.info(rec);
  }

  async list(): Promise<VolumeInfo[]> {
    return this.store.names().flatMap((n) => {
      const rec = this.store.read(n);
      return rec === undefined ? [] : [this.store.info(rec)];
    });
  }

  async remove(name: string): Promise<RemoveResult> {
    if ((await this.inspect(name)) === undefined) return 'missing';
    const data = this.store.dataDir(name);
    if (isMountPoint(data, this.opts.mountinfo)) await unmountLocal(this.opts.runner, data);
    this.store.delete(name);
    return 'removed';
  }

  async mount(name: string): Promise<string> {
    const info = await this.inspect(name);
    if (info === undefined) throw new NoSuchVolumeError(name);
    if (hasMountOptions(info.driverOpts) && !isMountPoint(info.mountpoint, this.opts.mountinfo)) {
      await mountLocal(this.opts.runner, info.driverOpts, info.mountpoint);
    }
    return info.mountpoint;
  }

  async copyUp(name: string, rootfs: string, path: string): Promise<CopyUpResult> {
    const dir = await this.mount(name);
    return copyUp(this.opts.runner, dir, rootfs, path);
  }
}

/** docker's CreatedAt: RFC 3339 in UTC without fractions. */
function secondStamp(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}
