/** `image import`: a rootfs tarball becomes a one-layer image, configured by --change, as `docker import`. */
import { hostPlatform } from '../platform.js';
import type { OciImage } from '../oci-types.js';
import type { LocalImage } from '../store/records.js';
import type { ImageStore } from '../store/store.js';
import { applyChanges } from './changes.js';

export interface ImportOptions {
  changes?: readonly string[];
  message?: string;
  platform?: { os: string; architecture: string; variant?: string };
  /** Where the tarball came from, for the history comment (`-` for stdin). */
  source: string;
  tag?: string;
}

export async function importRootfs(store: ImageStore, tar: AsyncIterable<Uint8Array>, opts: ImportOptions): Promise<LocalImage> {
  const config = applyChanges({}, opts.changes ?? []);
  const layer = await store.importLayer(tar);
  const created = new Date().toISOString();
  const p = opts.platform ?? hostPlatform();
  const image: OciImage = {
    architecture: p.architecture,
    os: p.os,
    ...(p.variant === undefined ? {} : { variant: p.variant }),
    created,
    config,
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    history: [{ created, comment: opts.message !== undefined && opts.message !== '' ? opts.message : `Imported from ${opts.source}` }],
  };
  return store.writeImage(image, [layer.diffId], opts.tag === undefined ? [] : [opts.tag]);
}
