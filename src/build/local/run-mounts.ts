/**
 * A RUN step's extra mounts, as the engine's MountSpecs: heredoc scripts
 * (read-only files under /dev/pipes), and `RUN --mount`: `bind` from the
 * build context (a copy of the .dockerignore-filtered subtree, so writes are
 * thrown away as in BuildKit) or from another stage or image (an overlay of
 * its layers with a throwaway upper dir), `cache` (a directory kept across
 * builds under lib/build/cache-mounts/, by id), `tmpfs`. `secret` and `ssh`
 * have no source here: a required one fails the step, an optional one is
 * left out.
 */
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MountSpec } from '../../engine/index.js';
import type { ContextSource } from '../context/source.js';
import { BuildError } from '../errors.js';
import type { FsState, RunSpec } from '../exec/executor.js';
import { copyInto } from './copy-into.js';
import { resolveInRoot, statInRoot } from './in-root.js';
import type { MountPoint } from './init-layer.js';
import type { Workspace } from './workspace.js';

export interface MountHelpers {
  ws: Workspace;
  /** lib/build/cache-mounts */
  cacheRoot: string;
  layerDirsOf(state: FsState): Promise<string[]>;
  warn(message: string): void;
}

export interface PreparedMounts {
  mounts: MountSpec[];
  points: MountPoint[];
}

function bind(source: string, target: string, readOnly: boolean): MountSpec {
  return { type: 'bind', source, target, options: ['rbind', readOnly ? 'ro' : 'rw', 'rprivate'] };
}

export async function prepareRunMounts(spec: RunSpec, h: MountHelpers): Promise<PreparedMounts> {
  const out: PreparedMounts = { mounts: [], points: [] };
  if (spec.files.length > 0) {
    const dir = h.ws.newDir('pipes');
    for (const f of spec.files) {
      const host = join(dir, f.path.slice(f.path.lastIndexOf('/') + 1));
      writeFileSync(host, f.data, { mode: f.mode });
      chmodSync(host, f.mode);
      out.mounts.push(bind(host, f.path, true));
    }
  }
  for (const m of spec.mounts) {
    const target = m.target.startsWith('/') ? m.target : `${spec.workdir.replace(/\/+$/, '')}/${m.target}`;
    if (m.type === 'secret' || m.type === 'ssh') {
      if (m.required) throw new BuildError(`RUN --mount=type=${m.type}: tscompose's builder has no ${m.type} to mount`, { hint: 'pass what the step needs as a build argument or a file in the context' });
      h.warn(`RUN --mount=type=${m.type} (${target}) is not supported and is left out`);
      continue;
    }
    if (m.type === 'tmpfs') {
      out.mounts.push({ type: 'tmpfs', source: 'tmpfs', target, options: ['nosuid', 'nodev', ...(m.sizeLimit > 0 ? [`size=${m.sizeLimit}`] : [])] });
      out.points.push({ path: target, file: false });
      continue;
    }
    if (m.type === 'cache') {
      out.mounts.push(bind(cacheDir(h.cacheRoot, m), target, m.readOnly));
      out.points.push({ path: target, file: false });
      continue;
    }
    const source = await bindSource(m, h);
    out.mounts.push(bind(source.path, target, m.readOnly));
    out.points.push({ path: target, file: !source.dir });
  }
  return out;
}

function cacheDir(root: string, m: RunSpec['mounts'][number]): string {
  const id = m.cacheId !== '' ? m.cacheId : m.target;
  const dir = join(root, createHash('sha256').update(id).digest('hex').slice(0, 32));
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    chownSync(dir, m.uid ?? 0, m.gid ?? 0);
    chmodSync(dir, m.mode ?? 0o755);
  }
  return dir;
}

async function bindSource(m: RunSpec['mounts'][number], h: MountHelpers): Promise<{ path: string; dir: boolean }> {
  const resolved = m.resolved;
  if (resolved === undefined) throw new BuildError(`RUN --mount=type=bind,target=${m.target}: no source`);
  if (resolved.kind === 'context') return contextCopy(resolved.source, m.source, h.ws);
  const view = await h.ws.mount(await h.layerDirsOf(resolved.state), 'mount-src');
  const path = resolveInRoot(view.path, m.source || '/');
  const st = statInRoot(view.path, m.source || '/');
  if (st === undefined) throw new BuildError(`RUN --mount: ${m.source || '/'} not found in ${m.from}`);
  return { path, dir: st.isDirectory() };
}

/** The context's subtree at `source`, copied into the workspace. */
async function contextCopy(ctx: ContextSource, source: string, ws: Workspace): Promise<{ path: string; dir: boolean }> {
  const rel = source.replace(/^\/+/, '').replace(/\/+$/, '');
  const entry = rel === '' ? undefined : ctx.get(rel);
  if (rel !== '' && entry === undefined) throw new BuildError(`RUN --mount=type=bind: ${source} not found in the build context`);
  const dir = ws.newDir('mount-ctx');
  const isDir = entry === undefined || entry.type === 'dir';
  await copyInto({
    root: dir,
    items: [{ item: { from: { kind: 'context', name: '' }, path: rel, name: rel.slice(rel.lastIndexOf('/') + 1), type: isDir ? 'dir' : 'file', unpack: false }, tree: ctx }],
    dest: isDir ? '/' : '/file',
    excludes: [],
    scratch: () => ws.newDir('scratch'),
  });
  return { path: isDir ? dir : join(dir, 'file'), dir: isDir };
}
