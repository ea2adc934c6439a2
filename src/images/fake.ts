/**
 * The image seam for unit tests of the layers above (plan, exec, engine):
 * `ImageLookup` is what they need from the store, `FakeImageStore` answers
 * it from memory with the store's resolution rules (normalised tags, ids,
 * unique short ids), `fakeImage` builds a LocalImage.
 */
import { AmbiguousImageError } from './errors.js';
import type { OciImage } from './oci-types.js';
import { isImageId, normalizeReference } from './reference.js';
import type { LocalImage } from './store/records.js';

export interface ImageLookup {
  get(ref: string): Promise<LocalImage | undefined>;
  list(): Promise<LocalImage[]>;
}

export class FakeImageStore implements ImageLookup {
  constructor(readonly images: LocalImage[] = []) {}

  async get(ref: string): Promise<LocalImage | undefined> {
    if (isImageId(ref)) return this.images.find((i) => i.id === (ref.startsWith('sha256:') ? ref : `sha256:${ref}`));
    let key: string | undefined;
    try {
      key = normalizeReference(ref);
    } catch {
      key = undefined;
    }
    const tagged = this.images.find((i) => [...i.repoTags, ...i.repoDigests].some((t) => key !== undefined && normalizeReference(t) === key));
    if (tagged !== undefined || !/^(sha256:)?[0-9a-f]{1,63}$/.test(ref)) return tagged;
    const hex = ref.replace(/^sha256:/, '');
    const found = this.images.filter((i) => i.id.slice(7).startsWith(hex));
    if (found.length > 1) throw new AmbiguousImageError(ref);
    return found[0];
  }

  async list(): Promise<LocalImage[]> {
    return [...this.images];
  }
}

export function fakeImage(over: Omit<Partial<LocalImage>, 'config'> & { config?: Partial<OciImage> } = {}): LocalImage {
  const config: OciImage = { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, ...over.config };
  const { config: _given, ...rest } = over;
  return {
    id: `sha256:${'0'.repeat(64)}`,
    repoTags: [],
    repoDigests: [],
    created: config.created ?? '',
    size: 0,
    layerDirs: [],
    manifest: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'1'.repeat(64)}`, size: 0 },
    layers: [],
    ...rest,
    config,
  };
}
