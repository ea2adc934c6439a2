/**
 * Where the native programs built by `npm install` (native/build/) are:
 * TSCOMPOSE_NATIVE_DIR when set, else native/build/ next to the package
 * root, found by walking up from this module (src/ in development) or from
 * the CLI script (dist/ in the bundle, where import.meta.url is not set).
 * The engine (runtime, monitor), the image store (fsops) and doctor all
 * find their programs here; loadAddon opens the Node addons among them.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

function scriptDir(): string | undefined {
  const script = process.argv[1];
  if (script === undefined) return undefined;
  try {
    return dirname(realpathSync(script));
  } catch {
    return undefined;
  }
}

export function nativeBinary(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const override = env.TSCOMPOSE_NATIVE_DIR;
  if (override !== undefined && override !== '') {
    const p = join(override, name);
    return existsSync(p) ? p : undefined;
  }
  for (const start of [moduleDir(), scriptDir()]) {
    let dir = start;
    for (let i = 0; dir !== undefined && i < 6; i++) {
      const p = join(dir, 'native', 'build', name);
      if (existsSync(p)) return p;
      const up = dirname(dir);
      dir = up === dir ? undefined : up;
    }
  }
  return undefined;
}

/** A Node addon's exports; process.dlopen works the same from the ESM sources and the CommonJS bundle. */
export function loadAddon<T>(path: string): T {
  const mod = { exports: {} as T };
  process.dlopen(mod, path);
  return mod.exports;
}
