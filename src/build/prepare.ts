/**
 * A service's `build:` section to a BuildRequest: reads the Dockerfile (or
 * takes dockerfile_inline), picks the ignore file as BuildKit does
 * (`<Dockerfile>.dockerignore` beside it, else the context's `.dockerignore`),
 * walks the context, turns additional_contexts into named local contexts
 * or images (`docker-image://ref`, `service:name` once that service is
 * built), resolves `args` given without a value from the environment, and
 * says which options this builder does not carry out.
 */
import type { ContextFs, ContextSource } from './context/source.js';
import { walkContext } from './context/walk.js';
import { BuildError } from './errors.js';
import { readIgnoreFile } from './ignore/ignore-file.js';
import { loadDockerfile, type LoadedDockerfile } from './load-dockerfile.js';
import { parsePlatform, type Platform } from './plan/platform.js';
import type { BuildRequest } from './plan/types.js';

/** The build options of a service, as the builder takes them (compose's build section, resolved). */
export interface BuildSpec {
  /** Absolute context directory. */
  context: string;
  /** Relative to the context, or absolute; default `Dockerfile`. */
  dockerfile?: string;
  dockerfileInline?: string;
  /** A null value means "from the environment", as `args: [NAME]` does. */
  args?: Readonly<Record<string, string | null>>;
  target?: string;
  labels?: Readonly<Record<string, string>>;
  network?: string;
  additionalContexts?: Readonly<Record<string, string>>;
  platforms?: readonly string[];
  shmSize?: number | string;
  extraHosts?: readonly string[] | Readonly<Record<string, unknown>>;
  secrets?: readonly unknown[];
  ssh?: readonly unknown[];
  entitlements?: readonly string[];
}

export interface PrepareHost {
  env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): string | undefined;
  isDir(path: string): boolean;
  contextFs(dir: string): ContextFs;
  buildPlatform: Platform;
}

export interface PreparedBuild {
  request: BuildRequest;
  dockerfile: string;
  loaded: LoadedDockerfile;
  warnings: string[];
}

function joinPath(dir: string, p: string): string {
  return p.startsWith('/') ? p : `${dir.replace(/\/+$/, '')}/${p}`;
}

export function prepareBuild(spec: BuildSpec, host: PrepareHost, builtServices: ReadonlyMap<string, string> = new Map()): PreparedBuild {
  if (!host.isDir(spec.context)) throw new BuildError(`unable to prepare context: path "${spec.context}" not found`);
  const dockerfilePath = joinPath(spec.context, spec.dockerfile ?? 'Dockerfile');
  const dockerfile = spec.dockerfileInline ?? host.readFile(dockerfilePath);
  if (dockerfile === undefined) throw new BuildError(`failed to read dockerfile: open ${dockerfilePath}: no such file or directory`);
  const loaded = loadDockerfile(dockerfile, spec.dockerfileInline === undefined ? (spec.dockerfile ?? 'Dockerfile') : 'Dockerfile');
  const ignore = (spec.dockerfileInline === undefined ? host.readFile(`${dockerfilePath}.dockerignore`) : undefined) ?? host.readFile(joinPath(spec.context, '.dockerignore'));
  const context = walkContext(host.contextFs(spec.context), { excludes: ignore === undefined ? [] : readIgnoreFile(ignore), ownersAsRoot: true });
  const warnings: string[] = loaded.warnings.map((w) => `${loaded.file}:${w.line}: ${w.message}`);
  const syntax = loaded.directives.find((d) => d.name === 'syntax');
  if (syntax !== undefined && !/^(docker\.io\/)?docker\/dockerfile(-upstream)?(:|$)/.test(syntax.value)) {
    warnings.push(`${loaded.file}:${syntax.line}: the syntax directive names another frontend (${syntax.value}); tscompose builds with its own Dockerfile frontend`);
  }
  const { namedContexts, namedImages } = additionalContexts(spec, host, builtServices);
  const platform = targetPlatform(spec, host, warnings);
  for (const [field, value] of [['shm_size', spec.shmSize], ['extra_hosts', spec.extraHosts], ['secrets', spec.secrets], ['ssh', spec.ssh]] as const) {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) warnings.push(`build.${field} is not supported by tscompose's builder yet and is ignored`);
  }
  const request: BuildRequest = {
    file: loaded.file, model: loaded.model, context, namedContexts, namedImages, buildArgs: buildArgs(spec, host),
    buildPlatform: host.buildPlatform, targetPlatform: platform,
    ...(spec.target === undefined || spec.target === '' ? {} : { target: spec.target }),
    ...(spec.labels === undefined ? {} : { labels: spec.labels }),
    ...networkOption(spec.network),
    ...(spec.entitlements === undefined ? {} : { entitlements: spec.entitlements }),
  };
  return { request, dockerfile, loaded, warnings };
}

function buildArgs(spec: BuildSpec, host: PrepareHost): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.args ?? {})) {
    const value = v ?? host.env[k];
    if (value !== undefined) out[k] = value;
  }
  return out;
}

function networkOption(network: string | undefined): { network?: 'default' | 'none' | 'host' } {
  if (network === undefined || network === '' || network === 'default') return {};
  if (network === 'none' || network === 'host') return { network };
  throw new BuildError(`network mode "${network}" not supported by the builder: use none, host or default`);
}

function targetPlatform(spec: BuildSpec, host: PrepareHost, warnings: string[]): Platform {
  const first = spec.platforms?.[0];
  if (first === undefined) return host.buildPlatform;
  if ((spec.platforms?.length ?? 0) > 1) warnings.push(`multi-platform builds are not supported; building ${first} only`);
  return parsePlatform(first, host.buildPlatform);
}

function additionalContexts(spec: BuildSpec, host: PrepareHost, built: ReadonlyMap<string, string>): Pick<BuildRequest, 'namedContexts' | 'namedImages'> {
  const namedContexts = new Map<string, ContextSource>();
  const namedImages = new Map<string, string>();
  for (const [name, value] of Object.entries(spec.additionalContexts ?? {})) {
    if (value.startsWith('docker-image://')) namedImages.set(name, value.slice('docker-image://'.length));
    else if (value.startsWith('service:')) {
      const image = built.get(value.slice('service:'.length));
      if (image === undefined) throw new BuildError(`additional context ${name}: service ${value.slice('service:'.length)} has not been built`);
      namedImages.set(name, image);
    } else if (/^[a-z][a-z0-9+.-]*:\/\//.test(value) || value.startsWith('git@')) {
      throw new BuildError(`additional context ${name}: ${value} is not supported yet (local directories, docker-image:// and service: are)`);
    } else {
      const dir = joinPath(spec.context, value);
      if (!host.isDir(dir)) throw new BuildError(`additional context ${name}: ${dir} is not a directory`);
      const ignore = host.readFile(joinPath(dir, '.dockerignore'));
      namedContexts.set(name, walkContext(host.contextFs(dir), { excludes: ignore === undefined ? [] : readIgnoreFile(ignore), ownersAsRoot: true }));
    }
  }
  return { namedContexts, namedImages };
}
