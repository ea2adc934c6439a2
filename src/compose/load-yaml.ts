/**
 * compose-go v2.4.8 `loadYamlModel` and `loadYamlFile`: every document of
 * every file goes through the per-document phases and is merged into the
 * model like an override file, then the model-wide phases run once.
 */
import { ComposeError } from '../errors.js';
import { canonicalize } from './canonical.js';
import { setDefaultValues } from './defaults.js';
import { resolveServicesEnvironment } from './environment.js';
import { applyExtends } from './extends.js';
import { applyInclude } from './include.js';
import { interpolateTree } from './interpolate.js';
import { lookupIn, type LoadContext } from './load-context.js';
import { mergeModels } from './merge.js';
import type { ParsedDocument } from './parse.js';
import { resolveRelativePaths } from './paths.js';
import { located } from './positions.js';
import { applyResets, resetPaths, type ResetPath } from './reset.js';
import { validateSchema } from './schema.js';
import { PositionIndex, type Mapping } from './tree.js';
import { enforceUnicity } from './unicity.js';
import { validateModel } from './validate-model.js';

/** A compose file, read only when its turn comes (as compose reads them), so errors come in compose's order. */
export interface SourceFile {
  filename: string;
  read(): ParsedDocument[];
}

export interface ModelState {
  model: Mapping;
  /** Where each path of `model` was written. */
  index: PositionIndex;
}

export interface LoadedFile extends ModelState {
  /** `!reset`/`!override` paths of the file's last document (compose hands them to `extends`). */
  resets: ResetPath[];
}

/** All files merged in order, then defaults, model validation, relative paths and bare environment entries. */
export function loadYamlModel(files: readonly SourceFile[], ctx: LoadContext): ModelState {
  let state: ModelState = { model: {}, index: new PositionIndex() };
  for (const file of files) state = loadYamlFile(file, ctx, state);
  const lookup = lookupIn(ctx.environment);
  const model = located(state.index, () => {
    let m = state.model;
    if (ctx.phases.defaultValues) m = setDefaultValues(m);
    if (ctx.phases.validate) validateModel(m);
    if (ctx.phases.resolvePaths) m = resolveRelativePaths(m, ctx.workingDir, ctx.homeDir);
    return resolveServicesEnvironment(m, { lookup, fs: ctx.fs, workingDir: ctx.workingDir });
  });
  return { model, index: state.index };
}

/** Merges each document of `file` into `into`, as one more override. */
export function loadYamlFile(file: SourceFile, ctx: LoadContext, into: ModelState): LoadedFile {
  let state = into;
  let resets: ResetPath[] = [];
  let included = ctx.included;
  for (const doc of file.read()) {
    resets = resetPaths(doc);
    // compose appends the file to the include chain once per document.
    included = [...included, file.filename];
    state = processDocument(file.filename, doc, resets, { ...ctx, included }, state);
  }
  return { ...state, resets };
}

/** `doc` comes without its `!reset` nodes (parse.ts cuts them); `resets` are the paths of its tags. */
function processDocument(filename: string, doc: ParsedDocument, resets: ResetPath[], ctx: LoadContext, into: ModelState): ModelState {
  const docIndex = new PositionIndex();
  docIndex.absorb(doc.positions);
  let cfg = located(docIndex, () => {
    let tree = doc.tree;
    if (ctx.phases.interpolate) tree = interpolateTree(tree, { lookup: lookupIn(ctx.environment), warn: ctx.warn });
    // compose-go's fixEmptyNotNull turns go-yaml's nil `[]` into an empty list; our YAML trees never hold a nil list.
    if (ctx.phases.extends) tree = applyExtends(tree, { file: filename, load: ctx, resets, index: docIndex, loadFile: loadYamlFile });
    return tree;
  });
  const base = applyResets(into.model, resets);
  if (ctx.phases.include) cfg = applyInclude(cfg, { load: ctx, index: docIndex, loadModel: loadYamlModel });

  const index = new PositionIndex();
  index.absorb(into.index);
  index.absorb(docIndex);
  let model = located(index, () => enforceUnicity(mergeModels(base, cfg)));
  if (ctx.phases.validate) model = validated(model, filename, index, ctx);
  model = located(index, () => {
    const canonical = canonicalize(model, { warn: ctx.warn, ignoreParseErrors: ctx.lenientCanonical });
    // Canonical forms can reveal duplicates: a port range that an override also lists.
    return enforceUnicity(canonical);
  });
  return { model, index };
}

/** Schema validation after each merge; compose names the file that was just merged. */
function validated(model: Mapping, filename: string, index: PositionIndex, ctx: LoadContext): Mapping {
  located(index, () => {
    try {
      validateSchema(model);
    } catch (err) {
      if (!(err instanceof ComposeError)) throw err;
      throw new ComposeError(err.code, `validating ${filename}: ${err.detail}`, { path: err.location.path }, { hint: err.hint, exitCode: err.exitCode });
    }
  });
  if (!Object.hasOwn(model, 'version')) return model;
  if (!ctx.versionWarned.has(filename)) {
    ctx.warn(`${filename}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`);
    ctx.versionWarned.add(filename);
  }
  const rest = { ...model };
  delete rest.version;
  return rest;
}
