// The CLI as CommonJS bundles that share one copy of every module: the
// start-up bundle (what src/cli/bin.ts imports statically: the command line,
// the command specs, the errors) and the use cases those load with import(),
// cut into chunks by which use cases reach each module (as esbuild's own
// code splitting does, which only ESM output has). `tscompose version` or
// `ps --help` read and deserialise the start-up bundle only; `ps` reads the
// chunks its use cases need, not `build`'s or `watch`'s. A module another
// bundle imports is asked for at run time by its path: `tscompose-core:<path>`
// from the start-up bundle (one TscomposeError class, so `instanceof` holds
// across all of them), `tscompose-lazy:<path>` from the chunk that holds it;
// scripts/launcher.cjs answers both, from the manifest the build writes in.
import { build } from 'esbuild';
import { relative, resolve } from 'node:path';

/** Below this a group of modules is not worth a file of its own: the small groups share one chunk. */
const MIN_CHUNK_BYTES = 8 * 1024;

const followed = (imp) => imp.kind !== 'dynamic-import' && !imp.external;

/** The files `entry` reaches by static imports, and the dynamic-import targets among what they import that are not. */
export function startupSplit(inputs, entry) {
  const closure = reachable(inputs, entry, () => true);
  const lazy = new Set();
  for (const file of closure) {
    for (const imp of inputs[file]?.imports ?? []) if (imp.kind === 'dynamic-import' && !imp.external && !closure.has(imp.path)) lazy.add(imp.path);
  }
  return { closure, lazy: [...lazy].sort() };
}

function reachable(inputs, start, allowed) {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    for (const imp of inputs[stack.pop()]?.imports ?? []) {
      if (!followed(imp) || seen.has(imp.path) || !allowed(imp.path)) continue;
      seen.add(imp.path);
      stack.push(imp.path);
    }
  }
  return seen;
}

/**
 * The chunks: every module outside the start-up closure goes with the others
 * that exactly the same dynamic-import targets reach statically; a group
 * under MIN_CHUNK_BYTES (`bytesOf` sizes a module) joins the one shared
 * chunk. Any partition is correct (modules find each other by path at run
 * time); this one decides only what a command reads. Sorted by size, then name.
 */
export function chunkPlan(inputs, entry, bytesOf = () => 0) {
  const { closure } = startupSplit(inputs, entry);
  const targets = new Set();
  for (const file of Object.keys(inputs)) {
    for (const imp of inputs[file].imports) if (imp.kind === 'dynamic-import' && !imp.external && !closure.has(imp.path)) targets.add(imp.path);
  }
  const reachedBy = new Map();
  for (const target of [...targets].sort()) {
    for (const file of reachable(inputs, target, (p) => !closure.has(p))) {
      if (!reachedBy.has(file)) reachedBy.set(file, []);
      reachedBy.get(file).push(target);
    }
  }
  const groups = new Map();
  for (const [file, by] of reachedBy) {
    const key = by.join('\n');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(file);
  }
  const size = (files) => files.reduce((n, f) => n + bytesOf(f), 0);
  const chunks = [];
  const shared = [];
  for (const files of groups.values()) {
    if (size(files) >= MIN_CHUNK_BYTES) chunks.push(files.sort());
    else shared.push(...files);
  }
  if (shared.length > 0) chunks.push(shared.sort());
  chunks.sort((a, b) => size(b) - size(a) || a[0].localeCompare(b[0]));
  return { closure, chunks };
}

/** The modules of `files` that something outside them imports (statically or not): what their chunk must export. */
function exportedFrom(inputs, files, inside) {
  const own = new Set(files);
  const wanted = new Set();
  for (const [file, v] of Object.entries(inputs)) {
    if (own.has(file)) continue;
    for (const imp of v.imports) if (!imp.external && own.has(imp.path) && inside(imp.path)) wanted.add(imp.path);
  }
  return [...wanted].sort();
}

/** Redirects the imports `redirect(relPath, kind)` names to the external `redirect`'s answer. */
function redirectPlugin(root, redirect) {
  return {
    name: 'tscompose-chunk-redirect',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.inner === true || args.kind === 'entry-point') return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
        if (r.errors.length > 0 || r.external || r.path === '' || r.namespace !== 'file') return undefined;
        const to = redirect(relative(root, r.path), args.kind);
        return to === undefined ? undefined : { path: to, external: true };
      });
    },
  };
}

const spec = (rel) => JSON.stringify(`./${rel}`);
const isModule = (f) => /\.(ts|js|mjs|cjs|json)$/.test(f);

/**
 * Builds the start-up bundle and the chunks (not yet wrapped for the
 * launcher). Returns their code, the manifest (module path -> chunk index)
 * and the start-up bundle's metafile.
 */
export async function buildSplit(root, entryPoint, options) {
  const entry = relative(root, resolve(root, entryPoint));
  const probe = await build({ ...options, absWorkingDir: root, entryPoints: [entry], write: false, metafile: true, logLevel: 'error' });
  const outputInputs = Object.values(probe.metafile.outputs)[0].inputs;
  const { closure, chunks } = chunkPlan(probe.metafile.inputs, entry, (f) => outputInputs[f]?.bytesInOutput ?? 0);
  const chunkOf = new Map(chunks.flatMap((files, i) => files.map((f) => [f, i])));
  const coreFiles = [...closure].filter(isModule).sort();
  const coreEntry = [
    `import ${spec(entry)};`,
    ...coreFiles.map((f, i) => `import * as m${i} from ${spec(f)};`),
    // Marked as ES modules, so a default import in a chunk gets the default export, not the namespace.
    `const esm = (m) => Object.defineProperty(m, '__esModule', { value: true });`,
    `export const coreModules = {${coreFiles.map((f, i) => `${JSON.stringify(f)}: esm(m${i})`).join(', ')}};`,
  ].join('\n');
  // An import() left external becomes require(), which the launcher answers.
  const common = { ...options, absWorkingDir: root, write: false, metafile: true, supported: { 'dynamic-import': false } };
  const core = await build({
    ...common,
    stdin: { contents: coreEntry, resolveDir: root, sourcefile: 'tscompose-startup-entry.js', loader: 'js' },
    plugins: [redirectPlugin(root, (rel, kind) => (kind === 'dynamic-import' && chunkOf.has(rel) ? `tscompose-lazy:${rel}` : undefined))],
  });
  const manifest = {};
  const lazy = [];
  for (const [i, files] of chunks.entries()) {
    const exported = exportedFrom(probe.metafile.inputs, files, isModule);
    for (const f of exported) manifest[f] = i;
    const chunkEntry = `export const lazyModules = {${exported.map((f) => `${JSON.stringify(f)}: () => require(${spec(f)})`).join(', ')}};`;
    const out = await build({
      ...common,
      stdin: { contents: chunkEntry, resolveDir: root, sourcefile: `tscompose-lazy-entry-${i}.js`, loader: 'js' },
      plugins: [redirectPlugin(root, (rel) => (closure.has(rel) ? `tscompose-core:${rel}` : chunkOf.has(rel) && chunkOf.get(rel) !== i ? `tscompose-lazy:${rel}` : undefined))],
    });
    lazy.push(out.outputFiles[0].text);
  }
  return { core: core.outputFiles[0].text, lazy, manifest, metafile: core.metafile };
}
