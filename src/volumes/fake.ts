/**
 * An in-memory VolumeDriver for tests of the layers above: it keeps records
 * and counts what it was asked, with the real driver's checks and results.
 */
import { NoSuchVolumeError, VolumeExistsError } from './errors.js';
import { checkLocalOptions, checkVolumeName } from './local-opts.js';
import { ANONYMOUS_LABEL, PROJECT_LABEL, RECORD_VERSION, type CopyUpResult, type VolumeDriver, type VolumeInfo, type VolumeSpec } from './types.js';

export class FakeVolumeDriver implements VolumeDriver {
  readonly volumes = new Map<string, VolumeInfo>();
  readonly calls: string[] = [];
  /** Volumes that already hold data: copy-up leaves them alone. */
  readonly filled = new Set<string>();
  private next = 0;

  async create(spec: VolumeSpec): Promise<VolumeInfo> {
    const name = spec.anonymous === true && spec.name === '' ? `anon${String(++this.next).padStart(60, '0')}` : spec.name;
    checkVolumeName(name);
    checkLocalOptions(spec.driverOpts ?? {});
    if (this.volumes.has(name)) throw new VolumeExistsError(name);
    this.calls.push(`create ${name}`);
    const labels: Record<string, string> = { ...(spec.labels ?? {}), ...(spec.anonymous === true ? { [ANONYMOUS_LABEL]: '' } : {}) };
    const project = labels[PROJECT_LABEL];
    const info: VolumeInfo = {
      version: RECORD_VERSION, name, driver: 'local', driverOpts: { ...(spec.driverOpts ?? {}) }, labels,
      createdAt: '2024-01-01T00:00:00Z', anonymous: spec.anonymous === true, mountpoint: `/fake/volumes/${name}/_data`, scope: 'local',
      ...(project === undefined ? {} : { project }),
    };
    this.volumes.set(name, info);
    return info;
  }

  async ensure(spec: VolumeSpec): Promise<VolumeInfo> {
    return this.volumes.get(spec.name) ?? this.create(spec);
  }

  async inspect(name: string): Promise<VolumeInfo | undefined> {
    return this.volumes.get(name);
  }

  async list(): Promise<VolumeInfo[]> {
    return [...this.volumes.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async remove(name: string): Promise<'removed' | 'missing'> {
    this.calls.push(`remove ${name}`);
    return this.volumes.delete(name) ? 'removed' : 'missing';
  }

  async mount(name: string): Promise<string> {
    const v = this.volumes.get(name);
    if (v === undefined) throw new NoSuchVolumeError(name);
    return v.mountpoint;
  }

  async copyUp(name: string, _rootfs: string, path: string): Promise<CopyUpResult> {
    await this.mount(name);
    if (this.filled.has(name)) return 'not-empty';
    this.filled.add(name);
    this.calls.push(`copy-up ${name} ${path}`);
    return 'copied';
  }
}
