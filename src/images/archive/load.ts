/**
 * `image load`: `docker save` archives (manifest.json, legacy and 25+
 * layouts) and OCI layouts (directory or oci-archive tar). Image ids stay
 * the config digests, so an image keeps its id across docker, skopeo and
 * tscompose; OCI manifests are kept byte for byte.
 */
import { copyFileSync, createReadStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Digester, sha256 } from '../digest.js';
import { BadArchiveError, DigestMismatchError } from '../errors.js';
import { applyLayer } from '../layer/apply-layer.js';
import { decompress } from '../layer/decompress.js';
import { INDEX_TYPES } from '../media-types.js';
import type { ImageIndex, ImageManifest, OciImage } from '../oci-types.js';
import { hostPlatform, selectManifest } from '../platform.js';
import { familiarString, parseReference } from '../reference.js';
import { tmpName } from '../store/fs-util.js';
import type { BlobRef, LocalImage } from '../store/records.js';
import type { ImageStore } from '../store/store.js';
import { commitImage, manifestFor } from '../store/write.js';
import { directoryArchive, unpackArchive, type ArchiveDir } from './archive-dir.js';

export interface LoadedImage {
  image: LocalImage;
  /** What `docker load` prints: `Loaded image: busybox:latest` or `Loaded image ID: sha256:…`. */
  message: string;
}

export async function loadArchive(store: ImageStore, source: { dir: string } | { tar: AsyncIterable<Uint8Array> }, name: string): Promise<LoadedImage[]> {
  const tmp = join(store.tmpDir, tmpName('load'));
  try {
    const dir = 'dir' in source ? directoryArchive(source.dir, name) : await unpackArchive(source.tar, tmp, name);
    if (dir.resolve('manifest.json') !== undefined) return await loadDocker(store, dir, name);
    if (dir.resolve('index.json') !== undefined) return await loadOci(store, dir, name);
    throw new BadArchiveError(name, 'neither manifest.json (docker save) nor index.json (OCI layout) found');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function readJson<T>(dir: ArchiveDir, path: string, name: string): { bytes: Buffer; value: T } {
  const file = dir.resolve(path);
  if (file === undefined) throw new BadArchiveError(name, `${path} is missing`);
  const bytes = readFileSync(file);
  try {
    return { bytes, value: JSON.parse(bytes.toString('utf8')) as T };
  } catch {
    throw new BadArchiveError(name, `${path} is not JSON`);
  }
}

async function loadDocker(store: ImageStore, dir: ArchiveDir, name: string): Promise<LoadedImage[]> {
  const entries = readJson<Array<{ Config: string; RepoTags?: string[] | null; Layers: string[] }>>(dir, 'manifest.json', name).value;
  const out: LoadedImage[] = [];
  for (const m of entries) {
    const { bytes: configBytes, value: config } = readJson<OciImage>(dir, m.Config, name);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== m.Layers.length) throw new BadArchiveError(name, `${m.Config} names ${diffIds.length} layers, manifest.json ${m.Layers.length}`);
    const layers: Array<{ diffId: string; blob: BlobRef }> = [];
    for (const [i, path] of m.Layers.entries()) {
      const want = diffIds[i] as string;
      const known = store.layers.get(want)?.blobs[0];
      if (known !== undefined) {
        layers.push({ diffId: want, blob: known });
        continue;
      }
      const file = dir.resolve(path);
      if (file === undefined) throw new BadArchiveError(name, `layer ${path} is missing`);
      const got = await store.importLayer(createReadStream(file));
      if (got.diffId !== want) throw new DigestMismatchError(name, `layer ${path}`, want, got.diffId);
      layers.push({ diffId: got.diffId, blob: got.blob });
    }
    const manifest = manifestFor(sha256(configBytes), configBytes.length, layers);
    const tags = m.RepoTags ?? [];
    const image = await commitImage(store, { configBytes, manifestBytes: manifest.bytes, manifestMediaType: manifest.mediaType, layers, tags, digestRefs: [] });
    out.push(...messages(image, tags));
  }
  return out;
}

function messages(image: LocalImage, tags: readonly string[]): LoadedImage[] {
  if (tags.length === 0) return [{ image, message: `Loaded image ID: ${image.id}` }];
  return tags.map((t) => ({ image, message: `Loaded image: ${familiarString(parseReference(t))}` }));
}

async function loadOci(store: ImageStore, dir: ArchiveDir, name: string): Promise<LoadedImage[]> {
  const index = readJson<ImageIndex>(dir, 'index.json', name).value;
  const out: LoadedImage[] = [];
  for (const top of index.manifests ?? []) {
    let desc = top;
    if (INDEX_TYPES.includes(desc.mediaType)) desc = selectManifest(name, readBlobJson<ImageIndex>(dir, desc.digest, name).value.manifests, hostPlatform());
    const { bytes, value: manifest } = readBlobJson<ImageManifest>(dir, desc.digest, name);
    const { bytes: configBytes, value: config } = readBlobJson<OciImage>(dir, manifest.config.digest, name);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) throw new BadArchiveError(name, `image ${desc.digest} has ${manifest.layers.length} layers but ${diffIds.length} diff IDs`);
    const layers = [];
    for (const [i, l] of manifest.layers.entries()) {
      const diffId = diffIds[i] as string;
      await copyLayer(store, dir, l, diffId, name);
      layers.push({ diffId, blob: { digest: l.digest, mediaType: l.mediaType, size: l.size } });
    }
    const tag = tagOf(top.annotations ?? {});
    const image = await commitImage(store, { configBytes, manifestBytes: bytes, manifestMediaType: desc.mediaType, layers, tags: tag === undefined ? [] : [tag], digestRefs: [] });
    out.push(...messages(image, tag === undefined ? [] : [tag]));
  }
  return out;
}

/** containerd's full name annotation, else a ref.name that is a whole reference (skopeo's are often just a tag). */
function tagOf(a: Record<string, string>): string | undefined {
  for (const v of [a['io.containerd.image.name'], a['org.opencontainers.image.ref.name']]) {
    if (v === undefined || !/[/:]/.test(v)) continue;
    try {
      parseReference(v);
      return v;
    } catch {
      // not a reference
    }
  }
  return undefined;
}

function readBlobJson<T>(dir: ArchiveDir, digest: string, name: string): { bytes: Buffer; value: T } {
  const got = readJson<T>(dir, `blobs/${digest.replace(':', '/')}`, name);
  const actual = sha256(got.bytes);
  if (actual !== digest) throw new DigestMismatchError(name, 'blob', digest, actual);
  return got;
}

/** The blob copied in (digest checked) and unpacked (diff ID checked), unless the store has both. */
async function copyLayer(store: ImageStore, dir: ArchiveDir, l: { digest: string; mediaType: string; size: number }, diffId: string, name: string): Promise<void> {
  const file = dir.resolve(`blobs/${l.digest.replace(':', '/')}`);
  if (file === undefined) throw new BadArchiveError(name, `blob ${l.digest} is missing`);
  if (!store.blobs.has(l.digest)) {
    const d = new Digester();
    for await (const _ of d.tap(createReadStream(file)));
    if (d.digest() !== l.digest) throw new DigestMismatchError(name, 'layer blob', l.digest, d.digest());
    const tmp = store.blobs.tmpFile('load');
    copyFileSync(file, tmp);
    store.blobs.commit(tmp, l.digest);
  }
  const blob = { digest: l.digest, mediaType: l.mediaType, size: l.size };
  if (store.layers.has(diffId)) {
    await store.layers.addBlob(diffId, blob);
    return;
  }
  await store.layers.ensure(diffId, async (target) => {
    const plain = new Digester();
    const { size } = await applyLayer(plain.tap(decompress(createReadStream(file))), target, `${l.digest} of ${name}`);
    if (plain.digest() !== diffId) throw new DigestMismatchError(name, 'layer diff ID', diffId, plain.digest());
    return { size, blob };
  });
}
