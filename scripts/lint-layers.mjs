#!/usr/bin/env node
// Enforces the layer rule of ARCHITECTURE.md: lower layers never import upper
// ones, and the drivers (network, volumes, engine, images, host) never import
// compose/ — they own their input types; exec/translate is the only bridge.
// build/ (Dockerfile builds) sits above the drivers it drives (images, engine,
// host) and below the layers that call it (app, plan, exec).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', 'src');

/** layer -> layers it must not import */
const forbidden = {
  compose: ['cli', 'app', 'plan', 'exec', 'supervisor', 'state', 'images', 'engine', 'network', 'volumes', 'host', 'build', 'watch'],
  plan: ['cli', 'app', 'exec', 'supervisor', 'state', 'host', 'watch'],
  exec: ['cli', 'app', 'supervisor', 'watch'],
  // The project supervisor runs beside exec: it uses the drivers through exec's ports and reads the records.
  supervisor: ['cli', 'app', 'plan', 'compose', 'watch'],
  // Project records and locks: plain state every upper layer reads; it knows no model and no driver.
  state: ['cli', 'app', 'plan', 'exec', 'supervisor', 'compose', 'images', 'engine', 'network', 'volumes', 'build', 'watch'],
  app: ['cli'],
  // develop.watch: below app, beside exec; drives the engine through app's driver, reuses the builder's pattern matcher and in-root paths.
  watch: ['cli', 'app', 'plan', 'exec', 'supervisor', 'state', 'compose', 'images', 'engine', 'network', 'volumes'],
  build: ['cli', 'app', 'plan', 'exec', 'supervisor', 'state', 'compose', 'network', 'volumes', 'watch'],
  images: ['cli', 'app', 'plan', 'exec', 'supervisor', 'state', 'compose', 'engine', 'network', 'volumes', 'build', 'watch'],
  engine: ['cli', 'app', 'plan', 'exec', 'supervisor', 'state', 'compose', 'network', 'volumes', 'build', 'watch'],
  network: ['cli', 'app', 'plan', 'exec', 'supervisor', 'state', 'compose', 'engine', 'volumes', 'images', 'build', 'watch'],
  volumes: ['cli', 'app', 'plan', 'exec', 'supervisor', 'state', 'compose', 'engine', 'network', 'images', 'build', 'watch'],
  host: ['cli', 'app', 'plan', 'exec', 'supervisor', 'state', 'compose', 'engine', 'network', 'volumes', 'images', 'build', 'watch'],
};
// Pure layers may not reach the host through Node's side-effecting modules.
const pureLayers = new Set(['compose', 'plan']);
// Pure folders inside an otherwise impure layer.
const purePaths = ['watch/planner.ts', 'watch/match.ts', 'watch/debounce.ts', 'build/dockerfile/', 'build/instructions/', 'build/shell/', 'build/ignore/', 'build/plan/'];
const impureModules = /^(node:)?(fs|fs\/promises|child_process|net|dgram|http|https|os|process)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|mts)$/.test(name)) yield p;
  }
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
for (const file of files(root)) {
  const rel = relative(root, file);
  const layer = rel.split(sep)[0];
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(dirname(file), spec)).split(sep)[0];
      if (forbidden[layer]?.includes(target)) problems.push(`${rel}: layer ${layer}/ must not import ${target}/ (${spec})`);
    } else if ((pureLayers.has(layer) || purePaths.some((p) => rel.split(sep).join('/').startsWith(p))) && impureModules.test(spec)) {
      problems.push(`${rel}: ${rel.split(sep).slice(0, -1).join('/')}/ is pure and must not import ${spec}`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`lint-layers: ${problems.length} violation(s)`);
  process.exit(1);
}
console.log('lint-layers: ok');
