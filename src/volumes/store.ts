/**
 * Volume records and data directories under lib/volumes/ (layout in
 * index.ts). A record is written atomically after its data directory
 * exists, so a listed volume always has somewhere to put data.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../host/atomic-file.js';
import { VolumeError } from './errors.js';
import { PROJECT_LABEL, RECORD_VERSION, type VolumeInfo, type VolumeRecord } from './types.js';

const RECORD = 'volume.json';
export const DATA_DIR = '_data';

export class VolumeStore {
  constructor(readonly root: string) {}

  dir(name: string): string {
    return join(this.root, name);
  }

  dataDir(name: string): string {
    return join(this.root, name, DATA_DIR);
  }

  read(name: string): VolumeRecord | undefined {
    const path = join(this.dir(name), RECORD);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
    const rec = JSON.parse(text) as VolumeRecord;
    if (rec.version !== RECORD_VERSION) {
      throw new VolumeError('E_RECORD_VERSION', `${path}: record version ${JSON.stringify(rec.version)} is not one this tscompose reads (it reads version 1)`);
    }
    return rec;
  }

  names(): string[] {
    try {
      return readdirSync(this.root).filter((n) => !n.startsWith('.')).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  write(rec: VolumeRecord): void {
    mkdirSync(this.dataDir(rec.name), { recursive: true, mode: 0o755 });
    writeJsonAtomic(join(this.dir(rec.name), RECORD), rec);
  }

  delete(name: string): void {
    rmSync(this.dir(name), { recursive: true, force: true });
  }

  info(rec: VolumeRecord): VolumeInfo {
    const project = rec.labels[PROJECT_LABEL];
    return { ...rec, mountpoint: this.dataDir(rec.name), scope: 'local', ...(project === undefined ? {} : { project }) };
  }
}
