/**
 * The image store, rooted at lib/images/ (the root is a parameter, so tests
 * and TSCOMPOSE_ROOT relocate it). On disk:
 *
 *   blobs/sha256/<hex>         content-addressed blobs: manifests, image
 *                              configs (the image id is the config's digest)
 *                              and layer blobs as the registry sent them
 *   layers/<diffid-hex>/
 *     diff/                    the unpacked layer, an overlayfs lowerdir
 *                              (whiteouts as 0/0 char devices, opaque dirs
 *                              with trusted.overlay.opaque=y)
 *     layer.json               LayerRecord: diff ID, size, known blobs
 *   images/<config-hex>.json   ImageRecord: manifest, layers, size
 *   repositories.json          tags and digests -> image id
 *   tmp/<pid>-<kind>-<rand>    work in progress: downloads, unpacking
 *                              layers, leases of running pulls; gc removes
 *                              the entries of processes that are gone
 *   locks/<key>.lock           lock files holding the owner's pid
 *   holds/<holder>/<name>.json {version, digests}: blobs and layers another
 *                              module keeps although no image names them
 *                              (the builder's layer cache, src/build/local);
 *                              gc leaves them, their holder removes them
 *
 * Every record carries `version`. Nothing becomes visible half-written: a
 * blob or layer is renamed into place once complete and verified, an image
 * record is written (tmp + rename) only after all its blobs and layers
 * exist, and its tags after that. An interrupted pull leaves only tmp/
 * entries, and the next pull redoes the work.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hexOf, isDigest } from '../digest.js';
import { AmbiguousImageError, InvalidReferenceError } from '../errors.js';
import type { Descriptor, OciImage } from '../oci-types.js';
import { familiarString, isImageId, parseReference, referenceString, withDefaultTag } from '../reference.js';
import { Blobs } from './blobs.js';
import { readJsonFile } from './fs-util.js';
import { Layers } from './layers.js';
import { checkVersion, type ImageRecord, type LocalImage, type RepositoriesRecord } from './records.js';
import { Repositories } from './repositories.js';
import { pruneImages, removeImage, type RemoveReport } from './remove.js';
import { importLayer, tagImage, writeImage, type ImportedLayer } from './write.js';

export class ImageStore {
  readonly blobs: Blobs;
  readonly layers: Layers;
  readonly repositories: Repositories;
  readonly tmpDir: string;
  readonly lockDir: string;
  readonly imagesDir: string;
  /** holds/: see the layout above. */
  readonly holdsDir: string;

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
    this.lockDir = join(root, 'locks');
    this.imagesDir = join(root, 'images');
    this.holdsDir = join(root, 'holds');
    for (const d of [this.tmpDir, this.lockDir, this.imagesDir]) mkdirSync(d, { recursive: true });
    this.blobs = new Blobs(join(root, 'blobs'), this.tmpDir);
    this.layers = new Layers(join(root, 'layers'), this.tmpDir, this.lockDir);
    this.repositories = new Repositories(root, this.lockDir);
  }

  record(id: string): ImageRecord | undefined {
    const path = join(this.imagesDir, `${hexOf(id)}.json`);
    const rec = readJsonFile<ImageRecord>(path);
    checkVersion('image', path, rec);
    return rec;
  }

  recordIds(): string[] {
    return readdirSync(this.imagesDir)
      .filter((n) => /^[0-9a-f]{64}\.json$/.test(n))
      .map((n) => `sha256:${n.slice(0, 64)}`);
  }

  /**
   * The image id a reference names: a full id, a repository:tag or @digest
   * (normalised as docker does), or a unique prefix of an id.
   */
  resolveId(ref: string, repos: RepositoriesRecord = this.repositories.read()): string | undefined {
    if (isImageId(ref)) {
      const id = ref.startsWith('sha256:') ? ref : `sha256:${ref}`;
      return this.record(id) === undefined ? undefined : id;
    }
    let invalid: InvalidReferenceError | undefined;
    try {
      const key = storeKey(ref);
      const id = key.includes('@') ? repos.digests[key] : repos.tags[key];
      if (id !== undefined) return id;
    } catch (e) {
      if (!(e instanceof InvalidReferenceError)) throw e;
      invalid = e;
    }
    const prefix = /^(?:sha256:)?([0-9a-f]{1,63})$/.exec(ref)?.[1];
    if (prefix === undefined) {
      if (invalid !== undefined) throw invalid;
      return undefined;
    }
    const found = this.recordIds().filter((id) => hexOf(id).startsWith(prefix));
    if (found.length > 1) throw new AmbiguousImageError(ref);
    return found[0];
  }

  async get(ref: string): Promise<LocalImage | undefined> {
    const repos = this.repositories.read();
    const id = this.resolveId(ref, repos);
    return id === undefined ? undefined : this.localImage(id, repos);
  }

  localImage(id: string, repos: RepositoriesRecord = this.repositories.read()): LocalImage | undefined {
    const rec = this.record(id);
    if (rec === undefined) return undefined;
    const config = JSON.parse(this.blobs.read(id).toString('utf8')) as OciImage;
    const named = (m: Record<string, string>): string[] =>
      Object.entries(m)
        .filter(([, v]) => v === id)
        .map(([k]) => familiarString(parseReference(k)))
        .sort();
    const manifest: Descriptor = { mediaType: rec.manifest.mediaType, digest: rec.manifest.digest, size: rec.manifest.size };
    return {
      id,
      repoTags: named(repos.tags),
      repoDigests: named(repos.digests),
      created: config.created ?? '',
      size: rec.size,
      config,
      layerDirs: rec.layers.map((l) => this.layers.diffDir(l.diffId)),
      manifest,
      layers: rec.layers,
    };
  }

  importLayer(tar: AsyncIterable<Uint8Array>): Promise<ImportedLayer> {
    return importLayer(this, tar);
  }

  writeImage(config: OciImage, diffIds: readonly string[], tags: readonly string[] = []): Promise<LocalImage> {
    return writeImage(this, config, diffIds, tags);
  }

  tag(source: string, target: string): Promise<void> {
    return tagImage(this, source, target);
  }

  /** Removes one tag or digest reference; the image itself stays (as `<none>` when it was the last). */
  async untag(ref: string): Promise<boolean> {
    const key = storeKey(ref);
    return this.repositories.update((repos) => {
      const table = key.includes('@') ? repos.digests : repos.tags;
      const had = key in table;
      delete table[key];
      return had;
    });
  }

  remove(ref: string, opts: { force?: boolean; inUse?: (id: string) => boolean } = {}): Promise<RemoveReport> {
    return removeImage(this, ref, opts);
  }

  prune(opts: { all?: boolean; inUse?: (id: string) => boolean } = {}): Promise<RemoveReport> {
    return pruneImages(this, opts);
  }

  async list(): Promise<LocalImage[]> {
    const repos = this.repositories.read();
    return this.recordIds()
      .map((id) => this.localImage(id, repos))
      .filter((i): i is LocalImage => i !== undefined);
  }
}

/** The key repositories.json uses: tag references get `latest`, digest references drop their tag. */
export function storeKey(ref: string): string {
  const r = withDefaultTag(parseReference(ref));
  if (r.digest !== undefined) return referenceString({ domain: r.domain, path: r.path, digest: r.digest });
  return referenceString(r);
}

export function isDigestRef(key: string): boolean {
  const at = key.lastIndexOf('@');
  return at !== -1 && isDigest(key.slice(at + 1));
}

export function openImageStore(root: string): ImageStore {
  return new ImageStore(root);
}
