/**
 * `push`: every layer blob the registry lacks (HEAD first, then a
 * cross-repository mount when the image came from another repository of
 * the same registry, else an upload), the config, then the manifest, byte
 * for byte as the store keeps it, so the digest stays the one pulled.
 */
import { DEFAULT_TAG, familiarString, parseReference, repositoryName, withDefaultTag } from './reference.js';
import { ImageError, NoSuchImageError } from './errors.js';
import type { ImageManifest, Descriptor } from './oci-types.js';
import { clientFor, forEachLimited, type RegistryOptions } from './pull.js';
import { shortId, throttled } from './progress.js';
import type { RegistryClient } from './registry/client.js';
import { blobExists, mountBlob, putBlob, putManifest, startUpload } from './registry/upload.js';
import type { ImageStore } from './store/store.js';
import { storeKey } from './store/store.js';
import { sha256 } from './digest.js';

export interface PushResult {
  tag: string;
  digest: string;
  size: number;
}

export async function pushImage(store: ImageStore, ref: string, opts: RegistryOptions = {}): Promise<PushResult> {
  const r = withDefaultTag(parseReference(ref));
  const image = await store.get(ref);
  if (image === undefined) throw new NoSuchImageError(familiarString(r), { hint: `tag an image as ${familiarString(r)} first (tscompose image tag)` });
  const client = clientFor(r, opts);
  const bytes = store.blobs.read(image.manifest.digest);
  const manifest = JSON.parse(bytes.toString('utf8')) as ImageManifest;
  const sources = image.repoDigests.map((d) => parseReference(d)).filter((d) => d.domain === r.domain && d.path !== r.path).map((d) => d.path);
  for (const l of manifest.layers) opts.onProgress?.({ kind: 'layer', id: shortId(l.digest), status: 'Preparing' });
  await forEachLimited(manifest.layers, 5, (l) => pushBlob(store, client, l, sources, opts, true));
  await pushBlob(store, client, manifest.config, sources, opts, false);
  const reference = r.tag ?? DEFAULT_TAG;
  const digest = (await putManifest(client, reference, bytes, image.manifest.mediaType)) ?? sha256(bytes);
  await store.repositories.update((repos) => {
    repos.digests[storeKey(`${repositoryName(r)}@${digest}`)] = image.id;
  });
  opts.onProgress?.({ kind: 'status', text: `${reference}: digest: ${digest} size: ${bytes.length}` });
  return { tag: reference, digest, size: bytes.length };
}

async function pushBlob(store: ImageStore, client: RegistryClient, desc: Descriptor, sources: readonly string[], opts: RegistryOptions, report: boolean): Promise<void> {
  const id = shortId(desc.digest);
  const say = (status: 'Pushed' | 'Layer already exists' | 'Mounted from', detail?: string): void => {
    if (report) opts.onProgress?.({ kind: 'layer', id, status, ...(detail === undefined ? {} : { detail }) });
  };
  if (!store.blobs.has(desc.digest)) throw new ImageError('E_BLOB_MISSING', `blob ${desc.digest} of ${client.displayRef} is not in the image store`, { hint: 'pull or load the image again' });
  if (await blobExists(client, desc.digest)) return say('Layer already exists');
  let location: string | undefined;
  for (const from of sources) {
    const m = await mountBlob(client, desc.digest, from);
    if (m.mounted) return say('Mounted from', from);
    location = m.location;
    break;
  }
  location ??= await startUpload(client);
  let sent = 0;
  const tick = report ? throttled(opts.onProgress, id, desc.size, 'Pushing') : undefined;
  await putBlob(client, location, desc.digest, store.blobs.path(desc.digest), desc.size, (n) => tick?.((sent += n)));
  say('Pushed');
}
