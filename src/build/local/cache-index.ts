/**
 * The layer cache: the plan's cache keys (docker's classic builder keys:
 * parent key, instruction, config, source content hashes) to the layers
 * those steps produced, kept in the image store's holds/ so its garbage
 * collection leaves the layers alone although no image may name them:
 *
 *   <store>/holds/build-cache/<key hex>.json
 *       {version: 1, key, diffId, empty, created, digests: [diffId, blob]}
 *   <store>/holds/build-cache/image-<hex>.json
 *       {version: 1, imageId, digests: []}: the image last written for a
 *       config and layer list, so an unchanged rebuild gives the same id
 *       (the classic builder's cached final image) instead of a new
 *       `created` time
 *
 * An entry whose layer has gone (removed by hand) is a miss, and dropped.
 * Records are written atomically; a version other than 1 is a miss.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageStore } from '../../images/index.js';
import type { LayerRef } from '../exec/executor.js';

const VERSION = 1;

interface LayerEntry {
  version: number;
  key: string;
  diffId: string;
  empty: boolean;
  created: string;
  digests: string[];
}

interface ImageEntry {
  version: number;
  imageId: string;
  digests: string[];
}

function hexOf(key: string): string {
  return key.replace(/^sha256:/, '');
}

export class BuildCache {
  readonly dir: string;

  constructor(private readonly store: ImageStore) {
    this.dir = join(store.holdsDir, 'build-cache');
  }

  private read<T extends { version: number }>(name: string): T | undefined {
    try {
      const rec = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as T;
      return rec.version === VERSION ? rec : undefined;
    } catch {
      return undefined;
    }
  }

  private write(name: string, rec: object): void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, name);
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, JSON.stringify(rec));
    renameSync(tmp, path);
  }

  lookup(key: string): LayerRef | undefined {
    const name = `${hexOf(key)}.json`;
    const rec = this.read<LayerEntry>(name);
    if (rec === undefined || rec.key !== key) return undefined;
    if (!this.store.layers.has(rec.diffId)) {
      rmSync(join(this.dir, name), { force: true });
      return undefined;
    }
    return { id: rec.diffId, diffId: rec.diffId, empty: rec.empty };
  }

  record(key: string, layer: LayerRef, blobDigest: string): void {
    const rec: LayerEntry = { version: VERSION, key, diffId: layer.diffId, empty: layer.empty, created: new Date().toISOString(), digests: [layer.diffId, blobDigest] };
    this.write(`${hexOf(key)}.json`, rec);
  }

  /** The id of the image last written for this config and layer list, when it is still in the store. */
  cachedImage(fingerprint: string): string | undefined {
    const rec = this.read<ImageEntry>(`image-${fingerprint}.json`);
    if (rec === undefined || this.store.record(rec.imageId) === undefined) return undefined;
    return rec.imageId;
  }

  recordImage(fingerprint: string, imageId: string): void {
    this.write(`image-${fingerprint}.json`, { version: VERSION, imageId, digests: [] } satisfies ImageEntry);
  }

  /** Removes every entry (`--no-cache` never does; `builder prune` would). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
