/**
 * The BuildExecutor of this machine: base images from the image store
 * (pulled when missing or with --pull), RUN in engine containers, COPY/ADD
 * and WORKDIR written through an overlay of the parent layers, each step's
 * upper directory turned into a layer (layerTarFromDir -> importLayer, so
 * deletions become whiteouts) and filed in the layer cache, the result
 * written as an image with its tags. On-disk layout: layout.ts.
 *
 * Failure leaves nothing: a step's container, mounts and scratch files go
 * in `release` whatever happened, `close` removes the workspace, and an
 * image is only written once every step has succeeded. Layers of steps
 * that did succeed stay in the cache, as the classic builder keeps them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { ContainerEngine } from '../../engine/index.js';
import { hostRunner, type CommandRunner } from '../../host/command.js';
import { layerTarFromDir, type ImageStore, type LocalImage } from '../../images/index.js';
import type { ContextSource } from '../context/source.js';
import { BuildError } from '../errors.js';
import type { BuildExecutor, CopySpec, FsState, ImageRequest, LayerRef, ResolveResult, RootfsHandle, RunSpec } from '../exec/executor.js';
import type { Owner } from '../plan/chown.js';
import type { ImageSpec } from '../plan/image-config.js';
import { formatPlatform } from '../plan/platform.js';
import { normalizeReference } from '../plan/reference.js';
import type { RemoteFile } from '../plan/types.js';
import { BuildCache, fingerprint } from './cache-index.js';
import { copyInto } from './copy-into.js';
import { copySourceTree } from './copy-source.js';
import { downloadUrl } from './fetch-url.js';
import { resolvedFromStore, toOciImage } from './image-convert.js';
import { resolveInRoot } from './in-root.js';
import { buildDirs } from './layout.js';
import { ensureDir } from './place.js';
import { removeStaleContainers } from './stale.js';
import { runInContainer } from './run-step.js';
import { Workspace, type Mounted } from './workspace.js';

export interface LocalExecutorOptions {
  store: ImageStore;
  /** stateRoots().lib */
  libRoot: string;
  /** Made on the first RUN, so a build taken whole from the cache never starts the engine. */
  engine: () => ContainerEngine;
  /** Fetches an image into the store (registry settings are the caller's). */
  pull?: (ref: string, platform: string) => Promise<LocalImage>;
  runner?: CommandRunner;
  /** --no-cache: a new image is written even when an identical one exists. */
  noCache?: boolean;
  warn?: (message: string) => void;
}

interface Handle extends RootfsHandle {
  layerDirs: string[];
  mounted?: Mounted;
  container?: string;
  /** Overlays of other stages this step reads. */
  views: Mounted[];
}

export class LocalExecutor implements BuildExecutor {
  private readonly cache: BuildCache;
  private readonly ws: Workspace;
  private readonly runner: CommandRunner;
  private readonly baseDirs = new Map<string, string[]>();
  private readonly contextLayers = new Map<ContextSource, LayerRef>();
  private readonly downloads = new Map<string, string>();
  private readonly handles = new Map<string, Handle>();
  private engineInstance: ContainerEngine | undefined;
  private next = 0;

  private constructor(private readonly o: LocalExecutorOptions) {
    this.runner = o.runner ?? hostRunner;
    this.cache = new BuildCache(o.store);
    this.ws = new Workspace(buildDirs(o.libRoot).work, this.runner);
  }

  /** Clears what killed builds left, then opens this build's workspace. */
  static async open(o: LocalExecutorOptions): Promise<LocalExecutor> {
    await Workspace.cleanupStale(buildDirs(o.libRoot).work, o.runner ?? hostRunner);
    return new LocalExecutor(o);
  }

  private engine(): ContainerEngine {
    this.engineInstance ??= this.o.engine();
    return this.engineInstance;
  }

  /** The engine, after removing build containers whose build process is gone. */
  private async engineForRun(): Promise<ContainerEngine> {
    const first = this.engineInstance === undefined;
    const engine = this.engine();
    if (first) await removeStaleContainers(engine);
    return engine;
  }

  async resolveImage(req: ImageRequest): Promise<ResolveResult> {
    const name = normalizeReference(req.ref);
    let local = req.pull ? undefined : await this.o.store.get(req.ref);
    let pulled = false;
    if (local === undefined) {
      if (this.o.pull === undefined) throw new BuildError(`failed to resolve source metadata for ${name}: not in the image store`);
      local = await this.o.pull(req.ref, formatPlatform(req.platform));
      pulled = true;
    }
    this.baseDirs.set(local.id, local.layerDirs);
    return { image: resolvedFromStore(req.ref, name, local), pulled };
  }

  async fetchUrl(url: string): Promise<RemoteFile> {
    const { file, dir } = await downloadUrl(url, this.ws.newDir('url'));
    this.downloads.set(url, dir);
    return file;
  }

  async cacheLookup(key: string): Promise<LayerRef | undefined> {
    return this.cache.lookup(key);
  }

  /** Unpacked layer directories of a state, lowest first. */
  async layerDirsOf(state: FsState): Promise<string[]> {
    const base: string[] = [];
    if (state.base.kind === 'image') {
      const id = state.base.image.id;
      let dirs = this.baseDirs.get(id);
      if (dirs === undefined) {
        dirs = this.o.store.localImage(id)?.layerDirs;
        if (dirs === undefined) throw new BuildError(`image ${id} is no longer in the image store`);
        this.baseDirs.set(id, dirs);
      }
      base.push(...dirs);
    } else if (state.base.kind === 'context') {
      base.push(this.o.store.layers.diffDir((await this.contextLayer(state.base.source)).diffId));
    }
    return [...base, ...state.layers.map((l) => this.o.store.layers.diffDir(l.diffId))];
  }

  /** A local context used as a stage's base (FROM <named context>) becomes a layer once per build. */
  private async contextLayer(source: ContextSource): Promise<LayerRef> {
    const known = this.contextLayers.get(source);
    if (known !== undefined) return known;
    const dir = this.ws.newDir('context-layer');
    await copyInto({ root: dir, items: [{ item: { from: { kind: 'context', name: '' }, path: '', name: '', type: 'dir', unpack: false }, tree: source }], dest: '/', excludes: [], scratch: () => this.ws.newDir('scratch') });
    const imported = await this.o.store.importLayer(layerTarFromDir(dir));
    const layer = { id: imported.diffId, diffId: imported.diffId, empty: false };
    this.contextLayers.set(source, layer);
    return layer;
  }

  async prepare(state: FsState): Promise<RootfsHandle> {
    const h: Handle = { id: `step-${++this.next}`, layerDirs: await this.layerDirsOf(state), views: [] };
    this.handles.set(h.id, h);
    return { id: h.id };
  }

  private handle(r: RootfsHandle): Handle {
    const h = this.handles.get(r.id);
    if (h === undefined) throw new Error(`internal: rootfs ${r.id} is not prepared`);
    return h;
  }

  private async mounted(h: Handle): Promise<string> {
    h.mounted ??= await this.ws.mount(h.layerDirs, 'rootfs');
    return h.mounted.path;
  }

  async readFile(r: RootfsHandle, path: string): Promise<Uint8Array | undefined> {
    const root = await this.mounted(this.handle(r));
    try {
      return readFileSync(resolveInRoot(root, path));
    } catch {
      return undefined;
    }
  }

  async run(r: RootfsHandle, spec: RunSpec, output: (line: string) => void): Promise<{ exitCode: number }> {
    const h = this.handle(r);
    const engine = await this.engineForRun();
    return runInContainer({
      engine,
      layerDirs: h.layerDirs,
      spec,
      output,
      created: (id) => (h.container = id),
      helpers: {
        ws: this.ws,
        cacheRoot: buildDirs(this.o.libRoot).cacheMounts,
        layerDirsOf: (s) => this.layerDirsOf(s),
        warn: (m) => output(`WARNING: ${m}`),
      },
    });
  }

  async copy(r: RootfsHandle, spec: CopySpec): Promise<void> {
    const h = this.handle(r);
    const root = await this.mounted(h);
    const items = [];
    for (const i of spec.items) {
      const tree = await copySourceTree(i.source, i.path, {
        ws: this.ws,
        downloads: this.downloads,
        view: async (state) => {
          const v = await this.ws.mount(await this.layerDirsOf(state), 'copy-src');
          h.views.push(v);
          return v.path;
        },
      });
      items.push({ item: i, tree });
    }
    await copyInto({ root, items, dest: spec.dest, excludes: spec.excludes, scratch: () => this.ws.newDir('scratch'), ...(spec.owner === undefined ? {} : { owner: spec.owner }), ...(spec.chmod === undefined ? {} : { chmod: spec.chmod }) });
  }

  async mkdir(r: RootfsHandle, path: string, owner: Owner): Promise<void> {
    ensureDir(await this.mounted(this.handle(r)), path, owner);
  }

  async commit(r: RootfsHandle, key: string): Promise<LayerRef> {
    const h = this.handle(r);
    let upper: string;
    if (h.container !== undefined) upper = (await this.engine().inspect(h.container)).paths.upper;
    else {
      if (h.mounted !== undefined) await this.ws.unmount(h.mounted);
      upper = h.mounted?.upper ?? this.ws.newDir('empty');
    }
    const imported = await this.o.store.importLayer(layerTarFromDir(upper));
    const layer: LayerRef = { id: imported.diffId, diffId: imported.diffId, empty: imported.size === 0 && isEmptyDir(upper) };
    this.cache.record(key, layer, imported.blob.digest);
    return layer;
  }

  async release(r: RootfsHandle): Promise<void> {
    const h = this.handle(r);
    this.handles.delete(r.id);
    const errors: string[] = [];
    if (h.container !== undefined) await this.engine().remove(h.container, { force: true }).catch((e: unknown) => errors.push((e as Error).message));
    for (const m of [...h.views, ...(h.mounted === undefined ? [] : [h.mounted])]) await this.ws.unmount(m).catch((e: unknown) => errors.push((e as Error).message));
    if (errors.length > 0) throw new BuildError(`cleaning up after a build step: ${errors.join('; ')}`);
  }

  async writeImage(image: ImageSpec, state: FsState, tags: readonly string[]): Promise<{ id: string }> {
    const diffIds = [...(await this.baseDiffIds(state)), ...state.layers.map((l) => l.diffId)];
    const print = fingerprint([image, diffIds]);
    const cached = this.o.noCache === true ? undefined : this.cache.cachedImage(print);
    if (cached !== undefined) {
      for (const t of tags) await this.o.store.tag(cached, t);
      return { id: cached };
    }
    const written = await this.o.store.writeImage(toOciImage(image, diffIds, new Date().toISOString()), diffIds, tags);
    this.cache.recordImage(print, written.id);
    return { id: written.id };
  }

  private async baseDiffIds(state: FsState): Promise<string[]> {
    if (state.base.kind === 'image') return [...state.base.image.image.rootfs.diff_ids];
    if (state.base.kind === 'context') return [(await this.contextLayer(state.base.source)).diffId];
    return [];
  }

  /** Ends the build: every handle released, the workspace removed. */
  async close(): Promise<void> {
    for (const id of [...this.handles.keys()]) await this.release({ id }).catch(() => undefined);
    await this.ws.close();
  }
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}
