// dist/tscompose.js: starts the bundle beside it through V8's code cache.
// CommonJS on purpose (dist/package.json says so): an ES module entry point
// starts Node's ESM loader, which cost about 7 ms of every run. The bundle is
// already wrapped as a CommonJS function at build time, so it is compiled as
// read. Compiling it cost a third of a small `config`; with the cache written
// after the first run, V8 reuses the compiled code. A cache that does not match
// the bundle, the Node version or its flags is rejected by V8 and rewritten; a
// read-only install just runs without one.
'use strict';
// A command is over before optimizing most functions pays off: with V8's
// default budget TurboFan compiled about half of the instructions of a
// 500-service `config` (on the second core of a two-core machine others
// share). Ten times the budget leaves it the truly hot functions: a third
// fewer instructions in all, and the large config ran in two thirds of the
// time. Set before the bundle is compiled, so the code cache (whose check
// includes V8's flags) is written and read under the same flags. The bin's
// shebang gives them to Node (scripts/build.mjs copies this list there):
// setting them here needs node:v8, whose heap-snapshot stream loads Node's
// whole stream stack, a tenth of a small `config`. `node dist/tscompose.js`
// still gets them, the slow way.
const V8_FLAGS = ['--interrupt-budget=1000000'];
const missingFlags = V8_FLAGS.filter((flag) => !process.execArgv.includes(flag));
if (missingFlags.length > 0) require('node:v8').setFlagsFromString(missingFlags.join(' '));
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const bundle = join(__dirname, 'tscompose-main.cjs');
const baseRequire = createRequire(bundle);
// What needs its code cache written at exit: a cache that was missing or rejected.
const toCache = [];

/** Runs one wrapped bundle, through its code cache; its module.exports. */
function load(file, requireFn) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) toCache.push({ script, cacheFile });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, requireFn, mod, file, __dirname);
  return mod.exports;
}

// The bundles of scripts/split-bundle.mjs: the start-up one, and the chunks of
// use cases, each read the first time a command asks for a module it holds.
// The build writes the manifest in (module path -> chunk number).
const CHUNKS = {};
let core;
const chunks = [];
const lazyExports = new Map();
function tscomposeRequire(id) {
  if (id.startsWith('tscompose-lazy:')) {
    const path = id.slice('tscompose-lazy:'.length);
    let exported = lazyExports.get(path);
    if (exported === undefined) {
      const n = CHUNKS[path];
      if (n === undefined) throw new Error(`tscompose: ${path} is in no bundle chunk; rebuild with npm run build`);
      chunks[n] ??= load(join(__dirname, `tscompose-lazy-${n}.cjs`), tscomposeRequire);
      exported = chunks[n].lazyModules[path]();
      lazyExports.set(path, exported);
    }
    return exported;
  }
  if (id.startsWith('tscompose-core:')) return core.coreModules[id.slice('tscompose-core:'.length)];
  return baseRequire(id);
}
core = load(bundle, tscomposeRequire);

// After the run, so the functions the command compiled lazily are in the cache too.
process.once('beforeExit', () => {
  for (const { script, cacheFile } of toCache.splice(0)) {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // No cache this time (read-only install, full disk): only start-up speed is lost.
    }
  }
});
