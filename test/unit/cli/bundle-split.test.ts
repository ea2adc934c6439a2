/**
 * The CLI ships as a start-up bundle and chunks of use cases
 * (scripts/split-bundle.mjs), a chunk read only when a command loads a
 * module it holds, all sharing one copy of every module so errors stay the
 * core's classes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script without type declarations
import { chunkPlan, startupSplit } from '../../../scripts/split-bundle.mjs';

type Inputs = Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>;
type Split = (inputs: Inputs, entry: string) => { closure: Set<string>; lazy: string[] };
type Plan = (inputs: Inputs, entry: string, bytesOf: (f: string) => number) => { closure: Set<string>; chunks: string[][] };

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

describe('chunkPlan', () => {
  const imp = (path: string, kind = 'import-statement') => ({ path, kind });
  const inputs: Inputs = {
    'bin.ts': { imports: [imp('errors.ts'), imp('app/ps.ts', 'dynamic-import'), imp('app/build.ts', 'dynamic-import')] },
    'errors.ts': { imports: [] },
    'app/ps.ts': { imports: [imp('compose.ts'), imp('errors.ts'), imp('engine.ts', 'dynamic-import')] },
    'app/build.ts': { imports: [imp('compose.ts'), imp('dockerfile.ts'), imp('engine.ts', 'dynamic-import')] },
    'compose.ts': { imports: [imp('yaml/index.js')] },
    'yaml/index.js': { imports: [imp('yaml/util.js', 'require-call')] },
    'yaml/util.js': { imports: [] },
    'dockerfile.ts': { imports: [] },
    'engine.ts': { imports: [imp('app/build.ts', 'dynamic-import')] },
  };

  it('groups the modules by which dynamic imports reach them, leaving the start-up closure out', () => {
    const big = () => 10_000;
    const { closure, chunks } = (chunkPlan as Plan)(inputs, 'bin.ts', big);
    expect([...closure].sort()).toEqual(['bin.ts', 'errors.ts']);
    // ps needs compose and yaml but not the Dockerfile parser; what both reach is one chunk.
    expect(chunks).toContainEqual(['compose.ts', 'yaml/index.js', 'yaml/util.js']);
    expect(chunks).toContainEqual(['app/build.ts', 'dockerfile.ts']);
    expect(chunks).toContainEqual(['app/ps.ts']);
    expect(chunks).toContainEqual(['engine.ts']);
    expect(chunks.flat().sort()).toEqual(Object.keys(inputs).filter((f) => !closure.has(f)).sort());
  });

  it('puts the groups too small for a file of their own into one shared chunk', () => {
    const { chunks } = (chunkPlan as Plan)(inputs, 'bin.ts', (f) => (f.startsWith('yaml/') ? 20_000 : 100));
    expect(chunks).toEqual([['compose.ts', 'yaml/index.js', 'yaml/util.js'], ['app/build.ts', 'app/ps.ts', 'dockerfile.ts', 'engine.ts']]);
  });
});

const dist = resolve(import.meta.dirname, '../../../dist');

describe.skipIf(!existsSync(join(dist, 'tscompose-lazy-0.cjs')))('the built bundles', () => {
  const copy = mkdtempSync(join(tmpdir(), 'tsctip-split-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  for (const f of ['tscompose.js', 'tscompose-main.cjs', 'package.json']) copyFileSync(join(dist, f), join(copy, f));

  it('runs version from the start-up bundle alone, and needs a chunk for a use case', () => {
    const version = spawnSync(process.execPath, [join(copy, 'tscompose.js'), 'version'], { encoding: 'utf8', cwd: copy });
    expect(version.stdout).toMatch(/^tscompose version v\d/);
    expect(version.status).toBe(0);
    const config = spawnSync(process.execPath, [join(copy, 'tscompose.js'), 'config'], { encoding: 'utf8', cwd: copy });
    expect(config.status).not.toBe(0);
    expect(config.stderr).toMatch(/tscompose-lazy-\d+\.cjs/);
  });

  it('reports an error the use case throws as the core reports its own errors', () => {
    const r = spawnSync(join(dist, 'tscompose.js'), ['-f', join(copy, 'missing.yaml'), 'config'], { encoding: 'utf8' });
    expect(r.status).toBe(14);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain('missing.yaml');
  });
});
