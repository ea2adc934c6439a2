/**
 * `image rm` and `image prune` as docker does them: removing a reference
 * untags; removing the last one (or the id) deletes the image; then every
 * blob and layer no image needs any more is collected.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hexOf } from '../digest.js';
import { ImageInUseError, NoSuchImageError } from '../errors.js';
import { familiarString, isImageId, parseReference } from '../reference.js';
import { pidOfTmp, processAlive, readJsonFile, tmpName, writeFileAtomic } from './fs-util.js';
import { withLock } from './lock.js';
import type { RepositoriesRecord } from './records.js';
import { isDigestRef, storeKey, type ImageStore } from './store.js';

export interface RemoveReport {
  untagged: string[];
  deleted: string[];
  /** Bytes freed in blobs and layers. */
  reclaimed: number;
}

function refsOf(repos: RepositoriesRecord, id: string): string[] {
  return [...Object.entries(repos.tags), ...Object.entries(repos.digests)].filter(([, v]) => v === id).map(([k]) => k);
}

function dropRefs(repos: RepositoriesRecord, keys: readonly string[]): void {
  for (const k of keys) {
    if (isDigestRef(k)) delete repos.digests[k];
    else delete repos.tags[k];
  }
}

export async function removeImage(store: ImageStore, ref: string, opts: { force?: boolean; inUse?: (id: string) => boolean } = {}): Promise<RemoveReport> {
  const id = store.resolveId(ref);
  if (id === undefined) throw new NoSuchImageError(ref);
  const byId = isImageId(ref) || !tryKey(ref);
  const report: RemoveReport = { untagged: [], deleted: [], reclaimed: 0 };
  const deleteIt = await store.repositories.update((repos) => {
    const refs = refsOf(repos, id);
    const tags = refs.filter((k) => !isDigestRef(k));
    if (!byId) {
      const key = storeKey(ref);
      dropRefs(repos, [key]);
      report.untagged.push(familiarString(parseReference(key)));
      // The last tag gone: its digests go too and the image is deleted, as docker does.
      if (tags.filter((t) => t !== key).length > 0) return false;
      const rest = refsOf(repos, id);
      dropRefs(repos, rest);
      report.untagged.push(...rest.map((k) => familiarString(parseReference(k))));
    } else {
      if (tags.length > 1 && opts.force !== true) throw new ImageInUseError(ref, 'image is referenced in multiple repositories');
      dropRefs(repos, refs);
      report.untagged.push(...refs.map((k) => familiarString(parseReference(k))));
    }
    if (opts.inUse?.(id) === true && opts.force !== true) throw new ImageInUseError(ref, `image ${hexOf(id).slice(0, 12)} is used by a container`);
    return true;
  });
  if (deleteIt) {
    rmSync(join(store.imagesDir, `${hexOf(id)}.json`), { force: true });
    report.deleted.push(id);
    report.reclaimed += await collectGarbage(store);
  }
  return report;
}

function tryKey(ref: string): boolean {
  try {
    storeKey(ref);
    return true;
  } catch {
    return false;
  }
}

/** docker image prune: dangling images (no tag), or with `all` every image not in use. */
export async function pruneImages(store: ImageStore, opts: { all?: boolean; inUse?: (id: string) => boolean } = {}): Promise<RemoveReport> {
  const report: RemoveReport = { untagged: [], deleted: [], reclaimed: 0 };
  const victims = await store.repositories.update((repos) => {
    const tagged = new Set(Object.values(repos.tags));
    const ids = store.recordIds().filter((id) => (opts.all === true || !tagged.has(id)) && opts.inUse?.(id) !== true);
    for (const id of ids) {
      const refs = refsOf(repos, id);
      dropRefs(repos, refs);
      report.untagged.push(...refs.map((k) => familiarString(parseReference(k))));
    }
    return ids;
  });
  for (const id of victims) {
    rmSync(join(store.imagesDir, `${hexOf(id)}.json`), { force: true });
    report.deleted.push(id);
  }
  report.reclaimed = await collectGarbage(store);
  return report;
}

/** A running pull names what it is fetching, so a concurrent gc leaves it alone. */
export function takeLease(store: ImageStore, digests: readonly string[]): () => void {
  const path = join(store.tmpDir, `${tmpName('lease')}.json`);
  writeFileAtomic(path, JSON.stringify({ version: 1, digests }));
  return () => rmSync(path, { force: true });
}

function liveLeases(store: ImageStore): Set<string> {
  const keep = new Set<string>();
  for (const name of readdirSync(store.tmpDir)) {
    const pid = pidOfTmp(name);
    if (pid === undefined) continue;
    if (!processAlive(pid)) {
      rmSync(join(store.tmpDir, name), { recursive: true, force: true });
      continue;
    }
    if (!name.includes('-lease-')) continue;
    for (const d of readJsonFile<{ digests: string[] }>(join(store.tmpDir, name))?.digests ?? []) keep.add(d);
  }
  return keep;
}

/** What other modules hold (holds/<holder>/<name>.json), such as the builder's cached layers. */
function holds(store: ImageStore, keep: Set<string>): void {
  let holders: string[];
  try {
    holders = readdirSync(store.holdsDir);
  } catch {
    return;
  }
  for (const holder of holders) {
    let names: string[];
    try {
      names = readdirSync(join(store.holdsDir, holder));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      for (const d of readJsonFile<{ digests?: string[] }>(join(store.holdsDir, holder, name))?.digests ?? []) keep.add(d);
    }
  }
}

/** Removes blobs and layers no image record (nor hold) refers to; returns the bytes freed. */
export async function collectGarbage(store: ImageStore): Promise<number> {
  return withLock(store.lockDir, 'gc', async () => {
    const keep = liveLeases(store);
    holds(store, keep);
    for (const id of store.recordIds()) {
      const rec = store.record(id);
      if (rec === undefined) continue;
      keep.add(id);
      keep.add(rec.manifest.digest);
      for (const l of rec.layers) {
        keep.add(l.diffId);
        keep.add(l.blob.digest);
      }
    }
    let freed = 0;
    for (const hex of readdirSync(join(store.blobs.dir, 'sha256'))) {
      const digest = `sha256:${hex}`;
      if (keep.has(digest) || !/^[0-9a-f]{64}$/.test(hex)) continue;
      freed += store.blobs.size(digest) ?? 0;
      store.blobs.remove(digest);
    }
    for (const hex of readdirSync(store.layers.dir)) {
      const diffId = `sha256:${hex}`;
      if (keep.has(diffId) || !/^[0-9a-f]{64}$/.test(hex)) continue;
      freed += store.layers.get(diffId)?.size ?? statSync(join(store.layers.dir, hex)).size;
      store.layers.remove(diffId);
    }
    return freed;
  });
}
