/**
 * The `config` use case, as docker compose 2.26.1's cmd/compose/config.go:
 * load the project (or, for --no-interpolate and --variables, only the
 * model), then select what to print. Go prints several of these lists by
 * walking a map, in no fixed order; here they come sorted by name, which is
 * one of the orders docker compose prints.
 */
import { extractVariables } from '../compose/template-variables.js';
import { goQuote } from '../compose/go-format.js';
import { renderModel, renderProject } from '../compose/output/index.js';
import { isMapping, type Mapping } from '../compose/tree.js';
import { TscomposeError } from '../errors.js';
import { loadComposeModel, loadComposeProject, type GlobalOptions, type HostContext, type ProjectRequest } from './load-project.js';

export type ConfigMode = 'model' | 'services' | 'volumes' | 'networks' | 'hash' | 'profiles' | 'images' | 'variables' | 'environment';

export interface ConfigRequest {
  mode: ConfigMode;
  /** `yaml` or `json`; anything else is refused once the project loaded, as docker compose does. */
  format: string;
  /** Services named on the command line. */
  services: readonly string[];
  /** `--hash`: `*` or a comma-separated list. */
  hash: string;
  noInterpolate: boolean;
  noNormalize: boolean;
  noResolvePath: boolean;
  noConsistency: boolean;
  resolveImageDigests: boolean;
  /** `--compatibility`: default image names join with `_`. */
  compatibility: boolean;
  allResources: boolean;
}

/** Text to print as is, or a table the CLI lays out (docker compose's tabwriter settings). */
export type ConfigOutput = { text: string } | { table: { header: string[]; rows: string[][] } };

/** Receives loader warnings as they arise, before any error that ends the load. */
export type Warn = (message: string) => void;

export async function runConfig(global: GlobalOptions, host: HostContext, req: ConfigRequest, warn: Warn): Promise<ConfigOutput> {
  if (req.mode === 'model' && req.resolveImageDigests) return pinnedText({ global, host, req, warn });
  return SELECTIONS[req.mode]({ global, host, req, warn });
}

/**
 * --resolve-image-digests. docker compose 2.26.1 pins only with
 * --no-interpolate and ignores the flag otherwise; later releases pin in
 * both, and so does tscompose: asking for pinned images and getting tags is
 * no use to anyone.
 */
async function pinnedText(r: Run): Promise<ConfigOutput> {
  const { resolveImageDigests, storeOrRegistryResolver } = await import('./resolve-digests.js');
  const resolver = storeOrRegistryResolver(r.host);
  if (r.req.noInterpolate) {
    const { model } = loadComposeModel(r.global, r.host, loadRequest(r, [], false));
    const format = checkFormat(r.req.format);
    return { text: renderModel(await resolveImageDigests(model, resolver), format) };
  }
  const loaded = project(r, r.req.services, true);
  const format = checkFormat(r.req.format);
  return { text: renderProject(await resolveImageDigests(loaded.project.model, resolver), format).replaceAll('$', '$$$$') };
}

interface Run {
  global: GlobalOptions;
  host: HostContext;
  req: ConfigRequest;
  warn: Warn;
}

type Selection = (run: Run) => ConfigOutput | Promise<ConfigOutput>;

const SELECTIONS: Record<ConfigMode, Selection> = {
  model: (r) => (r.req.noInterpolate ? modelText(r) : projectText(r)),
  services: (r) => lines(servicesInDependencyOrder(services(project(r, [], false).project.model))),
  volumes: (r) => lines(keysOf(project(r, [], false).project.model.volumes)),
  networks: (r) => lines(keysOf(project(r, [], false).project.model.networks)),
  hash: (r) => hashes(r),
  profiles: (r) => {
    const p = project(r, r.req.services, false).project;
    return lines(profilesOf(p.model, p.disabledServices));
  },
  images: (r) => lines(imagesOf(project(r, r.req.services, false), r.req.compatibility)),
  variables: (r) => variablesTable(r),
  environment: (r) => lines(environmentLines(project(r, r.req.services, true).project.environment)),
};

type Loaded = ReturnType<typeof loadComposeProject>;

function loadRequest(r: Run, services: readonly string[], resolveEnvironment: boolean): ProjectRequest {
  const { req } = r;
  return {
    services,
    allResources: req.allResources,
    skipInterpolation: req.noInterpolate,
    skipNormalization: req.noNormalize,
    skipResolvePaths: req.noResolvePath,
    skipConsistency: req.noConsistency,
    skipResolveEnvironment: !resolveEnvironment,
    onWarning: r.warn,
  };
}

/** docker compose's ToProject: the project, with the named services (and what they need) selected. */
function project(r: Run, services: readonly string[], resolveEnvironment: boolean): Loaded {
  return loadComposeProject(r.global, r.host, loadRequest(r, services, resolveEnvironment));
}

function lines(items: readonly string[]): ConfigOutput {
  return { text: items.map((l) => `${l}\n`).join('') };
}

/** The whole project in the canonical format, `$` escaped as `$$` so the output reads back the same. */
function projectText(r: Run): ConfigOutput {
  const loaded = project(r, r.req.services, true);
  const format = checkFormat(r.req.format);
  return { text: renderProject(loaded.project.model, format).replaceAll('$', '$$$$') };
}

/** --no-interpolate: the model before profiles and service selection, keys sorted, `$` left alone. */
function modelText(r: Run): ConfigOutput {
  const { model } = loadComposeModel(r.global, r.host, loadRequest(r, [], false));
  return { text: renderModel(model, checkFormat(r.req.format)) };
}

function checkFormat(format: string): 'yaml' | 'json' {
  if (format === 'yaml' || format === 'json') return format;
  throw new TscomposeError('E_FORMAT', `unsupported format ${goQuote(format)}`);
}

function services(model: Mapping): Mapping {
  return isMapping(model.services) ? model.services : {};
}

function keysOf(v: unknown): string[] {
  return isMapping(v) ? Object.keys(v).sort() : [];
}

/** compose-go's ForEachService: each service after the services it depends on. */
export function servicesInDependencyOrder(all: Mapping): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (names: readonly string[], required: (n: string) => boolean): void => {
    for (const name of names) {
      const svc = all[name];
      if (!isMapping(svc)) {
        if (required(name)) throw noSuchService(name);
        continue;
      }
      if (seen.has(name)) continue;
      seen.add(name);
      const deps = dependsOn(svc);
      visit([...deps.keys()].sort(), (n) => deps.get(n) !== false);
      order.push(name);
    }
  };
  visit(Object.keys(all).sort(), () => true);
  return order;
}

function dependsOn(svc: Mapping): Map<string, boolean> {
  const d = svc.depends_on;
  if (Array.isArray(d)) return new Map(d.map((n) => [String(n), true]));
  if (!isMapping(d)) return new Map();
  return new Map(Object.entries(d).map(([n, cfg]) => [n, !(isMapping(cfg) && cfg.required === false)]));
}

function noSuchService(name: string, why?: 'not found' | 'disabled'): TscomposeError {
  return new TscomposeError('E_NO_SUCH_SERVICE', why === undefined ? `no such service: ${name}` : `no such service: ${name}: ${why}`);
}

function profilesOf(model: Mapping, disabled: Mapping): string[] {
  const found = new Set<string>();
  for (const svc of [...Object.values(services(model)), ...Object.values(disabled)]) {
    if (isMapping(svc) && Array.isArray(svc.profiles)) for (const p of svc.profiles) found.add(String(p));
  }
  return [...found].sort();
}

/** A service without `image` is built and tagged `<project>-<service>` (`_` in compatibility mode). */
function imagesOf(loaded: Loaded, compatibility: boolean): string[] {
  const { project: p, interpolationEnv } = loaded;
  const separator = compatibility || goTruthy(interpolationEnv.COMPOSE_COMPATIBILITY) ? '_' : '-';
  const all = services(p.model);
  return Object.keys(all)
    .sort()
    .map((name) => {
      const svc = all[name];
      const image = isMapping(svc) && typeof svc.image === 'string' ? svc.image : '';
      return image !== '' ? image : `${p.name}${separator}${name}`;
    });
}

/** docker compose's utils.StringToBool. */
function goTruthy(v: string | undefined): boolean {
  const s = (v ?? '').trim().toLowerCase();
  return s === 'y' || s === '1' || s === 't' || s === 'true';
}

function environmentLines(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .sort();
}

function variablesTable(r: Run): ConfigOutput {
  const { model } = loadComposeModel(r.global, r.host, loadRequest({ ...r, req: { ...r.req, noInterpolate: true } }, [], false));
  const vars = [...extractVariables(model).values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const rows = vars.map((v) => [v.name, String(v.required), v.defaultValue ?? '', v.alternateValue ?? '']);
  return { table: { header: ['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'], rows } };
}

async function hashes(r: Run): Promise<ConfigOutput> {
  const p = project(r, [], false).project;
  // Loaded here only: node:crypto costs every other run about 5 ms.
  const { serviceHash } = await import('../compose/output/hash.js');
  const all = applyPlatforms(services(p.model), p.environment.DOCKER_DEFAULT_PLATFORM ?? '');
  const names = r.req.hash === '*' ? Object.keys(all) : r.req.hash.split(',');
  return lines(
    [...names].sort().map((name) => {
      const svc = all[name];
      if (!isMapping(svc)) throw noSuchService(name, name in p.disabledServices ? 'disabled' : 'not found');
      return `${name} ${serviceHash(svc)}`;
    }),
  );
}

/**
 * docker compose's applyPlatforms(project, true), run before hashing: a
 * built service gets DOCKER_DEFAULT_PLATFORM as its platform when it has
 * none, and the platform must be one its build lists.
 */
export function applyPlatforms(all: Mapping, defaultPlatform: string): Mapping {
  const out: Mapping = {};
  for (const [name, svc] of Object.entries(all)) {
    out[name] = isMapping(svc) && isMapping(svc.build) ? withPlatform(name, svc, svc.build, defaultPlatform) : svc;
  }
  return out;
}

function withPlatform(name: string, svc: Mapping, build: Mapping, defaultPlatform: string): Mapping {
  const listed = Array.isArray(build.platforms) ? build.platforms.map(String) : [];
  let platform = typeof svc.platform === 'string' ? svc.platform : '';
  if (defaultPlatform !== '' && platform === '') {
    if (listed.length > 0 && !listed.includes(defaultPlatform)) {
      throw new TscomposeError('E_PLATFORM', `service ${goQuote(name)} build.platforms does not support value set by DOCKER_DEFAULT_PLATFORM: ${defaultPlatform}`);
    }
    platform = defaultPlatform;
  }
  if (platform === '') {
    // Several platforms and none chosen: the builder decides.
    if (listed.length <= 1) return svc;
    const { platforms: _dropped, ...rest } = build;
    return { ...svc, build: rest };
  }
  if (listed.length > 0 && !listed.includes(platform)) {
    throw new TscomposeError('E_PLATFORM', `service ${goQuote(name)} build configuration does not support platform: ${platform}`);
  }
  // Building for the one platform the container runs on.
  return { ...svc, platform, build: { ...build, platforms: [platform] } };
}
