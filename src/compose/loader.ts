/**
 * The compose loader, phase by phase as compose-go v2.4.8 runs them
 * (loader/loader.go `load` and `modelToProject`):
 *
 *   per document of every file (load-yaml.ts): parse -> interpolate ->
 *   extends -> `!reset`/`!override` -> include -> merge -> unicity ->
 *   schema (and drop `version`) -> canonical -> unicity;
 *   then: defaults -> model validation -> relative paths -> bare environment
 *   entries -> project name -> normalize;
 *   then, for the project: profiles -> consistency -> env_file into
 *   environment -> label_file into labels.
 *
 * Every ComposeError leaving here names the file, line and column it is about.
 */
import { ComposeError } from '../errors.js';
import { checkConsistency } from './consistency.js';
import { resolveEnvironment, resolveLabelFiles } from './environment.js';
import { lookupIn, documentsOf, type LoadContext } from './load-context.js';
import { loadYamlModel, type ModelState, type SourceFile } from './load-yaml.js';
import { normalizeModel } from './normalize.js';
import { checkDecodable } from './output/index.js';
import { located } from './positions.js';
import { applyProfiles } from './profiles.js';
import { LocalResourceLoader } from './resource-path.js';
import type { Warn } from './template.js';
import type { Mapping } from './tree.js';
import type { Environment, LoadedProject, LoadInput, LoadOptions } from './types.js';

interface LoadedModel extends ModelState {
  /** The interpolation environment, with COMPOSE_PROJECT_NAME set to the project name. */
  environment: Environment;
}

/**
 * The model as compose-go's LoadModelWithContext returns it (what `docker
 * compose config --no-interpolate` prints): merged, canonical, normalized,
 * before profiles and consistency checks.
 */
export function loadModel(input: LoadInput, opts: LoadOptions, warn: Warn): Mapping {
  return load(input, opts, warn).model;
}

/** The project as compose-go's LoadWithContext returns it: what `docker compose config` prints. */
export function loadProject(input: LoadInput, opts: LoadOptions, warn: Warn): LoadedProject {
  const warnings: string[] = [];
  const collect: Warn = (m) => {
    warnings.push(m);
    warn(m);
  };
  const loaded = load(input, opts, collect);
  const name = opts.projectName ?? '';
  const { model, disabled } = toProject(loaded, input, opts, collect);
  return {
    name,
    workingDir: input.workingDir,
    configFiles: input.configFiles.map((f) => f.filename),
    environment: loaded.environment,
    model: { name, ...model },
    profiles: opts.profiles ?? [],
    disabledServices: disabled,
    warnings,
  };
}

function load(input: LoadInput, opts: LoadOptions, warn: Warn): LoadedModel {
  if (input.configFiles.length === 0) throw new ComposeError('E_NO_FILES', 'No files specified');
  const name = opts.projectName ?? '';
  // compose-go sets it whatever the environment says: `-p` wins over an exported COMPOSE_PROJECT_NAME.
  const environment: Environment = { ...input.environment, COMPOSE_PROJECT_NAME: name };
  const ctx = rootContext(input, opts, environment, warn);
  const files = input.configFiles.map((f): SourceFile => ({ filename: f.filename, read: () => documentsOf(f) }));
  const { model, index } = loadYamlModel(files, ctx);
  if (Object.keys(model).length === 0) throw new ComposeError('E_EMPTY', 'empty compose file');
  if (name === '') throw new ComposeError('E_PROJECT_NAME', 'project name must not be empty');
  if (opts.skipNormalization) return { model, index, environment };
  const normalized = located(index, () => normalizeModel({ ...model, name }, environment));
  return { model: normalized, index, environment };
}

function rootContext(input: LoadInput, opts: LoadOptions, environment: Environment, warn: Warn): LoadContext {
  return {
    fs: input.fs,
    homeDir: input.homeDir,
    hostDir: input.workingDir,
    resources: new LocalResourceLoader(input.workingDir, input.fs),
    workingDir: input.workingDir,
    environment,
    phases: {
      interpolate: opts.skipInterpolation !== true,
      validate: opts.skipValidation !== true,
      extends: true,
      include: true,
      defaultValues: true,
      resolvePaths: opts.skipResolvePaths !== true,
    },
    included: [],
    warn,
    versionWarned: new Set(),
    lenientCanonical: opts.skipInterpolation === true,
  };
}

/** compose-go modelToProject, on the tree. */
function toProject(loaded: LoadedModel, input: LoadInput, opts: LoadOptions, warn: Warn): { model: Mapping; disabled: Mapping } {
  const { index, environment } = loaded;
  const rest: Mapping = { ...loaded.model };
  delete rest.name;
  // compose-go decodes the whole model into Go types before profiles: bad durations, sizes... fail here.
  located(index, () => checkDecodable(rest));
  const profiled = applyProfiles(rest, opts.profiles ?? []);
  let model = profiled.model;
  if (!opts.skipConsistency) model = located(index, () => checkConsistency(model, profiled.disabled));
  if (!opts.skipResolveEnvironment) {
    model = located(index, () => resolveEnvironment(model, { lookup: lookupIn(environment), fs: input.fs, warn }));
  }
  model = located(index, () => resolveLabelFiles(model, { fs: input.fs, warn }));
  return { model, disabled: profiled.disabled };
}
