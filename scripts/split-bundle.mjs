// The CLI as two CommonJS bundles that share one copy of every module: the
// start-up bundle (what src/cli/bin.ts imports statically: the command line,
// the command specs, the errors) and the lazy bundle (every use case those
// load with import()). `tscompose version` or `ps --help` read and
// deserialise the first only; a command reads the second when it loads its
// use case. A module of the start-up bundle that the lazy one imports is
// taken from the start-up bundle at run time (`tscompose-core:<path>`), so
// there is one TscomposeError class and `instanceof` holds across both;
// an import() of a use case becomes a require of `tscompose-lazy:<path>`,
// which scripts/launcher.cjs answers from the lazy bundle.
import { build } from 'esbuild';
import { relative, resolve } from 'node:path';

/** The files `entry` reaches by static imports, and the dynamic-import targets among what they import that are not. */
export function startupSplit(inputs, entry) {
  const closure = new Set([entry]);
  const stack = [entry];
  while (stack.length > 0) {
    for (const imp of inputs[stack.pop()]?.imports ?? []) {
      if (imp.kind === 'dynamic-import' || imp.external || closure.has(imp.path)) continue;
      closure.add(imp.path);
      stack.push(imp.path);
    }
  }
  const lazy = new Set();
  for (const file of closure) {
    for (const imp of inputs[file]?.imports ?? []) if (imp.kind === 'dynamic-import' && !imp.external && !closure.has(imp.path)) lazy.add(imp.path);
  }
  return { closure, lazy: [...lazy].sort() };
}

/** Redirects the imports `redirect(relPath, kind)` names to an external `prefix:relPath`. */
function redirectPlugin(root, prefix, redirect) {
  return {
    name: `${prefix}-redirect`,
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.inner === true || args.kind === 'entry-point') return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
        if (r.errors.length > 0 || r.external || r.path === '' || r.namespace !== 'file') return undefined;
        const rel = relative(root, r.path);
        return redirect(rel, args.kind) ? { path: `${prefix}:${rel}`, external: true } : undefined;
      });
    },
  };
}

const spec = (rel) => JSON.stringify(`./${rel}`);

/** Builds both bundles (not yet wrapped for the launcher); returns their code and the start-up bundle's metafile. */
export async function buildSplit(root, entryPoint, options) {
  const entry = relative(root, resolve(root, entryPoint));
  const probe = await build({ ...options, absWorkingDir: root, entryPoints: [entry], write: false, metafile: true, logLevel: 'error' });
  const { closure, lazy } = startupSplit(probe.metafile.inputs, entry);
  const coreFiles = [...closure].filter((f) => /\.(ts|js|mjs|cjs|json)$/.test(f)).sort();
  const coreEntry = [
    `import ${spec(entry)};`,
    ...coreFiles.map((f, i) => `import * as m${i} from ${spec(f)};`),
    // Marked as ES modules, so a default import in the lazy bundle gets the default export, not the namespace.
    `const esm = (m) => Object.defineProperty(m, '__esModule', { value: true });`,
    `export const coreModules = {${coreFiles.map((f, i) => `${JSON.stringify(f)}: esm(m${i})`).join(', ')}};`,
  ].join('\n');
  const core = await build({
    ...options, absWorkingDir: root, write: false, metafile: true,
    stdin: { contents: coreEntry, resolveDir: root, sourcefile: 'tscompose-startup-entry.js', loader: 'js' },
    // An import() left external becomes require(), which the launcher answers.
    supported: { 'dynamic-import': false },
    plugins: [redirectPlugin(root, 'tscompose-lazy', (rel, kind) => kind === 'dynamic-import' && !closure.has(rel))],
  });
  const lazyEntry = `export const lazyModules = {${lazy.map((f) => `${JSON.stringify(f)}: () => require(${spec(f)})`).join(', ')}};`;
  const rest = await build({
    ...options, absWorkingDir: root, write: false, metafile: true,
    stdin: { contents: lazyEntry, resolveDir: root, sourcefile: 'tscompose-lazy-entry.js', loader: 'js' },
    supported: { 'dynamic-import': false },
    plugins: [redirectPlugin(root, 'tscompose-core', (rel) => closure.has(rel))],
  });
  return { core: core.outputFiles[0].text, lazy: rest.outputFiles[0].text, metafile: core.metafile, lazyMetafile: rest.metafile };
}
