/**
 * Planning without a host: base images and downloads come from tables the
 * test gives, and the planner's "needs" are answered from them, as the
 * runner answers them from the executor.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostContextFs } from '../../../src/build/context/fs-source.js';
import { memoryContextFs, type MemoryFile } from '../../../src/build/context/memory-fs.js';
import type { ContextFs, ContextSource } from '../../../src/build/context/source.js';
import { walkContext } from '../../../src/build/context/walk.js';
import { readIgnoreFile } from '../../../src/build/ignore/ignore-file.js';
import { loadDockerfile } from '../../../src/build/load-dockerfile.js';
import { imageRequestKey } from '../../../src/build/plan/dispatch-from.js';
import type { ImageConfig } from '../../../src/build/plan/image-config.js';
import { normalizeReference } from '../../../src/build/plan/reference.js';
import { planBuild } from '../../../src/build/plan/plan.js';
import type { BuildPlan, BuildRequest, RemoteFile, ResolvedImage } from '../../../src/build/plan/types.js';

export const amd64 = { os: 'linux', architecture: 'amd64' };

export function fakeImage(ref: string, config: ImageConfig = {}): ResolvedImage {
  const image = { architecture: 'amd64', os: 'linux', config, rootfs: { type: 'layers' as const, diff_ids: [] }, history: [] };
  const id = `sha256:${createHash('sha256').update(JSON.stringify(image)).digest('hex')}`;
  return { ref, name: normalizeReference(ref), id, image };
}

export interface PlanOptions {
  buildArgs?: Record<string, string>;
  target?: string;
  images?: Record<string, ImageConfig>;
  urls?: Record<string, string>;
  labels?: Record<string, string>;
  network?: 'default' | 'none' | 'host';
  namedImages?: Record<string, string>;
  namedContexts?: Record<string, ContextSource>;
  entitlements?: string[];
  file?: string;
}

export function planText(dockerfile: string, context: ContextSource, opts: PlanOptions = {}): BuildPlan {
  const loaded = loadDockerfile(dockerfile, opts.file ?? 'Dockerfile');
  const req: BuildRequest = {
    file: loaded.file, model: loaded.model, context,
    namedContexts: new Map(Object.entries(opts.namedContexts ?? {})), namedImages: new Map(Object.entries(opts.namedImages ?? {})),
    buildArgs: opts.buildArgs ?? {}, buildPlatform: amd64, targetPlatform: amd64,
    ...(opts.target === undefined ? {} : { target: opts.target }),
    ...(opts.labels === undefined ? {} : { labels: opts.labels }),
    ...(opts.network === undefined ? {} : { network: opts.network }),
    ...(opts.entitlements === undefined ? {} : { entitlements: opts.entitlements }),
  };
  const images = new Map<string, ResolvedImage>();
  const remote = new Map<string, RemoteFile>();
  for (let round = 0; round < 10; round++) {
    const out = planBuild(req, { images, remote });
    if (out.kind === 'plan') return out.plan;
    for (const need of out.needs.images) {
      const config = opts.images?.[need.ref];
      if (config === undefined) throw new Error(`test gives no image ${need.ref}`);
      images.set(imageRequestKey(need.ref, need.platform), fakeImage(need.ref, config));
    }
    for (const url of out.needs.urls) {
      const body = opts.urls?.[url];
      if (body === undefined) throw new Error(`test gives no URL ${url}`);
      const filename = new URL(url).pathname.split('/').pop() || '__unnamed__';
      remote.set(url, { url, sha256: createHash('sha256').update(body).digest('hex'), size: body.length, filename });
    }
  }
  throw new Error('planner kept asking');
}

/** A fixture directory's context, with modes normalized so a checkout's umask does not change hashes. */
export function fixtureContext(dir: string, sub = 'context'): ContextSource {
  const root = sub === '' ? dir : join(dir, sub);
  if (!existsSync(root)) return walkContext(memoryContextFs({}));
  const fs = normalizedModes(hostContextFs(root));
  const ignore = join(root, '.dockerignore');
  const excludes = existsSync(ignore) ? readIgnoreFile(readFileSync(ignore, 'utf8')) : [];
  return walkContext(fs, { excludes, ownersAsRoot: true });
}

function normalizedModes(fs: ContextFs): ContextFs {
  return {
    ...fs,
    lstat(path) {
      const st = fs.lstat(path);
      if (st === undefined) return undefined;
      const perm = st.type === 'dir' || (st.mode & 0o100) !== 0 ? 0o755 : 0o644;
      return { ...st, mode: (st.mode & ~0o7777) | (st.type === 'symlink' ? 0o777 : perm) };
    },
  };
}

export function memoryContext(files: Record<string, string | Uint8Array | MemoryFile>, excludes: string[] = []): ContextSource {
  return walkContext(memoryContextFs(files), { excludes, ownersAsRoot: true });
}
