/** The image subsystem's public face: the store, pull and push, archives, and the layer tools. */
export { openImageStore, ImageStore, storeKey } from './store/store.js';
export type { LocalImage, BlobRef } from './store/records.js';
export type { ImportedLayer } from './store/write.js';
export type { RemoveReport } from './store/remove.js';
export { pullImage, type PullOptions, type RegistryOptions } from './pull.js';
export { pushImage, type PushResult } from './push.js';
export type { OciImage, ContainerConfig, ImageManifest, ImageIndex, Descriptor } from './oci-types.js';
export type { ProgressEvent, OnProgress } from './progress.js';
export { layerTarFromDir } from './layer/layer-tar.js';
export { parseReference, normalizeReference, familiarString, familiarName, type ImageReference } from './reference.js';
export * from './errors.js';
export { loadArchive, type LoadedImage } from './archive/load.js';
export { saveImages } from './archive/save.js';
export { importRootfs, type ImportOptions } from './archive/import.js';
export { applyChanges } from './archive/changes.js';
export { hostPlatform, parsePlatform, formatPlatform } from './platform.js';
export { FakeImageStore, fakeImage, type ImageLookup } from './fake.js';
