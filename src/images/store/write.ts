/** Writing images into the store: records after content, tags last. */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Digester, sha256 } from '../digest.js';
import { NoSuchImageError, ImageError } from '../errors.js';
import { applyLayer } from '../layer/apply-layer.js';
import { decompress, gzipStream } from '../layer/decompress.js';
import { MediaType } from '../media-types.js';
import type { ImageManifest, OciImage } from '../oci-types.js';
import { parseReference, repositoryName } from '../reference.js';
import { tmpName, writeFileAtomic } from './fs-util.js';
import { RECORD_VERSION, type BlobRef, type ImageRecord, type LocalImage } from './records.js';
import { storeKey, type ImageStore } from './store.js';
import { createWriteStream } from 'node:fs';
import type { PassThrough } from 'node:stream';

export interface CommitRequest {
  configBytes: Buffer;
  manifestBytes: Buffer;
  manifestMediaType: string;
  layers: Array<{ diffId: string; blob: BlobRef }>;
  /** References to point at the image: tags, and `name@digest` for the digest it was pulled by. */
  tags: readonly string[];
  /** `repository@digest` references the image was pulled or pushed by (the index digest for a multi-platform tag). */
  digestRefs: readonly string[];
}

export async function commitImage(store: ImageStore, req: CommitRequest): Promise<LocalImage> {
  const id = store.blobs.putBytes(req.configBytes);
  const manifestDigest = store.blobs.putBytes(req.manifestBytes);
  const size = req.layers.reduce((n, l) => n + (store.layers.get(l.diffId)?.size ?? 0), 0);
  const rec: ImageRecord = {
    version: RECORD_VERSION,
    id,
    manifest: { digest: manifestDigest, mediaType: req.manifestMediaType, size: req.manifestBytes.length },
    layers: req.layers,
    size,
    added: new Date().toISOString(),
  };
  writeFileAtomic(join(store.imagesDir, `${id.slice(7)}.json`), JSON.stringify(rec));
  await store.repositories.update((repos) => {
    for (const t of req.tags) repos.tags[storeKey(t)] = id;
    for (const r of req.digestRefs) repos.digests[storeKey(r)] = id;
  });
  const image = store.localImage(id);
  if (image === undefined) throw new ImageError('E_STORE', `image ${id} vanished while it was written`);
  return image;
}

/** A schema 2 manifest for layers this store holds (Docker types; OCI when a layer is zstd). */
export function manifestFor(configDigest: string, configSize: number, layers: ReadonlyArray<{ blob: BlobRef }>): { bytes: Buffer; mediaType: string } {
  const oci = layers.some((l) => l.blob.mediaType.includes('zstd') || l.blob.mediaType.startsWith('application/vnd.oci.'));
  const mediaType = oci ? MediaType.ociManifest : MediaType.dockerManifest;
  const m: ImageManifest = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: oci ? MediaType.ociConfig : MediaType.dockerConfig, size: configSize, digest: configDigest },
    layers: layers.map((l) => ({ mediaType: l.blob.mediaType, size: l.blob.size, digest: l.blob.digest })),
  };
  return { bytes: Buffer.from(JSON.stringify(m, null, 3)), mediaType };
}

/** For the builder, commit and import: an image from layers already in the store. */
export async function writeImage(store: ImageStore, config: OciImage, diffIds: readonly string[], tags: readonly string[]): Promise<LocalImage> {
  const layers = diffIds.map((diffId) => {
    const blob = store.layers.get(diffId)?.blobs[0];
    if (blob === undefined) throw new ImageError('E_NO_SUCH_LAYER', `layer ${diffId} is not in the image store`);
    return { diffId, blob };
  });
  const full: OciImage = { ...config, rootfs: { type: 'layers', diff_ids: [...diffIds] } };
  const configBytes = Buffer.from(JSON.stringify(full));
  const { bytes, mediaType } = manifestFor(sha256(configBytes), configBytes.length, layers);
  for (const t of tags) parseReference(t);
  return commitImage(store, { configBytes, manifestBytes: bytes, manifestMediaType: mediaType, layers, tags, digestRefs: [] });
}

export interface ImportedLayer {
  diffId: string;
  dir: string;
  size: number;
  blob: BlobRef;
}

/**
 * A layer tar (plain, gzip or zstd) into the store: unpacked, and kept as a
 * gzip blob so the image can be pushed and saved with a stable digest.
 */
export async function importLayer(store: ImageStore, tar: AsyncIterable<Uint8Array>, source = 'layer'): Promise<ImportedLayer> {
  const work = join(store.tmpDir, tmpName('import'));
  const blobTmp = store.blobs.tmpFile('import-blob');
  mkdirSync(join(work, 'diff'), { recursive: true, mode: 0o755 });
  // Stream modules on demand: opening the store for a warm pull needs none of them.
  const { PassThrough } = process.getBuiltinModule('node:stream');
  const { pipeline } = process.getBuiltinModule('node:stream/promises');
  const plain = new PassThrough({ highWaterMark: 1 << 20 });
  try {
    const diff = new Digester();
    const gz = new Digester();
    const writing = pipeline(gzipStream(plain), async function* (src: AsyncIterable<Buffer>) {
      yield* gz.tap(src);
    }, createWriteStream(blobTmp));
    const applying = applyLayer(teeInto(diff.tap(decompress(tar)), plain), join(work, 'diff'), source);
    const [{ size }] = await Promise.all([applying, writing]);
    const diffId = diff.digest();
    const blob: BlobRef = { digest: gz.digest(), mediaType: MediaType.dockerLayerGzip, size: gz.bytes };
    store.blobs.commit(blobTmp, blob.digest);
    await store.layers.adopt(work, diffId, size, blob);
    return { diffId, dir: store.layers.diffDir(diffId), size, blob };
  } catch (e) {
    plain.destroy();
    rmSync(work, { recursive: true, force: true });
    rmSync(blobTmp, { force: true });
    throw e;
  }
}

/** Passes chunks on and writes them to `sink` too, waiting for it when it is full. */
async function* teeInto(source: AsyncIterable<Buffer>, sink: PassThrough): AsyncGenerator<Buffer> {
  try {
    for await (const c of source) {
      if (!sink.write(c)) await new Promise((r) => sink.once('drain', r));
      yield c;
    }
    sink.end();
  } catch (e) {
    sink.destroy(e as Error);
    throw e;
  }
}

export async function tagImage(store: ImageStore, source: string, target: string): Promise<void> {
  const id = store.resolveId(source);
  if (id === undefined) throw new NoSuchImageError(source);
  const key = storeKey(target);
  if (key.includes('@')) throw new ImageError('E_IMAGE_REFERENCE', `refusing to create a tag with a digest reference: ${target}`);
  await store.repositories.update((repos) => {
    repos.tags[key] = id;
  });
}

export function repositoryOf(ref: string): string {
  return repositoryName(parseReference(ref));
}
