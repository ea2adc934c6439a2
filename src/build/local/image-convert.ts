/**
 * Between the image store's records and the builder's image model: a base
 * image from the store as the planner sees it (only the fields a build
 * carries forward: platform, config, layers, history with its times), and
 * the finished stage as an OCI image config with Docker's fields, `created`
 * set for the image and for the history entries this build added.
 */
import type { LocalImage, OciImage } from '../../images/index.js';
import type { ImageConfig, ImageSpec } from '../plan/image-config.js';
import type { ResolvedImage } from '../plan/types.js';

type TimedHistory = ImageSpec['history'][number] & { created?: string };

export function resolvedFromStore(ref: string, name: string, local: LocalImage): ResolvedImage {
  const c = local.config;
  const image: ImageSpec = {
    architecture: c.architecture,
    os: c.os,
    ...(c.variant === undefined ? {} : { variant: c.variant }),
    ...(c.author === undefined ? {} : { author: c.author }),
    config: (c.config ?? {}) as ImageConfig,
    rootfs: { type: 'layers', diff_ids: [...c.rootfs.diff_ids] },
    history: (c.history ?? []).map((h) => ({
      created_by: h.created_by ?? '',
      ...(h.comment === undefined ? {} : { comment: h.comment }),
      ...(h.empty_layer === true ? { empty_layer: true } : {}),
      ...(h.created === undefined ? {} : { created: h.created }),
    })),
  };
  const digest = local.repoDigests[0]?.split('@')[1];
  return { ref, name, id: local.id, ...(digest === undefined ? {} : { digest }), image };
}

export function toOciImage(spec: ImageSpec, diffIds: readonly string[], created: string): OciImage {
  const history = spec.history.map((h: TimedHistory) => {
    const { created: at, ...rest } = h;
    return { created: at ?? created, ...rest };
  });
  return {
    architecture: spec.architecture,
    os: spec.os,
    ...(spec.variant === undefined ? {} : { variant: spec.variant }),
    ...(spec.author === undefined ? {} : { author: spec.author }),
    created,
    config: { ...spec.config },
    rootfs: { type: 'layers', diff_ids: [...diffIds] },
    history,
  };
}
