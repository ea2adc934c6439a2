/** Runs a LoaderCase through loadProject and checks what it says. */
import { expect } from 'vitest';
import { loadProject } from '../../../src/compose/loader.js';
import type { LoadedProject } from '../../../src/compose/types.js';
import { ComposeError, TscomposeError } from '../../../src/errors.js';
import type { LoaderCase } from './loader-cases.js';
import { loadInput } from './memfs.js';

export function loadCase(c: LoaderCase, warnings: string[] = []): LoadedProject {
  const files = Object.fromEntries(Object.entries(c.files).map(([f, content]) => [`/p/${f}`, content]));
  const input = loadInput({ files, configFiles: (c.configFiles ?? ['compose.yaml']).map((f) => `/p/${f}`), environment: c.env ?? {} });
  return loadProject(input, { projectName: 'p', profiles: [] }, (m) => warnings.push(m));
}

function valueAt(model: unknown, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = model;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || !Object.hasOwn(cur, part)) return { found: false };
    cur = (cur as Record<string, unknown>)[part];
  }
  return { found: true, value: cur };
}

export function checkCase(c: LoaderCase): void {
  const warnings: string[] = [];
  if (c.error !== undefined) {
    let caught: unknown;
    try {
      loadCase(c, warnings);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TscomposeError);
    const err = caught as TscomposeError;
    expect(err instanceof ComposeError ? err.detail : err.message).toBe(c.error);
    if (c.errorAt !== undefined) {
      const loc = (err as ComposeError).location;
      expect(`${loc.file}:${loc.line}:${loc.col}`).toBe(`/p/${c.errorAt}`);
      // The message is the position, the YAML path when the text does not name it, then the text.
      expect(err.message.startsWith(`/p/${c.errorAt}: `)).toBe(true);
      expect(err.message.endsWith(c.error)).toBe(true);
    }
    if (c.exitCode !== undefined) expect(err.exitCode).toBe(c.exitCode);
  } else {
    const project = loadCase(c, warnings);
    for (const [path, value] of Object.entries(c.expect ?? {})) {
      const got = valueAt(project.model, path);
      if (value === undefined) expect(got.found, `${path} should be absent`).toBe(false);
      else expect(got.value, path).toEqual(value);
    }
  }
  if (c.warnings !== undefined) expect(warnings).toEqual(c.warnings);
}
