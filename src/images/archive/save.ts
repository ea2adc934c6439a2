/**
 * `image save`: one tar that is both a `docker save` archive (manifest.json)
 * and an OCI layout (oci-layout, index.json, blobs/), as docker 25 writes
 * it, so docker load, skopeo (docker-archive: and oci-archive:) and
 * tscompose all read it. Layers go in uncompressed, named by diff ID.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { hexOf, sha256 } from '../digest.js';
import { NoSuchImageError } from '../errors.js';
import { decompress } from '../layer/decompress.js';
import { MediaType } from '../media-types.js';
import { familiarString, isImageId, parseReference } from '../reference.js';
import type { LocalImage } from '../store/records.js';
import { storeKey, type ImageStore } from '../store/store.js';
import { encodeHeader, END_OF_ARCHIVE, padding } from '../tar/writer.js';

const MTIME = 0;

function* fileEntry(name: string, data: Buffer): Generator<Buffer> {
  yield encodeHeader({ name, type: 'file', mode: 0o644, size: data.length, mtime: MTIME });
  yield data;
  yield padding(data.length);
}

async function* fileFromDisk(name: string, path: string): AsyncGenerator<Buffer> {
  const size = statSync(path).size;
  yield encodeHeader({ name, type: 'file', mode: 0o644, size, mtime: MTIME });
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) yield c;
  yield padding(size);
}

interface Named {
  image: LocalImage;
  /** The tag asked for, normalised; undefined when saved by id. */
  tag?: string;
}

async function resolveAll(store: ImageStore, refs: readonly string[]): Promise<Named[]> {
  const out: Named[] = [];
  const repos = store.repositories.read();
  for (const ref of refs) {
    const image = await store.get(ref);
    if (image === undefined) throw new NoSuchImageError(ref);
    // Saved by a tag, the archive names that tag; by an id or a digest, none (as docker save).
    let key: string | undefined;
    try {
      key = isImageId(ref) ? undefined : storeKey(ref);
    } catch {
      key = undefined;
    }
    out.push(key !== undefined && repos.tags[key] === image.id ? { image, tag: key } : { image });
  }
  return out;
}

export async function* saveImages(store: ImageStore, refs: readonly string[]): AsyncGenerator<Buffer> {
  const named = await resolveAll(store, refs);
  const written = new Set<string>();
  const manifestJson: Array<{ Config: string; RepoTags: string[] | null; Layers: string[] }> = [];
  const index: Array<Record<string, unknown>> = [];
  yield encodeHeader({ name: 'blobs/', type: 'dir', mode: 0o755, mtime: MTIME });
  yield encodeHeader({ name: 'blobs/sha256/', type: 'dir', mode: 0o755, mtime: MTIME });
  for (const { image, tag } of named) {
    const configBytes = store.blobs.read(image.id);
    if (!written.has(image.id)) yield* fileEntry(`blobs/sha256/${hexOf(image.id)}`, configBytes);
    written.add(image.id);
    const layers: Array<{ mediaType: string; digest: string; size: number }> = [];
    for (const l of image.layers) {
      const path = `blobs/sha256/${hexOf(l.diffId)}`;
      const tmp = await uncompressed(store, l.blob.digest);
      try {
        layers.push({ mediaType: MediaType.ociLayer, digest: l.diffId, size: statSync(tmp.path).size });
        if (!written.has(l.diffId)) yield* fileFromDisk(path, tmp.path);
        written.add(l.diffId);
      } finally {
        tmp.done();
      }
    }
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociConfig, digest: image.id, size: configBytes.length }, layers }));
    const mdigest = sha256(manifest);
    if (!written.has(mdigest)) yield* fileEntry(`blobs/sha256/${hexOf(mdigest)}`, manifest);
    written.add(mdigest);
    const annotations = tag === undefined ? undefined : { 'io.containerd.image.name': tag, 'org.opencontainers.image.ref.name': parseReference(tag).tag ?? 'latest' };
    index.push({ mediaType: MediaType.ociManifest, digest: mdigest, size: manifest.length, ...(annotations === undefined ? {} : { annotations }) });
    manifestJson.push({ Config: `blobs/sha256/${hexOf(image.id)}`, RepoTags: tag === undefined ? null : [familiarString(parseReference(tag))], Layers: image.layers.map((l) => `blobs/sha256/${hexOf(l.diffId)}`) });
  }
  yield* fileEntry('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: index })));
  yield* fileEntry('manifest.json', Buffer.from(JSON.stringify(manifestJson)));
  yield* fileEntry('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  yield END_OF_ARCHIVE;
}

/** The layer tar of a stored blob, decompressed into tmp/ (the tar header needs its size first). */
async function uncompressed(store: ImageStore, digest: string): Promise<{ path: string; done: () => void }> {
  const path = store.blobs.tmpFile('save');
  await process.getBuiltinModule('node:stream/promises').pipeline(decompress(createReadStream(store.blobs.path(digest))), createWriteStream(path));
  return { path, done: () => rmSync(path, { force: true }) };
}
