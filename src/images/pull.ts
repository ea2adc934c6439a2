/**
 * `pull`: resolve a reference to a platform manifest, fetch the config,
 * then every missing layer in parallel (three at a time, as dockerd), and
 * record the image only once all of it is in the store.
 */
import type { CommandRunner } from '../host/command.js';
import { lazyHostRunner } from './registry/lazy-runner.js';
import { sha256 } from './digest.js';
import { DigestMismatchError, DiskFullError, ImageError, UnsupportedMediaTypeError } from './errors.js';
import { INDEX_TYPES, isLayerType, MediaType } from './media-types.js';
import type { ImageIndex, ImageManifest, OciImage } from './oci-types.js';
import { formatPlatform, hostPlatform, normalizePlatform, parsePlatform, selectManifest, type PlatformSpec } from './platform.js';
import { pullLayer } from './pull-layer.js';
import { shortId, type OnProgress } from './progress.js';
import { familiarString, parseReference, referenceString, repositoryName, withDefaultTag, type ImageReference } from './reference.js';
import { RegistryClient, type FetchedManifest } from './registry/client.js';
import { defaultDockerConfigPath, dockerConfigCredentials } from './registry/credentials.js';
import { takeLease } from './store/remove.js';
import type { LocalImage } from './store/records.js';
import { storeKey, type ImageStore } from './store/store.js';
import { commitImage } from './store/write.js';

export interface RegistryOptions {
  signal?: AbortSignal;
  insecureRegistries?: readonly string[];
  mirrors?: readonly string[];
  dockerConfigPath?: string;
  /** Runs credential helpers. */
  runner?: CommandRunner;
  onProgress?: OnProgress;
}

export interface PullOptions extends RegistryOptions {
  /** `linux/amd64`; default: the host's. */
  platform?: string;
  maxConcurrentDownloads?: number;
}

export function clientFor(r: ImageReference, opts: RegistryOptions): RegistryClient {
  const credentials = dockerConfigCredentials(opts.dockerConfigPath ?? defaultDockerConfigPath(), opts.runner ?? lazyHostRunner);
  return new RegistryClient(r.domain, r.path, { credentials, insecureRegistries: opts.insecureRegistries, mirrors: opts.mirrors, signal: opts.signal, displayRef: familiarString(r) });
}

export async function pullImage(store: ImageStore, ref: string, opts: PullOptions = {}): Promise<LocalImage> {
  const r = withDefaultTag(parseReference(ref));
  const display = familiarString(r);
  const want = opts.platform === undefined || opts.platform === '' ? hostPlatform() : parsePlatform(opts.platform);
  const client = clientFor(r, opts);
  // As docker: a HEAD says which digest the reference names now; an image the store has under it ends the pull there.
  const head = await client.manifestDigest(r.digest ?? (r.tag as string));
  const named = r.digest ?? head?.digest;
  const present = named === undefined ? undefined : upToDate(store, `${repositoryName(r)}@${named}`, want);
  if (present !== undefined && named !== undefined) return upToDateResult(store, present, r, named, opts);
  // By digest once known, so a tag moved meanwhile cannot hand over other bytes than the ones named.
  const top = await client.getManifest(named ?? (r.tag as string));
  if (named !== undefined && top.digest !== named) throw new DigestMismatchError(display, 'manifest', named, top.digest);
  const repoDigest = `${repositoryName(r)}@${top.digest}`;
  const known = upToDate(store, repoDigest, want);
  if (known !== undefined) return upToDateResult(store, known, r, top.digest, opts);
  const platformManifest = await resolvePlatform(client, top, display, want);
  const manifest = parseManifest(platformManifest, display);
  const configBytes = await fetchConfig(client, platformManifest, manifest, display);
  const config = JSON.parse(configBytes.toString('utf8')) as OciImage;
  const layers = pairLayers(manifest, config, display);
  try {
    return await fetchAndCommit(store, client, { r, display, top, repoDigest, platformManifest, configBytes, layers }, opts);
  } catch (e) {
    // The disk can fill while writing any of the blobs, the layer records or
    // the image record, not only a layer's download.
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC') throw new DiskFullError(display, store.root, { cause: e });
    throw e;
  }
}

interface Resolved {
  r: ImageReference;
  display: string;
  top: FetchedManifest;
  repoDigest: string;
  platformManifest: FetchedManifest;
  configBytes: Buffer;
  layers: ReturnType<typeof pairLayers>;
}

async function fetchAndCommit(store: ImageStore, client: RegistryClient, p: Resolved, opts: PullOptions): Promise<LocalImage> {
  const { r, display, top, repoDigest, platformManifest, configBytes, layers } = p;
  const release = takeLease(store, [sha256(configBytes), ...layers.flatMap((l) => [l.desc.digest, l.diffId])]);
  try {
    for (const l of layers) {
      if (!(store.layers.has(l.diffId) && store.blobs.has(l.desc.digest))) opts.onProgress?.({ kind: 'layer', id: shortId(l.desc.digest), status: 'Pulling fs layer' });
    }
    await forEachLimited(layers, opts.maxConcurrentDownloads ?? 3, (l) =>
      pullLayer({ store, client, endpoint: platformManifest.endpoint, desc: l.desc, diffId: l.diffId, ref: display, onProgress: opts.onProgress }),
    );
    const image = await commitImage(store, {
      configBytes,
      manifestBytes: platformManifest.bytes,
      manifestMediaType: platformManifest.mediaType,
      layers: layers.map((l) => ({ diffId: l.diffId, blob: { digest: l.desc.digest, mediaType: l.desc.mediaType, size: l.desc.size } })),
      tags: r.tag !== undefined && r.digest === undefined ? [referenceString(r)] : [],
      digestRefs: [repoDigest],
    });
    opts.onProgress?.({ kind: 'status', text: `Digest: ${top.digest}` });
    opts.onProgress?.({ kind: 'status', text: `Status: Downloaded newer image for ${display}` });
    return image;
  } finally {
    release();
  }
}

function upToDateResult(store: ImageStore, image: LocalImage, r: ImageReference, digest: string, opts: PullOptions): Promise<LocalImage> | LocalImage {
  opts.onProgress?.({ kind: 'status', text: `Digest: ${digest}` });
  opts.onProgress?.({ kind: 'status', text: `Status: Image is up to date for ${familiarString(r)}` });
  return r.tag === undefined || r.digest !== undefined ? image : retag(store, image.id, r);
}

/** The image this digest reference already names, if it is of the wanted platform. */
function upToDate(store: ImageStore, repoDigest: string, want: PlatformSpec): LocalImage | undefined {
  const id = store.repositories.read().digests[storeKey(repoDigest)];
  const image = id === undefined ? undefined : store.localImage(id);
  if (image === undefined) return undefined;
  const have = normalizePlatform({ os: image.config.os, architecture: image.config.architecture, ...(image.config.variant === undefined ? {} : { variant: image.config.variant }) });
  return formatPlatform(have) === formatPlatform(want) || (have.os === want.os && have.architecture === want.architecture && want.variant === undefined) ? image : undefined;
}

async function retag(store: ImageStore, id: string, r: ImageReference): Promise<LocalImage> {
  // The tag already names this image (every warm pull of an unchanged tag): nothing to write.
  if (store.repositories.read().tags[referenceString(r)] === id) return store.localImage(id) as LocalImage;
  await store.repositories.update((repos) => {
    repos.tags[referenceString(r)] = id;
  });
  return store.localImage(id) as LocalImage;
}

async function resolvePlatform(client: RegistryClient, top: FetchedManifest, display: string, want: PlatformSpec): Promise<FetchedManifest> {
  if (!INDEX_TYPES.includes(top.mediaType)) return top;
  const index = JSON.parse(top.bytes.toString('utf8')) as ImageIndex;
  const desc = selectManifest(display, index.manifests ?? [], want);
  const m = await client.getManifest(desc.digest);
  if (m.digest !== desc.digest) throw new DigestMismatchError(display, 'manifest', desc.digest, m.digest);
  return { ...m, mediaType: m.mediaType === '' || INDEX_TYPES.includes(m.mediaType) ? desc.mediaType : m.mediaType };
}

function parseManifest(m: FetchedManifest, display: string): ImageManifest {
  if (m.mediaType !== MediaType.dockerManifest && m.mediaType !== MediaType.ociManifest) throw new UnsupportedMediaTypeError(display, m.mediaType);
  const manifest = JSON.parse(m.bytes.toString('utf8')) as ImageManifest;
  for (const l of manifest.layers ?? []) if (!isLayerType(l.mediaType)) throw new UnsupportedMediaTypeError(display, l.mediaType);
  return manifest;
}

async function fetchConfig(client: RegistryClient, m: FetchedManifest, manifest: ImageManifest, display: string): Promise<Buffer> {
  const res = await client.blob(manifest.config.digest, m.endpoint);
  const bytes = Buffer.from(await res.arrayBuffer());
  const got = sha256(bytes);
  if (got !== manifest.config.digest) throw new DigestMismatchError(display, 'config', manifest.config.digest, got);
  return bytes;
}

function pairLayers(manifest: ImageManifest, config: OciImage, display: string): Array<{ desc: ImageManifest['layers'][number]; diffId: string }> {
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new ImageError('E_BAD_IMAGE', `${display}: the manifest has ${manifest.layers.length} layers but the config ${diffIds.length} diff IDs`);
  }
  return manifest.layers.map((desc, i) => ({ desc, diffId: diffIds[i] as string }));
}

/** Runs fn over items with at most `limit` at once; the first failure stops new starts and is thrown. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== undefined) throw failed;
}
