/**
 * Building service images, as docker compose 2.26's build.go: the services
 * that have `build:` (the named ones, with --with-dependencies their
 * dependencies too), in dependency order (depends_on, and `service:`
 * additional contexts, whose image must exist first), each tagged as its
 * image name and build.tags, with compose's labels. Progress is BuildKit's
 * plain output with the service name in each step.
 *
 * `buildServices` is the use case `build` runs; `ensureServiceImages` is the
 * one `up --build` and `run --build` call: build when asked, or when the
 * image is missing and the service can be built (pull_policy: build always
 * builds).
 */
import { PlainProgress, type ProgressSink } from '../build/exec/progress.js';
import { runBuild } from '../build/exec/run-build.js';
import { hostPrepare } from '../build/host-prepare.js';
import { LocalExecutor } from '../build/local/local-executor.js';
import { prepareBuild } from '../build/prepare.js';
import type { LoadedProject } from '../compose/types.js';
import { isMapping, type Mapping } from '../compose/tree.js';
import { createEngine } from '../engine/index.js';
import { TscomposeError } from '../errors.js';
import { stateRoots } from '../host/state-root.js';
import { pullImage, type ImageStore } from '../images/index.js';
import type { HostContext } from './load-project.js';
import { imageStoreFor, registryOptionsFor } from './image-env.js';
import { serviceBuild, type ServiceBuild } from './build-spec.js';
import { TSCOMPOSE_VERSION } from './run-context.js';

export interface BuildServicesOptions {
  /** Services to build; empty: every service with `build:`. */
  services: readonly string[];
  withDependencies?: boolean;
  noCache?: boolean;
  pull?: boolean;
  /** --build-arg, `KEY` alone taking its value from the environment. */
  buildArgs?: Readonly<Record<string, string | null>>;
  /** Where progress goes (stdout for `build`); undefined: quiet. */
  progress?: ProgressSink;
  warn: (message: string) => void;
  /** --runtime for the RUN containers. */
  runtime?: string;
}

export interface BuildProjectInput {
  project: LoadedProject;
  /** The interpolation environment: build args without a value come from it. */
  environment: Readonly<Record<string, string>>;
}

/** Builds, in dependency order; returns the image id of each service built. */
export async function buildServices(input: BuildProjectInput, host: HostContext, opts: BuildServicesOptions): Promise<Map<string, string>> {
  const store = imageStoreFor(host);
  const all = allBuilds(input.project, opts.buildArgs);
  // Services left out of the selection may still be named by a `service:` context.
  const known = [...all, ...allBuilds({ ...input.project, model: { services: input.project.disabledServices } }, opts.buildArgs)];
  const images = new Map<string, string>();
  // A `service:` context names that service's image, built now or earlier.
  for (const b of known) if ((await store.get(b.image)) !== undefined) images.set(b.service, b.image);
  const builds = selectBuilds(all, known, opts, images);
  const built = new Map<string, string>();
  const counter = { next: 1 };
  for (const b of ordered(builds)) {
    const id = await buildOne(b, input, host, store, opts, images, counter);
    built.set(b.service, id);
    images.set(b.service, b.image);
  }
  return built;
}

export interface EnsureOptions extends Omit<BuildServicesOptions, 'services' | 'withDependencies'> {
  /** `--build`: always; `--no-build`: never; else when the image is missing. */
  build?: 'always' | 'never' | 'missing';
}

/**
 * The images `up`/`run` need built: with `always` every service that has
 * `build:`; with `missing` those whose image is not in the store or whose
 * pull_policy is `build`; never any with `never`. Returns the ids built.
 */
export async function ensureServiceImages(input: BuildProjectInput, host: HostContext, opts: EnsureOptions): Promise<Map<string, string>> {
  const mode = opts.build ?? 'missing';
  const builds = mode === 'never' ? [] : allBuilds(input.project, opts.buildArgs);
  // A project without build: never opens the store (up on image-only projects stays as it was).
  if (builds.length === 0) return new Map();
  const store = imageStoreFor(host);
  const wanted: string[] = [];
  for (const b of builds) {
    if (mode === 'always' || b.pullPolicy === 'build' || (await store.get(b.image)) === undefined) wanted.push(b.service);
  }
  if (wanted.length === 0) return new Map();
  return buildServices(input, host, { ...opts, services: wanted });
}

function allBuilds(project: LoadedProject, args: Readonly<Record<string, string | null>> | undefined): ServiceBuild[] {
  const services = isMapping(project.model.services) ? project.model.services : {};
  const out: ServiceBuild[] = [];
  for (const [name, svc] of Object.entries(services)) {
    const b = isMapping(svc) ? serviceBuild(project.name, name, svc as Mapping, TSCOMPOSE_VERSION, args) : undefined;
    if (b !== undefined) out.push(b);
  }
  return out;
}

/** The named builds (all without names or with --with-dependencies), plus the `service:` contexts they need whose image is missing. */
function selectBuilds(all: readonly ServiceBuild[], known: readonly ServiceBuild[], opts: BuildServicesOptions, present: ReadonlyMap<string, string>): ServiceBuild[] {
  const byName = new Map(known.map((b) => [b.service, b]));
  const chosen = new Map<string, ServiceBuild>();
  const add = (b: ServiceBuild): void => {
    if (chosen.has(b.service)) return;
    chosen.set(b.service, b);
    for (const ref of b.contextServices) {
      const dep = byName.get(ref);
      if (dep !== undefined && !present.has(ref)) add(dep);
    }
  };
  const named = opts.services.length === 0 || opts.withDependencies === true ? all : all.filter((b) => opts.services.includes(b.service));
  for (const b of named) add(b);
  return [...chosen.values()];
}

/** Dependencies first, otherwise in name order; a cycle among builds is an error. */
function ordered(builds: readonly ServiceBuild[]): ServiceBuild[] {
  const byName = new Map(builds.map((b) => [b.service, b]));
  const out: ServiceBuild[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (b: ServiceBuild, path: string[]): void => {
    const s = state.get(b.service);
    if (s === 'done') return;
    if (s === 'visiting') throw new TscomposeError('E_BUILD_CYCLE', `build dependency cycle: ${[...path, b.service].join(' -> ')}`);
    state.set(b.service, 'visiting');
    for (const d of [...b.after].sort()) {
      const dep = byName.get(d);
      if (dep !== undefined) visit(dep, [...path, b.service]);
    }
    state.set(b.service, 'done');
    out.push(b);
  };
  for (const b of [...builds].sort((x, y) => (x.service < y.service ? -1 : 1))) visit(b, []);
  return out;
}

async function buildOne(b: ServiceBuild, input: BuildProjectInput, host: HostContext, store: ImageStore, opts: BuildServicesOptions, images: ReadonlyMap<string, string>, counter: { next: number }): Promise<string> {
  const prepared = prepareBuild(b.spec, hostPrepare({ ...host.env, ...input.environment }), images);
  for (const w of prepared.warnings) opts.warn(`${b.service}: ${w}`);
  const roots = stateRoots(host.env);
  const noCache = opts.noCache === true || b.noCache;
  const executor = await LocalExecutor.open({
    store,
    libRoot: roots.lib,
    engine: () => createEngine({ roots, env: host.env, ...(opts.runtime === undefined ? {} : { runtime: opts.runtime }) }),
    pull: (ref, platform) => pullImage(store, ref, { ...registryOptionsFor(host), platform }),
    noCache,
    warn: opts.warn,
  });
  const progress = new PlainProgress(opts.progress ?? { write: () => undefined }, { prefix: b.service, counter });
  try {
    const r = await runBuild({ request: prepared.request, dockerfile: prepared.dockerfile, executor, progress, noCache, pull: opts.pull === true || b.pull, tags: [b.image, ...b.tags] });
    return r.imageId;
  } finally {
    await executor.close();
  }
}
