/**
 * exec's ImagePort over the image store: inspect reads the store, pull goes
 * to the registry with the settings a Docker user already has (docker's
 * config.json credentials, daemon.json mirrors and insecure registries).
 */
import { ImageInUseError, NoSuchImageError } from '../../images/errors.js';
import type { ImageStore, LocalImage } from '../../images/index.js';
import type { ImageInfo, ImagePort } from '../../exec/ports.js';
import { realHostContext } from '../../host/fs.js';

export function imageInfo(image: LocalImage): ImageInfo {
  const c = image.config.config ?? {};
  return {
    id: image.id,
    config: {
      ...(c.Volumes === undefined ? {} : { Volumes: c.Volumes }),
      ...(c.Healthcheck === undefined ? {} : { Healthcheck: c.Healthcheck }),
      ...(c.StopSignal === undefined ? {} : { StopSignal: c.StopSignal }),
    },
  };
}

export function imagePort(store: () => Promise<ImageStore>, env: Readonly<Record<string, string | undefined>>): ImagePort {
  return {
    async inspect(ref) {
      const image = await (await store()).get(ref);
      return image === undefined ? undefined : imageInfo(image);
    },
    async pull(ref, opts) {
      const host = { ...realHostContext(), env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)) };
      // Loaded on the first pull: the registry client is most of images/, which read commands never need.
      const [{ pullImage }, { registryOptionsFor }] = await Promise.all([import('../../images/index.js'), import('../image-env.js')]);
      return imageInfo(await pullImage(await store(), ref, { ...registryOptionsFor(host), ...(opts.signal === undefined ? {} : { signal: opts.signal }) }));
    },
    async remove(ref) {
      try {
        await (await store()).remove(ref);
        return 'removed';
      } catch (e) {
        if (e instanceof NoSuchImageError) return 'missing';
        if (e instanceof ImageInUseError) return 'in-use';
        throw e;
      }
    },
  };
}
