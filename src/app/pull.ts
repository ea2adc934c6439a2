/**
 * `pull`, as docker compose 2.26.1's pkg/compose/pull.go: every selected
 * service with an image, in parallel, honouring pull_policy (and --policy),
 * skipping what is present for `missing`, warning instead of failing for
 * services that can be built.
 */
import { parseReference, pullImage, type ImageStore } from '../images/index.js';
import { humanSize } from './units.js';
import { imageStoreFor, registryOptionsFor } from './image-env.js';
import { loadComposeProject, type GlobalOptions, type HostContext } from './load-project.js';
import { layerEvent, type UiSink } from './progress-events.js';
import { serviceImages, type ServiceImage } from './service-images.js';

export interface PullRequest {
  services: readonly string[];
  includeDeps: boolean;
  ignorePullFailures: boolean;
  ignoreBuildable: boolean;
  quiet: boolean;
  /** `--policy`: '' (each service's pull_policy), `missing` or `always`. */
  policy: string;
}

export async function runPull(global: GlobalOptions, host: HostContext, req: PullRequest, warn: (m: string) => void, sink: UiSink): Promise<void> {
  const loaded = loadComposeProject(global, host, { services: req.services, onWarning: warn });
  let services = serviceImages(loaded.project.model);
  if (!req.includeDeps && req.services.length > 0) services = services.filter((s) => req.services.includes(s.name));
  if (req.policy !== '') services = services.map((s) => (s.image === '' ? s : { ...s, pullPolicy: req.policy }));
  const store = imageStoreFor(host);
  const defaultPlatform = loaded.project.environment.DOCKER_DEFAULT_PLATFORM ?? '';
  const pulling = new Map<string, string>();
  const mustBuild: string[] = [];
  const jobs: Array<Promise<void>> = [];
  let firstError: unknown;
  for (const svc of services) {
    const skip = await skipReason(svc, store, pulling, req);
    if (skip !== undefined) {
      sink.event({ id: svc.name, status: 'done', text: skip });
      continue;
    }
    pulling.set(svc.image, svc.name);
    jobs.push(
      pullService(store, host, svc, svc.platform || defaultPlatform, req.quiet ? undefined : sink).catch((e: unknown) => {
        if (svc.build) mustBuild.push(svc.name);
        else if (!req.ignorePullFailures) firstError ??= e;
      }),
    );
  }
  await Promise.all(jobs);
  if (mustBuild.length > 0) sink.tail(`WARNING: Some service image(s) must be built from source by running:\n    tscompose build ${mustBuild.sort().join(' ')}`);
  if (firstError !== undefined) throw firstError;
}

async function skipReason(svc: ServiceImage, store: ImageStore, pulling: ReadonlyMap<string, string>, req: PullRequest): Promise<string | undefined> {
  if (svc.image === '') return 'Skipped - No image to be pulled';
  if (svc.pullPolicy === 'never' || svc.pullPolicy === 'build') return 'Skipped';
  if ((svc.pullPolicy === 'missing' || svc.pullPolicy === 'if_not_present') && (await presentNotLatest(store, svc.image))) {
    return 'Skipped - Image is already present locally';
  }
  if (svc.build && req.ignoreBuildable) return 'Skipped - Image can be built';
  const other = pulling.get(svc.image);
  return other === undefined ? undefined : `Skipped - Image is already being pulled by ${other}`;
}

/** compose's imageAlreadyPresent: a `latest` tag is always pulled again. */
async function presentNotLatest(store: ImageStore, image: string): Promise<boolean> {
  const r = parseReference(image);
  if (r.digest === undefined && (r.tag ?? 'latest') === 'latest') return false;
  return (await store.get(image)) !== undefined;
}

async function pullService(store: ImageStore, host: HostContext, svc: ServiceImage, platform: string, sink: UiSink | undefined): Promise<void> {
  sink?.event({ id: svc.name, status: 'working', text: 'Pulling' });
  try {
    await pullImage(store, svc.image, {
      ...registryOptionsFor(host),
      platform,
      onProgress: (e) => {
        const ui = sink === undefined ? undefined : layerEvent(svc.name, e, humanSize);
        if (ui !== undefined) sink?.event(ui);
      },
    });
  } catch (e) {
    sink?.event({ id: svc.name, status: svc.build ? 'warning' : 'error', text: svc.build ? 'Warning' : 'Error', statusText: (e as Error).message });
    throw e;
  }
  sink?.event({ id: svc.name, status: 'done', text: 'Pulled' });
}
