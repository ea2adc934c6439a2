/**
 * A BuildExecutor in memory, for tests of whole builds without a kernel:
 * images are trees of files, layers are change sets, RUN calls a handler
 * the test gives (it sees the user, working directory, environment and the
 * filesystem, and may change it), COPY/ADD lay files out exactly as the
 * real executor must. Every operation is recorded in `ops`.
 */
import { createHash } from 'node:crypto';
import type { ContextSource } from '../context/source.js';
import { BuildError } from '../errors.js';
import { PatternMatcher } from '../ignore/pattern-matcher.js';
import type { Owner } from '../plan/chown.js';
import { copiedAttributes, layoutItem } from '../plan/copy-layout.js';
import type { ImageConfig, ImageSpec } from '../plan/image-config.js';
import { normalizeReference } from '../plan/reference.js';
import type { RemoteFile, ResolvedImage } from '../plan/types.js';
import type { BuildExecutor, CopySource, CopySpec, FsState, ImageRequest, LayerRef, ResolveResult, RootfsHandle, RunSpec } from './executor.js';
import { applyChanges, FakeRootfs, treeSource, type Changes, type FakeNode, type Tree } from './fake-fs.js';
import { untarInto } from './fake-untar.js';

export type RunHandler = (spec: RunSpec, fs: FakeRootfs, output: (line: string) => void) => number | Promise<number>;

export interface FakeImageSpec {
  config?: ImageConfig;
  files?: Record<string, string | Partial<FakeNode>>;
  /** Only in a registry: resolving it is a pull. */
  remote?: boolean;
}

export class FakeExecutor implements BuildExecutor {
  readonly ops: string[] = [];
  readonly images = new Map<string, { resolved: ResolvedImage; tree: Tree; remote: boolean }>();
  readonly written = new Map<string, { image: ImageSpec; tree: Tree; tags: string[] }>();
  private readonly cache = new Map<string, LayerRef>();
  private readonly layers = new Map<string, Changes>();
  private readonly rootfs = new Map<string, FakeRootfs>();
  private readonly urls = new Map<string, Uint8Array>();
  private next = 0;

  constructor(private readonly onRun: RunHandler = () => 0) {}

  addImage(ref: string, spec: FakeImageSpec = {}): ResolvedImage {
    const image: ImageSpec = { architecture: 'amd64', os: 'linux', config: spec.config ?? {}, rootfs: { type: 'layers', diff_ids: [] }, history: [] };
    const id = `sha256:${createHash('sha256').update(JSON.stringify([image, spec.files ?? {}])).digest('hex')}`;
    const resolved: ResolvedImage = { ref, name: normalizeReference(ref), id, image };
    this.images.set(resolved.name, { resolved, tree: toTree(spec.files ?? {}), remote: spec.remote === true });
    return resolved;
  }

  serveUrl(url: string, body: string | Uint8Array): void {
    this.urls.set(url, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }

  async resolveImage(req: ImageRequest): Promise<ResolveResult> {
    const found = this.images.get(normalizeReference(req.ref));
    if (found === undefined) throw new BuildError(`failed to resolve source metadata for ${normalizeReference(req.ref)}: not found in the store or a registry`);
    const pulled = found.remote || req.pull;
    this.ops.push(`${pulled ? 'pull' : 'resolve'} ${found.resolved.name}`);
    found.remote = false;
    return { image: found.resolved, pulled };
  }

  async fetchUrl(url: string): Promise<RemoteFile> {
    const body = this.urls.get(url);
    if (body === undefined) throw new BuildError(`failed to download ${url}: connection refused`);
    this.ops.push(`fetch ${url}`);
    const filename = new URL(url).pathname.split('/').pop() || '__unnamed__';
    return { url, sha256: createHash('sha256').update(body).digest('hex'), size: body.length, filename };
  }

  async cacheLookup(key: string): Promise<LayerRef | undefined> {
    return this.cache.get(key);
  }

  async prepare(state: FsState): Promise<RootfsHandle> {
    const id = `rootfs-${++this.next}`;
    this.rootfs.set(id, new FakeRootfs(this.treeOf(state)));
    this.ops.push(`prepare ${describe(state)}`);
    return { id };
  }

  /** The merged files of a filesystem state. */
  treeOf(state: FsState): Tree {
    const tree: Tree = new Map();
    if (state.base.kind === 'image') applyChanges(tree, new Map(this.images.get(state.base.image.name)?.tree ?? []));
    if (state.base.kind === 'context') applyChanges(tree, contextTree(state.base.source));
    for (const l of state.layers) applyChanges(tree, this.layers.get(l.id) ?? new Map());
    return tree;
  }

  async readFile(rootfs: RootfsHandle, path: string): Promise<Uint8Array | undefined> {
    return this.fs(rootfs).get(path)?.data;
  }

  async run(rootfs: RootfsHandle, spec: RunSpec, output: (line: string) => void): Promise<{ exitCode: number }> {
    this.ops.push(`run ${JSON.stringify(spec.args)} user=${spec.user || '0'} workdir=${spec.workdir}`);
    return { exitCode: await this.onRun(spec, this.fs(rootfs), output) };
  }

  async copy(rootfs: RootfsHandle, spec: CopySpec): Promise<void> {
    const fs = this.fs(rootfs);
    const excludes = spec.excludes.length > 0 ? new PatternMatcher(spec.excludes) : undefined;
    for (const item of spec.items) {
      const tree = this.sourceTree(item.source, item.path);
      if (item.unpack) {
        fs.mkdirAll(spec.dest, spec.owner ?? { uid: 0, gid: 0 });
        await untarInto(fs, spec.dest, tree.readFile(item.path), spec.owner);
        this.ops.push(`unpack ${item.path} -> ${spec.dest}`);
        continue;
      }
      const layout = layoutItem(item, tree, spec.dest, (p) => fs.isDir(p), excludes);
      for (const root of layout.roots) fs.mkdirAll(root, spec.owner ?? { uid: 0, gid: 0 });
      for (const { dest, entry } of layout.entries) {
        const attrs = copiedAttributes(entry, spec.owner, spec.chmod);
        const data = entry.type === 'file' ? tree.readFile(entry.path) : undefined;
        fs.mkdirAll(dest.slice(0, dest.lastIndexOf('/')) || '/', spec.owner ?? { uid: 0, gid: 0 });
        fs.set(dest, { type: entry.type === 'other' ? 'file' : entry.type, mode: attrs.mode, uid: attrs.uid, gid: attrs.gid, ...(data === undefined ? {} : { data }), ...(entry.linkTarget === undefined ? {} : { target: entry.linkTarget }) });
      }
      this.ops.push(`copy ${item.from.kind}:${item.path || '.'} -> ${spec.dest} (${layout.entries.length} entries)`);
    }
  }

  async mkdir(rootfs: RootfsHandle, path: string, owner: Owner): Promise<void> {
    this.fs(rootfs).mkdirAll(path, owner);
    this.ops.push(`mkdir ${path} ${owner.uid}:${owner.gid}`);
  }

  async commit(rootfs: RootfsHandle, key: string): Promise<LayerRef> {
    const changes = new Map(this.fs(rootfs).upper);
    const diffId = `sha256:${createHash('sha256').update(JSON.stringify([...changes].map(([p, n]) => [p, n === null ? null : { ...n, data: n.data === undefined ? undefined : Buffer.from(n.data).toString('base64') }]))).digest('hex')}`;
    const layer: LayerRef = { id: `layer-${++this.next}`, diffId, empty: changes.size === 0 };
    this.layers.set(layer.id, changes);
    this.cache.set(key, layer);
    this.ops.push(`commit ${key.slice(0, 12)} (${changes.size} changes)`);
    return layer;
  }

  async release(rootfs: RootfsHandle): Promise<void> {
    this.rootfs.delete(rootfs.id);
  }

  async writeImage(image: ImageSpec, state: FsState, tags: readonly string[]): Promise<{ id: string }> {
    const diffIds = [...(state.base.kind === 'image' ? state.base.image.image.rootfs.diff_ids : []), ...state.layers.map((l) => l.diffId)];
    const spec: ImageSpec = { ...image, rootfs: { type: 'layers', diff_ids: diffIds } };
    const id = `sha256:${createHash('sha256').update(JSON.stringify(spec)).digest('hex')}`;
    // A tag names one image: writing moves it.
    for (const w of this.written.values()) w.tags = w.tags.filter((t) => !tags.includes(t));
    this.written.set(id, { image: spec, tree: this.treeOf(state), tags: [...tags] });
    this.ops.push(`write image ${id.slice(0, 19)} ${tags.join(' ')}`);
    return { id };
  }

  /** The files of a written image, by id or tag. */
  filesOf(idOrTag: string): Tree {
    for (const [id, w] of this.written) if (id === idOrTag || w.tags.includes(idOrTag)) return w.tree;
    throw new Error(`no image ${idOrTag}`);
  }

  private fs(rootfs: RootfsHandle): FakeRootfs {
    const fs = this.rootfs.get(rootfs.id);
    if (fs === undefined) throw new Error(`rootfs ${rootfs.id} is not prepared`);
    return fs;
  }

  private sourceTree(source: CopySource, path: string): ContextSource {
    switch (source.kind) {
      case 'context':
        return source.source;
      case 'state':
        return treeSource(this.treeOf(source.state));
      case 'inline':
        return treeSource(new Map([[`/${path}`, { type: 'file', mode: 0o644, uid: 0, gid: 0, data: new TextEncoder().encode(source.data) }]]));
      default: {
        const body = this.urls.get(source.file.url) ?? new Uint8Array();
        return treeSource(new Map([[`/${source.file.filename}`, { type: 'file', mode: 0o600, uid: 0, gid: 0, data: body }]]));
      }
    }
  }
}

function toTree(files: Record<string, string | Partial<FakeNode>>): Tree {
  const t: Tree = new Map();
  for (const [p, spec] of Object.entries(files)) {
    const n: Partial<FakeNode> = typeof spec === 'string' ? { data: new TextEncoder().encode(spec) } : spec;
    t.set(p, { type: n.type ?? 'file', mode: n.mode ?? (n.type === 'dir' ? 0o755 : 0o644), uid: n.uid ?? 0, gid: n.gid ?? 0, ...(n.data === undefined ? {} : { data: n.data }), ...(n.target === undefined ? {} : { target: n.target }) });
  }
  return t;
}

function contextTree(source: ContextSource): Changes {
  const c: Changes = new Map();
  for (const e of source.entries()) {
    c.set(`/${e.path}`, { type: e.type === 'other' ? 'file' : e.type, mode: e.mode & 0o7777, uid: e.uid, gid: e.gid, ...(e.type === 'file' ? { data: source.readFile(e.path) } : {}), ...(e.linkTarget === undefined ? {} : { target: e.linkTarget }) });
  }
  return c;
}

function describe(state: FsState): string {
  const base = state.base.kind === 'image' ? state.base.image.name : state.base.kind;
  return `${base} +${state.layers.length} layers`;
}

