/**
 * The CLI ships as two bundles (scripts/split-bundle.mjs): the start-up
 * path, and the use cases read only when a command loads one, sharing one
 * copy of every module so errors stay the core's classes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script without type declarations
import { startupSplit } from '../../../scripts/split-bundle.mjs';

type Split = (inputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>, entry: string) => { closure: Set<string>; lazy: string[] };

describe('startupSplit', () => {
  it('keeps what the entry imports statically and lists the use cases it imports dynamically', () => {
    const { closure, lazy } = (startupSplit as Split)({
      'bin.ts': { imports: [{ path: 'main.ts', kind: 'import-statement' }, { path: 'node:fs', kind: 'import-statement', external: true }] },
      'main.ts': { imports: [{ path: 'errors.ts', kind: 'import-statement' }, { path: 'app/pull.ts', kind: 'dynamic-import' }, { path: 'errors.ts', kind: 'dynamic-import' }] },
      'errors.ts': { imports: [] },
      'app/pull.ts': { imports: [{ path: 'errors.ts', kind: 'import-statement' }, { path: 'app/deep.ts', kind: 'dynamic-import' }] },
      'app/deep.ts': { imports: [] },
    }, 'bin.ts');
    expect([...closure].sort()).toEqual(['bin.ts', 'errors.ts', 'main.ts']);
    // A dynamic import of a start-up module stays inside; deeper ones are the lazy bundle's own business.
    expect(lazy).toEqual(['app/pull.ts']);
  });
});

const dist = resolve(import.meta.dirname, '../../../dist');

describe.skipIf(!existsSync(join(dist, 'tscompose-lazy.cjs')))('the built bundles', () => {
  const copy = mkdtempSync(join(tmpdir(), 'tsctip-split-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  for (const f of ['tscompose.js', 'tscompose-main.cjs', 'package.json']) copyFileSync(join(dist, f), join(copy, f));

  it('runs version from the start-up bundle alone, and needs the other for a use case', () => {
    const version = spawnSync(process.execPath, [join(copy, 'tscompose.js'), 'version'], { encoding: 'utf8', cwd: copy });
    expect(version.stdout).toMatch(/^tscompose version v\d/);
    expect(version.status).toBe(0);
    const config = spawnSync(process.execPath, [join(copy, 'tscompose.js'), 'config'], { encoding: 'utf8', cwd: copy });
    expect(config.status).not.toBe(0);
    expect(config.stderr).toContain('tscompose-lazy.cjs');
  });

  it('reports an error the use case throws as the core reports its own errors', () => {
    const r = spawnSync(join(dist, 'tscompose.js'), ['-f', join(copy, 'missing.yaml'), 'config'], { encoding: 'utf8' });
    expect(r.status).toBe(14);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain('missing.yaml');
  });
});
