// Checks on the bundle that scripts/build.mjs writes: they fail the build
// where a change would silently cost every start of the CLI.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * esbuild renames a top-level name that two modules share (`Foo` becomes
 * `Foo2`); without keepNames the class's `name` would change with it, and
 * TscomposeError names itself after `new.target.name`. Fails the build so
 * the class gets a unique name instead.
 */
export function checkClassNames(code, srcDir) {
  const declared = new Set();
  for (const file of sourceFiles(srcDir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bclass\s+([A-Za-z_$][\w$]*)/g)) declared.add(m[1]);
  }
  const renamed = [...declared].filter((name) => !new RegExp(`\\bclass ${name.replace(/\$/g, '\\$')}\\b`).test(code)
    && new RegExp(`\\bclass ${name.replace(/\$/g, '\\$')}\\d+\\b`).test(code));
  if (renamed.length > 0) {
    throw new Error(`build: esbuild renamed class ${renamed.join(', ')} (another module declares the same name); give it a unique name`);
  }
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(p);
    else if (entry.name.endsWith('.ts')) yield p;
  }
}

/**
 * The start-up path stays small however many commands there are: what
 * src/cli/bin.ts imports statically (the command line and the command specs)
 * uses no npm package, and the config use case (src/app/config.ts, which the
 * config command imports on demand) no npm package but yaml. A command brings
 * its own packages in its `load()`, by dynamic import, so only it pays for them.
 */
export function checkStartupPath(metafile) {
  const limits = [
    ['src/cli/bin.ts', [], 'the command line and the command specs'],
    ['src/app/config.ts', ['yaml'], 'tscompose config'],
  ];
  for (const [start, allowed, what] of limits) {
    const problems = [];
    for (const [file, via] of staticClosure(metafile.inputs, start)) {
      const pkg = packageOf(file);
      // Named where our code imports it, not for each of its own files.
      if (pkg !== undefined && packageOf(via) === undefined && !allowed.includes(pkg)) problems.push(`${pkg} (imported by ${via})`);
    }
    if (problems.length > 0) {
      throw new Error(`build: ${what} would load ${problems.join(', ')} at start-up; import it with import() where it is used`);
    }
  }
}

function packageOf(file) {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
}

/** Every input `start` reaches by static imports, with the file that imports it. */
function staticClosure(inputs, start) {
  const found = new Map([[start, start]]);
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop();
    for (const imp of inputs[file]?.imports ?? []) {
      if (imp.kind === 'dynamic-import' || imp.external || found.has(imp.path)) continue;
      found.set(imp.path, file);
      stack.push(imp.path);
    }
  }
  return found;
}
