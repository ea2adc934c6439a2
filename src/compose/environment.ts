/**
 * Service environments, in the two steps compose-go (v2.4.8) takes:
 *
 * 1. `resolveServicesEnvironment` (loader.ResolveEnvironment, end of the YAML
 *    model phase): bare `- VAR` items of a list-form `environment` take their
 *    value from the interpolation environment; secrets and configs declared
 *    with `environment: VAR` get their content from it.
 * 2. `resolveEnvironment` (Project.WithServicesEnvironmentResolved): each
 *    service's `env_file` entries are read in order (later files win, and a
 *    file sees the variables of the files before it), then `environment`
 *    overrides them. A key still without value stays null, even when an
 *    env_file set it: `environment: [FOO]` means "FOO from the shell, or unset".
 */
import { ComposeError, ExitCode, FileNotFoundError } from '../errors.js';
import { parseDotenv } from './dotenv.js';
import { goQuote, goSprint } from './go-format.js';
import type { Lookup, Warn } from './template.js';
import { isMapping, type Mapping } from './tree.js';
import type { ReadOnlyFs } from './types.js';

export interface ResolveServicesEnvironmentOptions {
  lookup: Lookup;
  /** Not needed by this step; accepted so the loader can pass its usual context. */
  fs?: ReadOnlyFs;
  workingDir?: string;
}

/** Returns a new model; the input is not modified. */
export function resolveServicesEnvironment(model: Mapping, opts: ResolveServicesEnvironmentOptions): Mapping {
  const out: Mapping = { ...model };
  if (isMapping(model.services)) out.services = mapValues(model.services, (svc) => resolveBareItems(svc, opts.lookup));
  for (const kind of ['secrets', 'configs'] as const) {
    const section = model[kind];
    if (isMapping(section)) out[kind] = mapValues(section, (def) => contentFromEnvironment(def, opts.lookup));
  }
  return out;
}

function resolveBareItems(service: unknown, lookup: Lookup): unknown {
  if (!isMapping(service) || !Array.isArray(service.environment)) return service;
  const items: string[] = [];
  // compose-go drops non-string items here.
  for (const item of service.environment) {
    if (typeof item !== 'string') continue;
    const value = lookup(item);
    items.push(value === undefined ? item : `${item}=${value}`);
  }
  return { ...service, environment: items };
}

function contentFromEnvironment(definition: unknown, lookup: Lookup): unknown {
  if (!isMapping(definition) || typeof definition.environment !== 'string') return definition;
  const value = lookup(definition.environment);
  return value === undefined ? definition : { ...definition, content: value };
}

export interface ResolveEnvironmentOptions {
  lookup: Lookup;
  fs: ReadOnlyFs;
  /** Warnings from `${}` expansion inside env files. */
  warn?: Warn;
  /** `docker compose config` drops `env_file` once resolved; `up` and friends keep it. Default false. */
  keepEnvFiles?: boolean;
}

/** Returns a new model in which every service's `environment` is a mapping of string or null. */
export function resolveEnvironment(model: Mapping, opts: ResolveEnvironmentOptions): Mapping {
  if (!isMapping(model.services)) return model;
  return { ...model, services: mapValues(model.services, (svc, name) => resolveService(svc, name, opts)) };
}

/**
 * File errors carry the YAML path of the entry that named the file, so the
 * loader can point at it; a missing file keeps its exit code (14).
 */
function atPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ComposeError && e.location.path === undefined) {
      throw new ComposeError(e.code, e.detail, { path }, { hint: e.hint, exitCode: e.exitCode, cause: e.cause });
    }
    if (e instanceof FileNotFoundError) {
      throw new ComposeError(e.code, e.message, { path }, { hint: e.hint, exitCode: e.exitCode });
    }
    throw e;
  }
}

type EnvMap = Map<string, string | null>;

function resolveService(service: unknown, name: string, opts: ResolveEnvironmentOptions): unknown {
  if (!isMapping(service)) return service;
  const declared = toEnvMap(service.environment);
  for (const [key, value] of declared) {
    if (value === null) declared.set(key, opts.lookup(key) ?? null);
  }
  const fromFiles = new Map<string, string>();
  const seeFiles: Lookup = (name) => fromFiles.get(name) ?? opts.lookup(name);
  envFileEntries(service.env_file).forEach((entry, i) => {
    const where = `services.${name}.env_file.${i}${entry.format !== '' ? '.format' : ''}`;
    const values = atPath(where, () => readEnvFile(entry, seeFiles, opts));
    for (const [key, value] of Object.entries(values)) fromFiles.set(key, value);
  });
  const environment: EnvMap = new Map(fromFiles);
  for (const [key, value] of declared) environment.set(key, value);
  const out: Mapping = { ...service };
  delete out.environment;
  if (!opts.keepEnvFiles) delete out.env_file;
  if (environment.size > 0) out.environment = Object.fromEntries(environment);
  return out;
}

/** `environment` as list (`K=v`, bare `K`) or mapping; a bare or null key has no value yet. */
function toEnvMap(raw: unknown): EnvMap {
  const env: EnvMap = new Map();
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const text = goSprint(item);
      const eq = text.indexOf('=');
      if (eq < 0) env.set(text, null);
      else env.set(text.slice(0, eq), text.slice(eq + 1));
    }
  } else if (isMapping(raw)) {
    for (const [key, value] of Object.entries(raw)) env.set(key, value === null || value === undefined ? null : goSprint(value));
  }
  return env;
}

interface EnvFileEntry {
  path: string;
  required: boolean;
  format: string;
}

/** Canonical form is a list of `{path, required, format?}`; the short forms are accepted too. */
function envFileEntries(raw: unknown): EnvFileEntry[] {
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((item) => {
    if (typeof item === 'string') return { path: item, required: true, format: '' };
    const m = isMapping(item) ? item : {};
    return {
      path: typeof m.path === 'string' ? m.path : '',
      required: m.required !== false,
      format: typeof m.format === 'string' ? m.format : '',
    };
  });
}

function readEnvFile(entry: EnvFileEntry, lookup: Lookup, opts: ResolveEnvironmentOptions): Record<string, string> {
  const { path } = entry;
  const kind = opts.fs.stat(path);
  if (kind === undefined) {
    if (!entry.required) return {};
    throw new FileNotFoundError(path, `env file ${path} not found: stat ${path}: no such file or directory`, {
      hint: 'create the file, or mark the entry `required: false`',
    });
  }
  // Docker Compose registers no env_file format besides the default one.
  if (entry.format !== '') throw new ComposeError('E_ENV_FILE', `unsupported env_file format ${goQuote(entry.format)}`);
  // Compose exits 14 for any failed file system call (a Go *fs.PathError), not only a missing file.
  const asPathError = { exitCode: ExitCode.fileNotFound };
  if (kind === 'dir') throw new ComposeError('E_ENV_FILE', `read ${path}: is a directory`, {}, asPathError);
  const content = opts.fs.readFile(path);
  if (content === undefined) throw new ComposeError('E_ENV_FILE', `open ${path}: cannot read file`, {}, asPathError);
  return parseDotenv(content, { filename: path, lookup, warn: opts.warn });
}

export interface ResolveLabelFilesOptions {
  fs: ReadOnlyFs;
  warn?: Warn;
  /** `docker compose config` drops `label_file` once resolved. Default false. */
  keepLabelFiles?: boolean;
}

/** Returns a new model in which services with labels or label files have `labels` as a mapping of strings. */
export function resolveLabelFiles(model: Mapping, opts: ResolveLabelFilesOptions): Mapping {
  if (!isMapping(model.services)) return model;
  return { ...model, services: mapValues(model.services, (svc, name) => resolveServiceLabels(svc, name, opts)) };
}

function resolveServiceLabels(service: unknown, name: string, opts: ResolveLabelFilesOptions): unknown {
  if (!isMapping(service)) return service;
  const labels = new Map<string, string>();
  const seeLabels: Lookup = (name) => labels.get(name);
  const files = typeof service.label_file === 'string' ? [service.label_file] : Array.isArray(service.label_file) ? service.label_file : [];
  files.forEach((path: unknown, i: number) => {
    if (typeof path !== 'string') return;
    const values = atPath(`services.${name}.label_file.${i}`, () => readLabelFile(path, seeLabels, opts));
    for (const [key, value] of Object.entries(values)) labels.set(key, value);
  });
  for (const [key, value] of toEnvMap(service.labels)) labels.set(key, value ?? '');
  const out: Mapping = { ...service };
  if (!opts.keepLabelFiles) delete out.label_file;
  if (labels.size > 0) out.labels = Object.fromEntries(labels);
  return out;
}

function readLabelFile(path: string, lookup: Lookup, opts: ResolveLabelFilesOptions): Record<string, string> {
  const kind = opts.fs.stat(path);
  if (kind === undefined) {
    throw new FileNotFoundError(path, `label file ${path} not found: stat ${path}: no such file or directory`);
  }
  const asPathError = { exitCode: ExitCode.fileNotFound };
  if (kind === 'dir') throw new ComposeError('E_LABEL_FILE', `read ${path}: is a directory`, {}, asPathError);
  const content = opts.fs.readFile(path);
  if (content === undefined) throw new ComposeError('E_LABEL_FILE', `open ${path}: cannot read file`, {}, asPathError);
  return parseDotenv(content, { filename: path, lookup, warn: opts.warn });
}

function mapValues(m: Mapping, fn: (value: unknown, key: string) => unknown): Mapping {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, fn(v, k)]));
}
