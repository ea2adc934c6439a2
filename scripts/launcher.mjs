// dist/tscompose.js: starts the CommonJS bundle beside it through V8's code
// cache. Compiling the ~0.5 MiB bundle costs about 30 ms on every start; with
// the cache written after the first run, V8 reuses the compiled code. A cache
// that does not match the bundle or the Node version is rejected by V8 and
// rewritten; a read-only install just runs without one.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const dir = dirname(fileURLToPath(import.meta.url));
const bundle = join(dir, 'tscompose-main.cjs');
const cacheFile = `${bundle}.cache`;

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dir);

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
