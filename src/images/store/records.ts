/** The records the store keeps as JSON, each with a version field. */
import type { Descriptor, OciImage } from '../oci-types.js';

export const RECORD_VERSION = 1;

export interface BlobRef {
  digest: string;
  mediaType: string;
  size: number;
}

/** layers/<hex>/layer.json */
export interface LayerRecord {
  version: number;
  diffId: string;
  /** Bytes of file content in the layer. */
  size: number;
  /** Compressed (or plain) blobs known to unpack to this layer. */
  blobs: BlobRef[];
}

/** images/<config hex>.json */
export interface ImageRecord {
  version: number;
  id: string;
  /** The manifest the image was pulled, loaded or written with, kept byte for byte in blobs/. */
  manifest: BlobRef;
  layers: Array<{ diffId: string; blob: BlobRef }>;
  size: number;
  /** When this store got the image (docker's Metadata.LastTagTime). */
  added: string;
}

/** repositories.json: tags and digests by normalised reference. */
export interface RepositoriesRecord {
  version: number;
  /** `docker.io/library/busybox:latest` -> image id */
  tags: Record<string, string>;
  /** `docker.io/library/busybox@sha256:…` -> image id */
  digests: Record<string, string>;
}

export interface LocalImage {
  /** `sha256:<config digest>` */
  id: string;
  /** Familiar references, as docker inspect prints them (`busybox:latest`). */
  repoTags: string[];
  repoDigests: string[];
  created: string;
  /** Bytes of file content over all layers. */
  size: number;
  config: OciImage;
  /** Unpacked layers, lowest first, each usable as an overlayfs lowerdir. */
  layerDirs: string[];
  manifest: Descriptor;
  layers: Array<{ diffId: string; blob: BlobRef }>;
}

export function checkVersion(what: string, path: string, v: { version?: unknown } | undefined): void {
  if (v !== undefined && v.version !== RECORD_VERSION) {
    throw new Error(`${path}: ${what} record version ${String(v.version)} is not ${RECORD_VERSION}; this store was written by another tscompose`);
  }
}
