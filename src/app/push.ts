/**
 * `push`, as docker compose 2.26.1's pkg/compose/push.go: only services
 * that are built and named (`build:` and `image:`), each tag of them
 * (image and build.tags), in parallel.
 */
import { allOf } from '../host/lazy.js';
import { pushImage } from '../images/index.js';
import { humanSize } from './units.js';
import { imageStoreFor, registryOptionsFor } from './image-env.js';
import { loadComposeProject, type GlobalOptions, type HostContext } from './load-project.js';
import { layerEvent, type UiSink } from './progress-events.js';
import { serviceImages } from './service-images.js';

export interface PushRequest {
  services: readonly string[];
  includeDeps: boolean;
  ignorePushFailures: boolean;
  quiet: boolean;
}

export async function runPush(global: GlobalOptions, host: HostContext, req: PushRequest, warn: (m: string) => void, sink: UiSink): Promise<void> {
  const loaded = loadComposeProject(global, host, { services: req.services, onWarning: warn });
  let services = serviceImages(loaded.project.model);
  if (!req.includeDeps && req.services.length > 0) services = services.filter((s) => req.services.includes(s.name));
  const store = imageStoreFor(host);
  const jobs: Array<Promise<void>> = [];
  for (const svc of services) {
    if (!svc.build || svc.image === '') {
      sink.event({ id: svc.name, status: 'done', text: 'Skipped' });
      continue;
    }
    for (const tag of [svc.image, ...svc.buildTags]) {
      jobs.push(
        pushImage(store, tag, {
          ...registryOptionsFor(host),
          onProgress: (e) => {
            const ui = req.quiet ? undefined : layerEvent(`Pushing ${tag}`, e, humanSize, `Pushing ${tag}: `);
            if (ui !== undefined) sink.event({ ...ui, parentId: undefined });
          },
        }).then(
          () => undefined,
          (e: unknown) => {
            if (!req.ignorePushFailures) throw e;
            sink.tail(`Pushing ${svc.name}: ${(e as Error).message}`);
          },
        ),
      );
    }
  }
  await allOf(jobs);
}
