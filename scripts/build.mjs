#!/usr/bin/env node
// The whole build: generate the schema validator (src/generated/), then bundle
// the CLI into CommonJS files, dist/tscompose-main.cjs (the start-up path)
// and dist/tscompose-lazy-N.cjs (the use cases in chunks, see scripts/split-bundle.mjs),
// started by the launcher dist/tscompose.js (scripts/launcher.cjs) through V8's code cache:
// no TypeScript, no module resolution across node_modules, no schema
// compiling, and after the first run no JavaScript compiling either.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkClassNames, checkStartupPath } from './build-checks.mjs';
import { compileSchema } from './compile-schema.mjs';
import { buildSplit } from './split-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src', 'cli', 'bin.ts');
const outfile = join(root, 'dist', 'tscompose.js');

// `node --` ends node's own options: Node 20 and 22 otherwise read a
// `--env-file` among the program's arguments as theirs (nodejs/node#54232),
// and `tscompose --env-file x config` would never reach tscompose.
// NODE_EXTRA_CA_CERTS is moved aside (env expands ${...} in -S before -u
// applies): loading it is most of Node's start-up, and src/cli/bin.ts puts it
// back for whatever needs it. `node dist/tscompose.js` skips all this.
// No V8 flags on that line: any of them costs every built-in module loaded
// after start-up its compiled code (see scripts/launcher.cjs).
const launcher = join(root, 'scripts', 'launcher.cjs');
const shebang = '#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS TSCOMPOSE_NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} node --';

/** Bundles one entry point the way the CLI ships; exported so it can be tried on any entry. */
/**
 * The bundle is CommonJS (not ESM) so the launcher can run it through
 * vm.Script with V8's code cache; the bin, `out`, is that launcher.
 */
export async function bundleCli(entryPoint = entry, out = outfile) {
  const main = join(dirname(out), 'tscompose-main.cjs');
  const options = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Native addons cannot be bundled: netlink (rtnetlink for src/network) is
    // loaded from node_modules at run time, with its prebuilt .node binary.
    external: ['netlink'],
    // Whitespace and syntax only: identifiers keep their names, so stack traces
    // stay readable. No keepNames: its __name() call on every closure created
    // was an eighth of a 500-service `config`; checkClassNames guards what it kept.
    minifyWhitespace: true,
    minifySyntax: true,
    // The launcher reads the bundles as latin1, a one-byte string V8 takes as is.
    charset: 'ascii',
    legalComments: 'eof',
    logLevel: 'warning',
  };
  // Metafile paths relative to the repository, as checkStartupPath names them.
  const split = await buildSplit(root, entryPoint, options);
  mkdirSync(dirname(out), { recursive: true });
  for (const code of [split.core, ...split.lazy]) checkClassNames(code, join(root, 'src'));
  if (entryPoint === entry) checkStartupPath(split.metafile);
  // Chunks (and code caches) of an earlier build would be read by nothing, or by a stale manifest.
  for (const f of readdirSync(dirname(out))) if (/^tscompose-(main|lazy)[-.]/.test(f)) rmSync(join(dirname(out), f), { force: true });
  const files = [[main, split.core], ...split.lazy.map((code, i) => [join(dirname(out), `tscompose-lazy-${i}.cjs`), code])];
  // Wrapped as Node wraps a CommonJS module, so the launcher compiles each file as read.
  for (const [file, code] of files) writeFileSync(file, `(function (exports, require, module, __filename, __dirname) {${code}\n})`);
  writeFileSync(out, `${shebang}\n${withManifest(readFileSync(launcher, 'utf8'), split.manifest)}`);
  chmodSync(out, 0o755);
  // The package is ESM; the launcher beside this file is CommonJS (see scripts/launcher.cjs).
  writeFileSync(join(dirname(out), 'package.json'), '{ "type": "commonjs" }\n');
  return { bytes: files.reduce((n, [, code]) => n + code.length, 0), chunks: split.lazy.length };
}

/** The launcher with the chunk manifest in place of its `const CHUNKS = {};` line. */
function withManifest(text, manifest) {
  const line = 'const CHUNKS = {};';
  if (!text.includes(line)) throw new Error(`build: scripts/launcher.cjs has no \`${line}\` line for the chunk manifest`);
  return text.replace(line, `const CHUNKS = ${JSON.stringify(manifest)};`);
}

const supervisorEntry = join(root, 'src', 'supervisor', 'main.ts');
const supervisorOut = join(root, 'dist', 'tscompose-supervisor.cjs');

/**
 * The project supervisor (one detached process per running project) is a
 * bundle of its own beside the CLI's: it loads no compose code, so it
 * starts fast and stays small. The CLI starts it as `node` on this file.
 */
export async function bundleSupervisor(entryPoint = supervisorEntry, out = supervisorOut) {
  const result = await build({
    entryPoints: [entryPoint],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['netlink'],
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
  });
  return Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
}

async function main() {
  await compileSchema();
  if (!existsSync(entry)) {
    throw new Error(`build: ${relative(root, entry)} (the CLI entry point) does not exist, so there is nothing to bundle`);
  }
  const { bytes, chunks } = await bundleCli();
  warmCodeCache(outfile);
  console.log(`build: wrote ${relative(root, outfile)} (${Math.round(bytes / 1024)} KiB: ${Math.round(statSync(join(dirname(outfile), 'tscompose-main.cjs')).size / 1024)} KiB read at start-up, ${chunks} chunks of use cases) and its code caches`);
  const supervisorBytes = await bundleSupervisor();
  console.log(`build: wrote ${relative(root, supervisorOut)} (${Math.round(supervisorBytes / 1024)} KiB)`);
}

/**
 * Writes the bundles' V8 code caches by running `config` and `ps` once on a
 * small project (no state: ps lists nothing), so the first real run starts
 * compiled too, with what those commands compile on the way in the cache
 * whatever command happens to run first. A chunk neither reads gets a cache
 * of what compiling it compiles. A cache made by another Node is rejected at
 * run time and rewritten (scripts/launcher.cjs).
 */
function warmCodeCache(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'tscompose-build-'));
  try {
    const service = (i) => `  s${i}:\n    image: app:${i}\n    environment:\n      - A=\${A:-1}\n    ports:\n      - "127.0.0.1:${8080 + i}:80"\n`
      + `    volumes: [./d:/d, v:/v]\n    labels: {role: web}\n    healthcheck: {test: [CMD, "true"], interval: 30s}\n    mem_limit: 64m\n`;
    writeFileSync(join(dir, 'compose.yaml'), `services:\n${service(0)}${service(1)}    depends_on: [s0]\nvolumes:\n  v: {}\n`);
    const env = { PATH: process.env.PATH, HOME: dir, TSCOMPOSE_ROOT: join(dir, 'state') };
    for (const argv of [['config', '--format', 'json'], ['ps']]) {
      const r = spawnSync(bin, argv, { cwd: dir, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`build: the bundle failed to run ${argv.join(' ')} on a small project (exit ${r.status}):\n${r.stderr}`);
    }
    const uncached = readdirSync(dirname(bin)).filter((f) => /^tscompose-(main|lazy-\d+)\.cjs$/.test(f) && !existsSync(join(dirname(bin), `${f}.cache`)));
    if (uncached.includes('tscompose-main.cjs')) throw new Error('build: the bundle wrote no code cache for tscompose-main.cjs');
    const compileOnly = `const { readFileSync, writeFileSync } = require('node:fs'); const { Script } = require('node:vm');
      for (const f of process.argv.slice(1)) writeFileSync(f + '.cache', new Script(readFileSync(f, 'latin1'), { filename: f }).createCachedData());`;
    const r = spawnSync(process.execPath, ['-e', compileOnly, ...uncached.map((f) => join(dirname(bin), f))], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build: could not write the code caches of ${uncached.join(', ')}:\n${r.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
