/**
 * `include`, as compose-go v2.4.8 applies it to each document
 * (loader/include.go): every entry is loaded as a project of its own, with
 * its own directory for relative paths and its own `.env` (the including
 * project's variables still win), and its services, networks, volumes,
 * secrets and configs are added to the document. A resource the document
 * already defines differently is an error; an identical one is fine.
 */
import { ComposeError, ExitCode } from '../errors.js';
import { goJoin, isUnixAbs } from './canonical-gopath.js';
import { goFormatS, goTypeName } from './canonical-rules.js';
import { parseDotenv } from './dotenv.js';
import { hostPath, readComposeFile, type LoadContext } from './load-context.js';
import type { ModelState, SourceFile } from './load-yaml.js';
import { graftPositions, located } from './positions.js';
import { LocalResourceLoader, goDir, refuseRemote } from './resource-path.js';
import { isMapping, type Mapping, type PositionIndex } from './tree.js';
import type { Environment } from './types.js';

export interface IncludeContext {
  load: LoadContext;
  /** Positions of the including document; imported resources bring theirs along. */
  index: PositionIndex;
  loadModel: (files: readonly SourceFile[], ctx: LoadContext) => ModelState;
}

interface IncludeConfig {
  path: string[];
  projectDirectory: string;
  envFile: string[];
}

const IMPORTED = ['services', 'volumes', 'networks', 'secrets', 'configs'] as const;

/** Returns the document with the included resources and without `include`; the input is not modified. */
export function applyInclude(model: Mapping, x: IncludeContext): Mapping {
  const configs = located(x.index, () => includeConfigs(model.include), 'include');
  const out: Mapping = { ...model };
  delete out.include;
  const grafted = new Set<string>();
  configs.forEach((config, i) => {
    const imported = located(x.index, () => loadIncluded(config, i, x), `include.${i}`);
    for (const kind of IMPORTED) located(x.index, () => importResources(imported, out, kind, x.index, grafted));
  });
  return out;
}

/** compose decodes `include` into its IncludeConfig struct (mapstructure), with mapstructure's messages. */
function includeConfigs(source: unknown): IncludeConfig[] {
  if (source === undefined || source === null) return [];
  if (!Array.isArray(source)) throw new ComposeError('E_INCLUDE', `\`include\` must be a list, got ${goFormatS(source)}`, { path: 'include' });
  const errors: string[] = [];
  const configs = source.map((item: unknown, i) => {
    if (typeof item === 'string') return { path: [item], projectDirectory: '', envFile: [] };
    if (item === null) return { path: [], projectDirectory: '', envFile: [] };
    if (!isMapping(item)) {
      errors.push(`'[${i}]' expected a map, got '${goKind(item)}'`);
      return undefined;
    }
    return {
      path: stringList(item.path, `[${i}].path`, errors),
      projectDirectory: item.project_directory === undefined || item.project_directory === null ? '' : String(item.project_directory),
      envFile: stringList(item.env_file, `[${i}].env_file`, errors),
    };
  });
  if (errors.length > 0) {
    throw new ComposeError('E_INCLUDE', `decoding failed due to the following error(s):\n\n${errors.join('\n')}`, { path: 'include' });
  }
  return configs.filter((c): c is IncludeConfig => c !== undefined);
}

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  return goTypeName(v);
}

function stringList(v: unknown, where: string, errors: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  errors.push(`error decoding '${where}': invalid type ${goTypeName(v)} for string list`);
  return [];
}

function loadIncluded(config: IncludeConfig, entry: number, x: IncludeContext): ModelState {
  const ctx = x.load;
  let projectDir = config.projectDirectory;
  let relDir = '';
  const paths = config.path.map((p, i) => {
    refuseRemote(p, 'include');
    const path = ctx.resources.abs(p);
    if (i > 0) return path;
    if (projectDir === '') {
      relDir = ctx.resources.dir(path);
      projectDir = goDir(path);
    } else if (!isUnixAbs(projectDir)) {
      relDir = ctx.resources.dir(projectDir);
      projectDir = goJoin(ctx.workingDir, projectDir);
    } else {
      relDir = projectDir;
    }
    if (ctx.included.includes(path)) {
      const [first, ...rest] = [...ctx.included, path];
      throw new ComposeError('E_INCLUDE_CYCLE', `include cycle detected:\n${first}\n include ${rest.join('\n include ')}`);
    }
    return path;
  });
  const fromFiles = readEnvFiles(ctx, envFilesOf(config, projectDir, ctx, `include.${entry}.env_file`));
  const child: LoadContext = {
    ...ctx,
    resources: new LocalResourceLoader(projectDir, ctx.fs),
    workingDir: relDir,
    // The including project's variables win over the included project's env files.
    environment: { ...fromFiles, ...ctx.environment },
    phases: { ...ctx.phases, resolvePaths: true, defaultValues: true },
  };
  return x.loadModel(paths.map((p): SourceFile => ({ filename: p, read: () => readComposeFile(child, p) })), child);
}

/** The entry's env files, or the included project's `.env` when it names none. */
function envFilesOf(config: IncludeConfig, projectDir: string, ctx: LoadContext, where: string): string[] {
  if (config.envFile.length === 0) {
    const dotenv = goJoin(projectDir, '.env');
    return ctx.fs.stat(hostPath(ctx, dotenv)) === 'file' ? [dotenv] : [];
  }
  return config.envFile.map((f) => {
    if (isUnixAbs(f)) return f;
    const path = goJoin(ctx.workingDir, f);
    const kind = ctx.fs.stat(hostPath(ctx, path));
    if (kind === undefined) {
      throw new ComposeError('E_FILE_NOT_FOUND', `stat ${path}: no such file or directory`, { path: where }, { exitCode: ExitCode.fileNotFound });
    }
    if (kind === 'dir') throw new ComposeError('E_ENV_FILE', `${path} is not a file`, { path: where });
    return path;
  });
}

/** compose-go dotenv.GetEnvFromFile: later files win; a file sees the environment, then the files before it. */
function readEnvFiles(ctx: LoadContext, files: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const current: Environment = ctx.environment;
  for (const file of files) {
    const abs = hostPath(ctx, file);
    const kind = ctx.fs.stat(abs);
    if (kind === undefined) throw new ComposeError('E_ENV_FILE', `Couldn't find env file: ${abs}`);
    if (kind === 'dir') throw new ComposeError('E_ENV_FILE', `${abs} is a directory`);
    const content = ctx.fs.readFile(abs);
    if (content === undefined) throw new ComposeError('E_ENV_FILE', `Couldn't read env file: ${abs}`);
    const lookup = (k: string): string | undefined => (Object.hasOwn(current, k) ? current[k] : Object.hasOwn(out, k) ? out[k] : undefined);
    try {
      Object.assign(out, parseDotenv(content, { filename: abs, lookup, warn: ctx.warn }));
    } catch (err) {
      if (!(err instanceof ComposeError)) throw err;
      throw new ComposeError(err.code, `failed to read ${abs}: ${err.detail}`, {}, { hint: err.hint });
    }
  }
  return out;
}

/**
 * `grafted` holds what earlier include entries brought: a conflict with one of
 * those is reported at the newcomer's definition; a conflict with the
 * including file's own definition at that one.
 */
function importResources(imported: ModelState, target: Mapping, kind: (typeof IMPORTED)[number], index: PositionIndex, grafted: Set<string>): void {
  const from = imported.model[kind];
  if (!isMapping(from)) return;
  const to: Mapping = isMapping(target[kind]) ? { ...target[kind] } : {};
  for (const [name, resource] of Object.entries(from)) {
    if (Object.hasOwn(to, name)) {
      if (deepEqual(resource, to[name])) continue;
      const path = `${kind}.${name}`;
      const at = grafted.has(path) ? imported.index.lookup(path) : undefined;
      throw new ComposeError('E_INCLUDE_CONFLICT', `${path} conflicts with imported resource`, { path, file: at?.file, line: at?.line, col: at?.col });
    }
    to[name] = resource;
    grafted.add(`${kind}.${name}`);
    graftPositions(index, imported.index, `${kind}.${name}`, `${kind}.${name}`);
  }
  target[kind] = to;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (!isMapping(a) || !isMapping(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
