/**
 * From command-line options and the host to a loaded project, the way
 * `docker compose` prepares its loader: discovery, .env files merged into the
 * environment (the OS environment wins), the project name, profiles, then the
 * pure loader and the project-level selections of `ToProject`.
 */
import { basename } from 'node:path';
import { configFileNotFound, discover, noConfigFileError, type Discovery } from '../compose/discover.js';
import { parseDotenv } from '../compose/dotenv.js';
import { loadModel, loadProject } from '../compose/loader.js';
import { parseComposeYaml, type ParsedDocument } from '../compose/parse.js';
import { checkFlagProjectName, resolveProjectName } from '../compose/project-name.js';
import { selectServices } from '../compose/select.js';
import { resolveEnvironment } from '../compose/environment.js';
import { substitute, type Lookup, type Warn } from '../compose/template.js';
import type { ConfigFile, LoadedProject, LoadInput, LoadOptions } from '../compose/types.js';
import type { Mapping } from '../compose/tree.js';
import { ComposeError, FileNotFoundError, TscomposeError } from '../errors.js';
import type { HostContext } from '../host/fs.js';
import { expectLongRun, LONG_RUN_SOURCE_BYTES } from '../host/long-run.js';

export type { HostContext } from '../host/fs.js';

export interface GlobalOptions {
  files: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles: string[];
  profiles: string[];
  dryRun: boolean;
  verbose: boolean;
  /** `--runtime`: the OCI runtime new containers get (src/engine's factory reads TSCOMPOSE_RUNTIME when absent). */
  runtime?: string;
}

export interface ProjectRequest extends Partial<LoadOptions> {
  /** Services named on the command line: enables their profiles and selects them with their dependencies. */
  services?: readonly string[];
  /** Keep networks, volumes, secrets and configs no service uses (`--all-resources`). */
  allResources?: boolean;
  /** Called with each warning as it arises, so it is printed before an error that ends the load (as docker compose does). */
  onWarning?: (message: string) => void;
}

export interface LoadResult {
  project: LoadedProject;
  /** The environment used for interpolation (OS over .env files). */
  interpolationEnv: Record<string, string>;
  warnings: string[];
}

export function loadComposeProject(global: GlobalOptions, host: HostContext, req: ProjectRequest = {}): LoadResult {
  const { input, options, env, warnings, warn } = prepareLoad(global, host, req);
  const loaded = loadProject(input, options, warn);
  const project = selectServices(loaded, req.services ?? [], {
    allResources: req.allResources === true,
    resolveEnvironment: req.skipResolveEnvironment ? undefined : (m) => resolveEnvironment(m, { lookup: (k) => env[k], fs: host.fs, warn }),
  });
  return { project, interpolationEnv: env, warnings };
}

export interface ModelResult {
  /** The model before profiles, consistency and environment resolution (`config --no-interpolate`). */
  model: Mapping;
  interpolationEnv: Record<string, string>;
  warnings: string[];
}

export function loadComposeModel(global: GlobalOptions, host: HostContext, req: ProjectRequest = {}): ModelResult {
  const { input, options, env, warnings, warn } = prepareLoad(global, host, req);
  return { model: loadModel(input, options, warn), interpolationEnv: env, warnings };
}

interface PreparedLoad {
  input: LoadInput;
  options: LoadOptions;
  env: Record<string, string>;
  warnings: string[];
  warn: Warn;
}

function prepareLoad(global: GlobalOptions, host: HostContext, req: ProjectRequest): PreparedLoad {
  if (global.projectName !== undefined) checkFlagProjectName(global.projectName);
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    req.onWarning?.(m);
  };
  const { env, found } = prepareEnvironment(global, host, warn);
  for (const w of found.warnings) warn(w);
  if (found.configPaths.length === 0) throw noConfigFileError();
  const configFiles = found.configPaths.map((p) => readConfigFile(p, host));
  if (configFiles.reduce((n, f) => n + f.content.length, 0) >= LONG_RUN_SOURCE_BYTES) expectLongRun();
  const parsed = configFiles.map((f) => (f.documents = parseComposeYaml(f.filename, f.content)));
  const names = declaredNames(parsed);
  const name = atNameKey(parsed, () => resolveProjectName({
    flag: global.projectName,
    env: env.COMPOSE_PROJECT_NAME,
    fromFiles: req.skipInterpolation ? names : names.map((n) => interpolateName(n, env, warn)),
    dirName: basename(found.workingDir),
  }));
  const { services: _services, allResources: _all, onWarning: _onWarning, ...loadOpts } = req;
  const options: LoadOptions = { ...loadOpts, projectName: name.name, projectNameImperative: name.imperative, profiles: profilesOf(global, env) };
  const input: LoadInput = { workingDir: found.workingDir, configFiles, environment: env, fs: host.fs, homeDir: host.homeDir };
  return { input, options, env, warnings, warn };
}

/**
 * Docker Compose reads the env files twice: once to fill the process
 * environment (so COMPOSE_FILE, COMPOSE_PROFILES or COMPOSE_PROJECT_NAME may
 * come from .env), then again for the project the first pass discovered.
 */
function prepareEnvironment(global: GlobalOptions, host: HostContext, warn: Warn): { env: Record<string, string>; found: Discovery } {
  const env: Record<string, string> = { ...host.env };
  const base = { cwd: host.cwd, files: global.files, projectDirectory: global.projectDirectory, envFiles: global.envFiles, fs: host.fs };
  const first = discover({ ...base, env });
  // Both discoveries warn, so docker compose prints "Found multiple config files" twice; so do we.
  for (const w of first.warnings) warn(w);
  addMissing(env, readEnvFiles(first.envFiles, env, host, warn));
  const found = discover({ ...base, env });
  addMissing(env, readEnvFiles(found.envFiles, env, host, warn));
  return { env, found };
}

function addMissing(env: Record<string, string>, values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) if (!(k in env)) env[k] = v;
}

function readEnvFiles(paths: readonly string[], current: Record<string, string>, host: HostContext, warn: Warn): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    const kind = host.fs.stat(path);
    if (kind === undefined) throw new FileNotFoundError(path, `Couldn't find env file: ${path}`, { exitCode: 1 });
    if (kind === 'dir') throw new TscomposeError('E_ENV_FILE', `${path} is a directory`);
    const content = host.fs.readFile(path) ?? '';
    Object.assign(out, parseEnvFile(path, content, (k) => current[k] ?? out[k], warn));
  }
  return out;
}

/** Compose reports .env syntax errors as `failed to read FILE: line N: ...`, exit code 1. */
function parseEnvFile(path: string, content: string, lookup: Lookup, warn: Warn): Record<string, string> {
  try {
    return parseDotenv(content, { filename: path, lookup, warn });
  } catch (e) {
    if (!(e instanceof ComposeError)) throw e;
    throw new TscomposeError('E_ENV_FILE', `failed to read ${path}: ${e.detail}`, { hint: e.hint, cause: e });
  }
}

function readConfigFile(path: string, host: HostContext): ConfigFile {
  if (path === '-') return { filename: '-', content: host.readStdin() };
  const content = host.fs.readFile(path);
  if (content === undefined) throw configFileNotFound(path);
  return { filename: path, content };
}

/**
 * compose-go decodes `name:` into a Go string before loading, so a list or a
 * mapping there fails with yaml.v3's unmarshal error; scalars become text.
 */
function declaredNames(parsed: readonly ParsedDocument[][]): string[] {
  const names: string[] = [];
  for (const doc of parsed.flat()) {
    const n = doc.tree.name;
    if (n === undefined || n === null) continue;
    if (typeof n === 'object') {
      const pos = doc.positions.lookup('name');
      const kind = Array.isArray(n) ? '!!seq' : '!!map';
      throw new ComposeError('E_PROJECT_NAME', `yaml: unmarshal errors:\n  line ${pos?.line ?? 1}: cannot unmarshal ${kind} into string`, {
        file: pos?.file, line: pos?.line, col: pos?.col, path: 'name',
      });
    }
    names.push(String(n));
  }
  return names;
}

/** `name:` is interpolated before loading, with the loader's wording for its errors. */
function interpolateName(name: string, env: Record<string, string>, warn: Warn): string {
  try {
    return substitute(name, (k) => env[k], warn);
  } catch (e) {
    if (!(e instanceof ComposeError)) throw e;
    throw new ComposeError(e.code, `error while interpolating name: ${e.detail}`, { path: 'name' }, { hint: e.hint, exitCode: e.exitCode });
  }
}

/** Points a project-name error at the `name:` that caused it, when a file declared one. */
function atNameKey<T>(parsed: readonly ParsedDocument[][], fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const declared = parsed.flat().filter((d) => d.tree.name !== undefined).at(-1);
    const pos = declared?.positions.lookup('name');
    if (!(e instanceof ComposeError) || pos === undefined || e.location.file !== undefined) throw e;
    throw e.locatedAt({ file: pos.file, line: pos.line, col: pos.col, path: 'name' });
  }
}

function profilesOf(global: GlobalOptions, env: Record<string, string>): string[] {
  if (global.profiles.length > 0) return global.profiles;
  return (env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim());
}
