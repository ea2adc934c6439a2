/**
 * `config --resolve-image-digests`: every service image pinned to a digest
 * (compose-go's WithImagesResolved: `docker.io/library/nginx:latest@sha256:…`),
 * from the image store when it knows the repository's digest, else from
 * the registry (a HEAD of the manifest, as docker's DistributionInspect).
 */
import type { Mapping } from '../compose/tree.js';
import { isMapping } from '../compose/tree.js';
import { TscomposeError } from '../errors.js';
import { clientFor } from '../images/pull.js';
import { parseReference, referenceString, repositoryName, withDefaultTag, type ImageReference } from '../images/reference.js';
import type { HostContext } from './load-project.js';
import { imageStoreFor, registryOptionsFor } from './image-env.js';

export type DigestResolver = (r: ImageReference) => Promise<string>;

export function storeOrRegistryResolver(host: HostContext): DigestResolver {
  const store = imageStoreFor(host);
  return async (r) => {
    const image = await store.get(referenceString(r)).catch(() => undefined);
    const known = image?.repoDigests.map((d) => parseReference(d)).find((d) => repositoryName(d) === repositoryName(r))?.digest;
    if (known !== undefined) return known;
    try {
      const head = await clientFor(r, registryOptionsFor(host)).headManifest(r.tag ?? 'latest');
      if (head === undefined) throw new Error('manifest unknown');
      return head.digest;
    } catch (e) {
      throw new TscomposeError('E_RESOLVE_DIGEST', `failed to resolve digest for ${referenceString(r)}: ${(e as Error).message}`, { cause: e });
    }
  };
}

/** A copy of the model with each service's image pinned; services without an image stay as they are. */
export async function resolveImageDigests(model: Mapping, resolve: DigestResolver): Promise<Mapping> {
  if (!isMapping(model.services)) return model;
  const services: Mapping = {};
  for (const [name, svc] of Object.entries(model.services)) {
    if (!isMapping(svc) || typeof svc.image !== 'string' || svc.image === '') {
      services[name] = svc;
      continue;
    }
    const r = withDefaultTag(parseReference(svc.image));
    const digest = r.digest ?? (await resolve(r));
    services[name] = { ...svc, image: referenceString({ ...r, digest }) };
  }
  return { ...model, services };
}
