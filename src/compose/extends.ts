/**
 * `extends`, as compose-go v2.4.8 applies it to each document after
 * interpolation (loader/extends.go): the base service, from the same
 * document or from another file, is resolved first (recursively), the
 * document's `!reset`/`!override` paths are cleared from it, and the
 * extending service is merged over it with compose's service merge rules.
 *
 * A base from another file is loaded as a file of its own (interpolated,
 * canonical, without validation, include or extends) and its relative paths
 * are rebased onto the directory it lives in, relative to the project, so
 * they still point at the same place once the whole model is resolved.
 * `extends.file` is relative to the project directory (as compose resolves
 * it), and so is an `extends.file` inside a base file once rebased.
 */
import { ComposeError } from '../errors.js';
import { readComposeFile, type LoadContext } from './load-context.js';
import type { LoadedFile, ModelState, SourceFile } from './load-yaml.js';
import { mergeService } from './merge.js';
import { resolveRelativePaths } from './paths.js';
import { graftPositions, located } from './positions.js';
import { applyResets, type ResetPath } from './reset.js';
import { LocalResourceLoader, goDir, refuseRemote } from './resource-path.js';
import { PositionIndex, isMapping, type Mapping } from './tree.js';

export interface ExtendsContext {
  /** The file being loaded: compose names it in its messages. */
  file: string;
  load: LoadContext;
  /** `!reset`/`!override` paths of the document being loaded. */
  resets: ResetPath[];
  /** Positions of the document; the base's positions are copied under each extending service. */
  index: PositionIndex;
  loadFile: (file: SourceFile, ctx: LoadContext, into: ModelState) => LoadedFile;
}

/** The services of one file, with their positions. Resolved services replace their entries in place. */
interface Scope {
  services: Mapping;
  index: PositionIndex;
}

interface Ref {
  filename: string;
  service: string;
}

/** Returns the document with every service's `extends` resolved; the input is not modified. */
export function applyExtends(model: Mapping, x: ExtendsContext): Mapping {
  if (!Object.hasOwn(model, 'services')) return model;
  if (!isMapping(model.services)) throw new ComposeError('E_NOT_MAPPING', 'services must be a mapping', { path: 'services' });
  const scope: Scope = { services: { ...model.services }, index: x.index };
  for (const name of Object.keys(scope.services)) {
    located(x.index, () => resolveService(name, scope, x, [], [x.resets]), `services.${name}.extends`);
  }
  return { ...model, services: scope.services };
}

function resolveService(name: string, scope: Scope, x: ExtendsContext, chain: readonly Ref[], post: readonly ResetPath[][]): unknown {
  const service = scope.services[name];
  if (service === null || service === undefined) return null;
  if (!isMapping(service)) throw new ComposeError('E_NOT_MAPPING', `services.${name} must be a mapping`, { path: `services.${name}` });
  if (!Object.hasOwn(service, 'extends')) return service;
  const { ref, file } = extendsTarget(name, service.extends);
  let filename = x.file;
  let baseScope = scope;
  if (file !== undefined) {
    const loaded = loadBaseFile(name, ref, file, x);
    baseScope = loaded.scope;
    post = [...post, loaded.resets];
    filename = file;
  } else if (!Object.hasOwn(scope.services, ref)) {
    throw new ComposeError('E_EXTENDS', `cannot extend service "${name}" in ${x.file}: service "${ref}" not found`);
  }
  const tracked = track(chain, { filename, service: name });
  const base = resolveService(ref, baseScope, x, tracked, post);
  if (base === null) return service;
  let source = base as Mapping;
  for (const resets of post) source = clearResets(source, name, resets);
  const merged = { ...mergeService(source, service, name) };
  delete merged.extends;
  graftPositions(scope.index, baseScope.index, `services.${ref}`, `services.${name}`);
  scope.services[name] = merged;
  return merged;
}

/** compose applies the reset paths to the base as if it were the extending service. */
function clearResets(source: Mapping, name: string, resets: readonly ResetPath[]): Mapping {
  const cleared = applyResets({ services: { [name]: source } }, resets).services as Mapping;
  return cleared[name] as Mapping;
}

function extendsTarget(name: string, value: unknown): { ref: string; file?: string } {
  if (typeof value === 'string') return { ref: value };
  if (!isMapping(value)) return { ref: '' };
  const path = `services.${name}.extends`;
  if (typeof value.service !== 'string') {
    throw new ComposeError('E_EXTENDS', `${path}.service must be a string naming the service to extend`, { path });
  }
  if (value.file === undefined || value.file === null) return { ref: value.service };
  if (typeof value.file !== 'string') throw new ComposeError('E_EXTENDS', `${path}.file must be a string`, { path: `${path}.file` });
  return { ref: value.service, file: value.file };
}

function track(chain: readonly Ref[], next: Ref): Ref[] {
  const seen = chain.some((r) => r.filename === next.filename && r.service === next.service);
  if (!seen) return [...chain, next];
  const [first, ...rest] = chain;
  const lines = ['Circular reference:', `  ${first?.service ?? next.service} in ${first?.filename ?? next.filename}`];
  for (const r of first === undefined ? [] : [...rest, next]) lines.push(`  extends ${r.service} in ${r.filename}`);
  throw new ComposeError('E_EXTENDS_CYCLE', lines.join('\n'));
}

/** compose-go getExtendsBaseFromFile. */
function loadBaseFile(name: string, ref: string, refPath: string, x: ExtendsContext): { scope: Scope; resets: ResetPath[] } {
  refuseRemote(refPath, 'extends');
  const local = x.load.resources.abs(refPath);
  const relDir = x.load.resources.dir(refPath);
  const ctx: LoadContext = {
    ...x.load,
    resources: new LocalResourceLoader(goDir(local), x.load.fs),
    workingDir: relDir,
    phases: { ...x.load.phases, validate: false, include: false, extends: false, defaultValues: false, resolvePaths: false },
    included: [],
  };
  const file: SourceFile = { filename: local, read: () => readComposeFile(ctx, local) };
  const loaded = x.loadFile(file, ctx, { model: {}, index: new PositionIndex() });
  const services = loaded.model.services;
  if (!Object.hasOwn(loaded.model, 'services')) {
    throw new ComposeError('E_EXTENDS', `cannot extend service "${name}" in ${local}: no services section`);
  }
  if (!isMapping(services)) throw new ComposeError('E_EXTENDS', `cannot extend service "${name}" in ${local}: services must be a mapping`);
  if (!Object.hasOwn(services, ref)) {
    throw new ComposeError('E_EXTENDS', `cannot extend service "${name}" in ${x.file}: service "${ref}" not found in ${refPath}`);
  }
  const rebased = located(loaded.index, () => resolveRelativePaths(loaded.model, relDir, x.load.homeDir));
  return { scope: { services: { ...(rebased.services as Mapping) }, index: loaded.index }, resets: loaded.resets };
}
