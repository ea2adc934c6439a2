/**
 * What carrying out a build plan needs from the machine, as one interface:
 * resolve or pull base images, download ADD URLs, look up and file layers in
 * the cache, prepare a root filesystem from a base and layers, run a RUN
 * step in a container on it, copy files into it, make WORKDIR, commit the
 * changes as a layer, and write the final image into the store. The real
 * implementation wires the image store (src/images) and the runtime
 * (src/engine); FakeExecutor does it in memory for tests.
 */
import type { ContextSource } from '../context/source.js';
import type { Chmod } from '../plan/chmod.js';
import type { Owner } from '../plan/chown.js';
import type { ImageSpec } from '../plan/image-config.js';
import type { Platform } from '../plan/platform.js';
import type { CopyItem, RemoteFile, ResolvedImage, RunOp } from '../plan/types.js';

/** A layer a step produced: its changes, filed under the step's cache key. */
export interface LayerRef {
  id: string;
  /** sha256 of the uncompressed layer tar, as the image config lists it. */
  diffId: string;
  /** The step changed nothing (a RUN that wrote no file still commits an empty layer). */
  empty: boolean;
}

/** What a root filesystem starts from before the step layers go on top. */
export type RootfsBase =
  | { kind: 'scratch' }
  | { kind: 'image'; image: ResolvedImage }
  | { kind: 'context'; source: ContextSource };

/** A filesystem state: a base and the layers on it, bottom first. */
export interface FsState {
  base: RootfsBase;
  layers: readonly LayerRef[];
}

/** A writable root filesystem (an overlay on an FsState) owned by the executor until released. */
export interface RootfsHandle {
  readonly id: string;
}

export type MountSource =
  | { kind: 'state'; state: FsState }
  | { kind: 'context'; source: ContextSource };

export interface RunSpec extends Omit<RunOp, 'mounts'> {
  mounts: Array<RunOp['mounts'][number] & { resolved?: MountSource }>;
  /** The step's vertex name, for the executor's own messages. */
  name: string;
}

export type CopySource =
  | { kind: 'context'; source: ContextSource }
  | { kind: 'state'; state: FsState }
  | { kind: 'inline'; data: string }
  | { kind: 'url'; file: RemoteFile };

export interface CopySpec {
  items: Array<CopyItem & { source: CopySource }>;
  dest: string;
  /** Resolved --chown; undefined keeps the sources' owners (the context's are already root). */
  owner?: Owner;
  chmod?: Chmod;
  excludes: string[];
}

export interface ImageRequest {
  ref: string;
  platform: Platform;
  /** --pull: fetch even when the store has it. */
  pull: boolean;
}

export interface ResolveResult {
  image: ResolvedImage;
  /** Fetched from a registry now (false: it was in the store). */
  pulled: boolean;
}

export interface BuildExecutor {
  resolveImage(req: ImageRequest): Promise<ResolveResult>;
  /** Downloads an ADD URL (only addresses the machine can reach); the file stays with the executor. */
  fetchUrl(url: string): Promise<RemoteFile>;
  cacheLookup(key: string): Promise<LayerRef | undefined>;
  prepare(state: FsState): Promise<RootfsHandle>;
  /** A file of the prepared filesystem (for /etc/passwd and /etc/group), undefined when absent. */
  readFile(rootfs: RootfsHandle, path: string): Promise<Uint8Array | undefined>;
  run(rootfs: RootfsHandle, spec: RunSpec, output: (line: string) => void): Promise<{ exitCode: number }>;
  copy(rootfs: RootfsHandle, spec: CopySpec): Promise<void>;
  mkdir(rootfs: RootfsHandle, path: string, owner: Owner): Promise<void>;
  /** The changes since prepare (deletions as whiteouts), as a layer filed under `key`. */
  commit(rootfs: RootfsHandle, key: string): Promise<LayerRef>;
  release(rootfs: RootfsHandle): Promise<void>;
  /** The finished image into the store under `tags`; returns its id. */
  writeImage(image: ImageSpec, state: FsState, tags: readonly string[]): Promise<{ id: string }>;
}
