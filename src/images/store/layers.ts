/**
 * layers/<diffid hex>/{diff/,layer.json}: one unpacked directory per diff
 * ID, shared by every image that has the layer. A layer appears by renaming
 * a finished directory from tmp/, so a half-unpacked layer is never seen;
 * work on one diff ID is serialised (lock), so it is done once.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hexOf } from '../digest.js';
import { readJsonFile, tmpName, writeFileAtomic } from './fs-util.js';
import { withLock } from './lock.js';
import { checkVersion, RECORD_VERSION, type BlobRef, type LayerRecord } from './records.js';

export interface ProducedLayer {
  size: number;
  blob?: BlobRef;
}

export class Layers {
  private readonly inFlight = new Map<string, Promise<LayerRecord>>();

  constructor(
    readonly dir: string,
    private readonly tmpDir: string,
    private readonly lockDir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  diffDir(diffId: string): string {
    return join(this.dir, hexOf(diffId), 'diff');
  }

  get(diffId: string): LayerRecord | undefined {
    const path = join(this.dir, hexOf(diffId), 'layer.json');
    const rec = readJsonFile<LayerRecord>(path);
    checkVersion('layer', path, rec);
    return rec;
  }

  has(diffId: string): boolean {
    return existsSync(join(this.dir, hexOf(diffId), 'layer.json'));
  }

  /**
   * The layer, unpacked by `produce` into an empty directory if it is not
   * there yet. Concurrent callers for one diff ID (in this process or
   * another) wait for the first and get its result.
   */
  ensure(diffId: string, produce: (diffDir: string) => Promise<ProducedLayer>): Promise<LayerRecord> {
    const running = this.inFlight.get(diffId);
    if (running !== undefined) return running;
    const p = withLock(this.lockDir, `layer-${hexOf(diffId)}`, async () => this.get(diffId) ?? (await this.unpack(diffId, produce)));
    this.inFlight.set(diffId, p);
    return p.finally(() => this.inFlight.delete(diffId));
  }

  private async unpack(diffId: string, produce: (diffDir: string) => Promise<ProducedLayer>): Promise<LayerRecord> {
    const work = join(this.tmpDir, tmpName('layer'));
    mkdirSync(join(work, 'diff'), { recursive: true, mode: 0o755 });
    try {
      const made = await produce(join(work, 'diff'));
      const rec: LayerRecord = { version: RECORD_VERSION, diffId, size: made.size, blobs: made.blob === undefined ? [] : [made.blob] };
      writeFileAtomic(join(work, 'layer.json'), JSON.stringify(rec));
      renameSync(work, join(this.dir, hexOf(diffId)));
      return rec;
    } catch (e) {
      rmSync(work, { recursive: true, force: true });
      throw e;
    }
  }

  /** A directory unpacked before its diff ID was known (import): kept, or dropped if the layer exists. */
  async adopt(work: string, diffId: string, size: number, blob: BlobRef): Promise<LayerRecord> {
    return withLock(this.lockDir, `layer-${hexOf(diffId)}`, async () => {
      const existing = this.get(diffId);
      if (existing !== undefined) {
        rmSync(work, { recursive: true, force: true });
        return this.withBlob(existing, blob);
      }
      const rec: LayerRecord = { version: RECORD_VERSION, diffId, size, blobs: [blob] };
      writeFileAtomic(join(work, 'layer.json'), JSON.stringify(rec));
      renameSync(work, join(this.dir, hexOf(diffId)));
      return rec;
    });
  }

  /** Records another blob that unpacks to this layer (the same layer compressed differently). */
  async addBlob(diffId: string, blob: BlobRef): Promise<LayerRecord | undefined> {
    return withLock(this.lockDir, `layer-${hexOf(diffId)}`, async () => {
      const rec = this.get(diffId);
      return rec === undefined ? undefined : this.withBlob(rec, blob);
    });
  }

  private withBlob(rec: LayerRecord, blob: BlobRef): LayerRecord {
    if (rec.blobs.some((b) => b.digest === blob.digest)) return rec;
    const next = { ...rec, blobs: [...rec.blobs, blob] };
    writeFileAtomic(join(this.dir, hexOf(rec.diffId), 'layer.json'), JSON.stringify(next));
    return next;
  }

  /** Renames away first, so a removal cut short leaves no layer that looks whole. */
  remove(diffId: string): void {
    const dir = join(this.dir, hexOf(diffId));
    if (!existsSync(dir)) return;
    const trash = join(this.tmpDir, tmpName('trash'));
    renameSync(dir, trash);
    rmSync(trash, { recursive: true, force: true });
  }
}
