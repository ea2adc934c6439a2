#!/usr/bin/env node
// The whole build: generate the schema validator (src/generated/), then bundle
// the CLI into two CommonJS files, dist/tscompose-main.cjs (the start-up path)
// and dist/tscompose-lazy.cjs (the use cases, see scripts/split-bundle.mjs),
// started by the launcher dist/tscompose.js (scripts/launcher.cjs) through V8's code cache:
// no TypeScript, no module resolution across node_modules, no schema
// compiling, and after the first run no JavaScript compiling either.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
// The launcher's V8 flags go on the same line (see scripts/launcher.cjs).
const launcher = join(root, 'scripts', 'launcher.cjs');
const shebang = `#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS TSCOMPOSE_NODE_EXTRA_CA_CERTS=\${NODE_EXTRA_CA_CERTS} node ${launcherV8Flags().join(' ')} --`;

function launcherV8Flags() {
  const list = /^const V8_FLAGS = \[([^\]]*)\];$/m.exec(readFileSync(launcher, 'utf8'));
  if (list === null) throw new Error('build: scripts/launcher.cjs has no `const V8_FLAGS = [...]` line for the shebang');
  return [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/** Bundles one entry point the way the CLI ships; exported so it can be tried on any entry. */
/**
 * The bundle is CommonJS (not ESM) so the launcher can run it through
 * vm.Script with V8's code cache; the bin, `out`, is that launcher.
 */
export async function bundleCli(entryPoint = entry, out = outfile) {
  const main = join(dirname(out), 'tscompose-main.cjs');
  const lazy = join(dirname(out), 'tscompose-lazy.cjs');
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
  checkClassNames(split.core, join(root, 'src'));
  checkClassNames(split.lazy, join(root, 'src'));
  if (entryPoint === entry) checkStartupPath(split.metafile);
  // Wrapped as Node wraps a CommonJS module, so the launcher compiles each file as read.
  for (const [file, code] of [[main, split.core], [lazy, split.lazy]]) {
    writeFileSync(file, `(function (exports, require, module, __filename, __dirname) {${code}\n})`);
    rmSync(`${file}.cache`, { force: true });
  }
  writeFileSync(out, `${shebang}\n${readFileSync(launcher, 'utf8')}`);
  chmodSync(out, 0o755);
  // The package is ESM; the launcher beside this file is CommonJS (see scripts/launcher.cjs).
  writeFileSync(join(dirname(out), 'package.json'), '{ "type": "commonjs" }\n');
  return split.core.length + split.lazy.length;
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
  const bytes = await bundleCli();
  warmCodeCache(outfile);
  console.log(`build: wrote ${relative(root, outfile)} (${Math.round(bytes / 1024)} KiB in two bundles, ${Math.round(statSync(join(dirname(outfile), 'tscompose-main.cjs')).size / 1024)} KiB read at start-up) and its code cache`);
  const supervisorBytes = await bundleSupervisor();
  console.log(`build: wrote ${relative(root, supervisorOut)} (${Math.round(supervisorBytes / 1024)} KiB)`);
}

/**
 * Writes the bundle's V8 code cache by running `config` once on a small
 * project, so the first real run starts compiled too, and the cache holds
 * what config needs whatever command happens to run first. A cache made by
 * another Node is rejected at run time and rewritten (scripts/launcher.cjs).
 */
function warmCodeCache(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'tscompose-build-'));
  try {
    const service = (i) => `  s${i}:\n    image: app:${i}\n    environment:\n      - A=\${A:-1}\n    ports:\n      - "127.0.0.1:${8080 + i}:80"\n`
      + `    volumes: [./d:/d, v:/v]\n    labels: {role: web}\n    healthcheck: {test: [CMD, "true"], interval: 30s}\n    mem_limit: 64m\n`;
    writeFileSync(join(dir, 'compose.yaml'), `services:\n${service(0)}${service(1)}    depends_on: [s0]\nvolumes:\n  v: {}\n`);
    // As the bin, through its shebang: the cache is written under the V8 flags it is read with.
    const r = spawnSync(bin, ['config', '--format', 'json'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build: the bundle failed on a small project (exit ${r.status}):\n${r.stderr}`);
    for (const f of ['tscompose-main.cjs.cache', 'tscompose-lazy.cjs.cache']) if (!existsSync(join(dirname(bin), f))) throw new Error(`build: the bundle wrote no code cache ${f}`);
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
