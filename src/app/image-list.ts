/**
 * `image ls` and `image inspect`, in docker's shapes: one row per tag
 * (dangling images as `<none>`), newest first; inspect's JSON with the
 * fields docker prints, GraphDriver naming the overlay lower dirs.
 */
import { familiarName, parseReference, type LocalImage } from '../images/index.js';
import { NoSuchImageError } from '../images/errors.js';
import type { HostContext } from './load-project.js';
import { imageStoreFor } from './image-env.js';

export interface ImageRow {
  repository: string;
  tag: string;
  digest: string;
  id: string;
  created: string;
  size: number;
}

export interface ListRequest {
  /** `[REPOSITORY[:TAG]]` */
  reference?: string;
  /** `--filter dangling=true|false`, `reference=PATTERN` */
  filters: readonly string[];
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);
}

function rowsOf(image: LocalImage): ImageRow[] {
  const base = { id: image.id, created: image.created, size: image.size };
  const digestOf = (name: string): string => image.repoDigests.find((d) => d.startsWith(`${name}@`))?.split('@')[1] ?? '<none>';
  if (image.repoTags.length === 0) {
    const byDigest = image.repoDigests.map((d) => ({ ...base, repository: d.split('@')[0] as string, tag: '<none>', digest: d.split('@')[1] as string }));
    return byDigest.length > 0 ? byDigest : [{ ...base, repository: '<none>', tag: '<none>', digest: '<none>' }];
  }
  return image.repoTags.map((t) => {
    const r = parseReference(t);
    const repository = familiarName(r);
    return { ...base, repository, tag: r.tag ?? 'latest', digest: digestOf(repository) };
  });
}

export async function listImages(host: HostContext, req: ListRequest): Promise<ImageRow[]> {
  let rows = (await imageStoreFor(host).list()).flatMap(rowsOf);
  for (const f of req.filters) {
    const [key, value = ''] = f.split('=', 2) as [string, string?];
    if (key === 'dangling') rows = rows.filter((r) => (r.tag === '<none>') === (value === 'true' || value === '1'));
    else if (key === 'reference') {
      const re = globToRegExp(value);
      rows = rows.filter((r) => re.test(value.includes(':') ? `${r.repository}:${r.tag}` : r.repository));
    }
  }
  if (req.reference !== undefined && req.reference !== '') {
    const want = parseReference(req.reference);
    rows = rows.filter((r) => r.repository === familiarName(want) && (want.tag === undefined || r.tag === want.tag));
  }
  return rows.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag)));
}

export async function inspectImages(host: HostContext, refs: readonly string[]): Promise<{ found: unknown[]; missing: string[] }> {
  const store = imageStoreFor(host);
  const found: unknown[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const image = await store.get(ref);
    if (image === undefined) missing.push(ref);
    else found.push(inspectJson(image, store.record(image.id)?.added ?? ''));
  }
  return { found, missing };
}

function inspectJson(image: LocalImage, added: string): Record<string, unknown> {
  const c = image.config;
  return {
    Id: image.id,
    RepoTags: image.repoTags,
    RepoDigests: image.repoDigests,
    Parent: '',
    Comment: typeof c.comment === 'string' ? c.comment : '',
    Created: image.created,
    DockerVersion: typeof c.docker_version === 'string' ? c.docker_version : '',
    Author: c.author ?? '',
    Config: c.config ?? {},
    Architecture: c.architecture,
    ...(c.variant === undefined ? {} : { Variant: c.variant }),
    Os: c.os,
    Size: image.size,
    GraphDriver: { Name: 'overlay', Data: { LowerDir: [...image.layerDirs].reverse().join(':') } },
    RootFS: { Type: 'layers', Layers: c.rootfs.diff_ids },
    Metadata: { LastTagTime: added },
  };
}

export function missingImage(ref: string): NoSuchImageError {
  return new NoSuchImageError(ref);
}
