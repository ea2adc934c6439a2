// dist/tscompose.js: starts the bundle beside it through V8's code cache.
// CommonJS on purpose (dist/package.json says so): an ES module entry point
// starts Node's ESM loader, which cost about 7 ms of every run. The bundle is
// already wrapped as a CommonJS function at build time, so it is compiled as
// read. Compiling it cost a third of a small `config`; with the cache written
// after the first run, V8 reuses the compiled code. A cache that does not match
// the bundle, the Node version or its flags is rejected by V8 and rewritten; a
// read-only install just runs without one.
'use strict';
// V8 flags are part of every code cache's check, Node's own included: with
// any flag on its command line, each built-in module a command loads after
// start-up (net, http, child_process, fs/promises...) is compiled from source
// instead of from the cache built into Node, 15 to 30 ms of a `ps`, `exec`
// or warm `pull`. So Node starts with none. A long run of JavaScript (the
// compose model of a large project) is faster with a larger interrupt budget:
// with V8's default TurboFan compiled about half of the instructions of a
// 500-service `config` on a two-core machine others share, and ten times the
// budget ran it in two thirds of the time. The bundle asks for that through
// the hook below once it knows the run will be long (src/host/long-run.ts).
// The chunks compiled from then on use code caches written under that flag,
// kept apart (`.hot.cache`), so neither kind of run rejects the other's.
const LONG_RUN_FLAGS = '--interrupt-budget=1000000';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const bundle = join(__dirname, 'tscompose-main.cjs');
const baseRequire = createRequire(bundle);
// What needs its code cache written at exit: a cache that was missing or rejected.
const toCache = [];
let longRun = false;

/** Runs one wrapped bundle, through its code cache; its module.exports. */
function load(file, requireFn) {
  const cacheFile = `${file}${longRun ? '.hot' : ''}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) toCache.push({ script, cacheFile, longRun });
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

globalThis[Symbol.for('tscompose.longRun')] = () => {
  if (longRun) return;
  // node:v8 costs about 3 ms; it is loaded before the flag changes, from Node's cache.
  require('node:v8').setFlagsFromString(LONG_RUN_FLAGS);
  longRun = true;
};
core = load(bundle, tscomposeRequire);

// After the run, so the functions the command compiled lazily are in the cache too.
process.once('beforeExit', () => {
  for (const { script, cacheFile, longRun: compiledLong } of toCache.splice(0)) {
    // V8 stamps a cache with the flags at hand when it is made: one made now fits only code compiled under them.
    if (compiledLong !== longRun) continue;
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // No cache this time (read-only install, full disk): only start-up speed is lost.
    }
  }
});
