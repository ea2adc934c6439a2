// dist/tscompose.js: starts the bundle beside it through V8's code cache.
// CommonJS on purpose (dist/package.json says so): an ES module entry point
// starts Node's ESM loader, which cost about 7 ms of every run. The bundle is
// already wrapped as a CommonJS function at build time, so it is compiled as
// read. Compiling it cost a third of a small `config`; with the cache written
// after the first run, V8 reuses the compiled code. A cache that does not match
// the bundle, the Node version or its flags is rejected by V8 and rewritten; a
// read-only install just runs without one.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const bundle = join(__dirname, 'tscompose-main.cjs');
const cacheFile = `${bundle}.cache`;

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(readFileSync(bundle, 'latin1'), { filename: bundle, cachedData });
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, __dirname);

if (cachedData === undefined || script.cachedDataRejected) {
  // After the run, so the functions the command compiled lazily are in the cache too.
  process.once('beforeExit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // No cache this time (read-only install, full disk): only start-up speed is lost.
    }
  });
}
