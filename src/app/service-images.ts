/** The services of a loaded project as the image commands see them. */
import type { Mapping } from '../compose/tree.js';
import { isMapping } from '../compose/tree.js';

export interface ServiceImage {
  name: string;
  /** `image:` as written, or '' for a service that is only built. */
  image: string;
  build: boolean;
  buildTags: string[];
  pullPolicy: string;
  platform: string;
}

export function serviceImages(model: Mapping): ServiceImage[] {
  const services = isMapping(model.services) ? model.services : {};
  return Object.keys(services)
    .sort()
    .map((name) => {
      const s = services[name];
      const svc = isMapping(s) ? s : {};
      const build = isMapping(svc.build) ? svc.build : undefined;
      return {
        name,
        image: typeof svc.image === 'string' ? svc.image : '',
        build: build !== undefined,
        buildTags: Array.isArray(build?.tags) ? build.tags.map(String) : [],
        pullPolicy: typeof svc.pull_policy === 'string' ? svc.pull_policy : '',
        platform: typeof svc.platform === 'string' ? svc.platform : '',
      };
    });
}
