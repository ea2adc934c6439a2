/**
 * `images`: docker compose lists the images of the project's created
 * containers. Containers do not exist yet in tscompose, so this lists the
 * images of the project's services that are in the image store, with the
 * CONTAINER column empty until they do.
 */
import { familiarString, parseReference, type LocalImage } from '../images/index.js';
import { imageStoreFor } from './image-env.js';
import { loadComposeProject, type GlobalOptions, type HostContext } from './load-project.js';
import { serviceImages } from './service-images.js';

export interface ImageSummary {
  ID: string;
  ContainerName: string;
  Repository: string;
  Tag: string;
  Size: number;
}

export async function runImages(global: GlobalOptions, host: HostContext, services: readonly string[], warn: (m: string) => void): Promise<ImageSummary[]> {
  const loaded = loadComposeProject(global, host, { services, onWarning: warn });
  const separator = loaded.interpolationEnv.COMPOSE_COMPATIBILITY === 'true' ? '_' : '-';
  const store = imageStoreFor(host);
  const out: ImageSummary[] = [];
  for (const svc of serviceImages(loaded.project.model)) {
    if (services.length > 0 && !services.includes(svc.name)) continue;
    const ref = svc.image !== '' ? svc.image : `${loaded.project.name}${separator}${svc.name}`;
    let image: LocalImage | undefined;
    try {
      image = await store.get(ref);
    } catch {
      image = undefined;
    }
    if (image === undefined) continue;
    const r = parseReference(ref);
    const tag = r.tag ?? (r.digest === undefined ? 'latest' : '');
    const row = { ID: image.id, ContainerName: '', Repository: familiarString({ domain: r.domain, path: r.path }), Tag: tag, Size: image.size };
    // Without containers, two services of one image would be two identical rows.
    if (!out.some((o) => o.ID === row.ID && o.Repository === row.Repository && o.Tag === row.Tag)) out.push(row);
  }
  return out;
}
