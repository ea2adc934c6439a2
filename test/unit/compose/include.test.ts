import { describe, expect, it } from 'vitest';
import { goDir, goRel } from '../../../src/compose/resource-path.js';
import { includeCases } from './loader-cases.js';
import { checkCase, loadCase } from './loader-run.js';

describe('include (checked against docker compose 2.26.1)', () => {
  it.each(includeCases)('$name', (c) => checkCase(c));

  it('refuses a remote include instead of fetching it', () => {
    const c = { name: 'remote', files: { 'compose.yaml': 'include: [git@github.com:acme/stack.git]\n' } };
    expect(() => loadCase(c)).toThrow('include git@github.com:acme/stack.git: remote resources are not supported');
  });
});

describe("Go's path helpers used to place included projects", () => {
  it.each([
    ['/p', '/p/a/b', 'a/b'],
    ['/p/a', '/p/b', '../b'],
    ['/p', '/p', '.'],
    ['.', 'x/y', 'x/y'],
    ['/p/a/b', '/q', '../../../q'],
  ])('Rel(%s, %s) = %s', (base, target, rel) => {
    expect(goRel(base, target)).toBe(rel);
  });

  it('Rel fails where Go fails', () => {
    expect(goRel('/p', 'rel')).toBeUndefined();
    expect(goRel('../x', 'y')).toBeUndefined();
  });

  it.each([
    ['/p/a/compose.yaml', '/p/a'],
    ['compose.yaml', '.'],
    ['/compose.yaml', '/'],
  ])('Dir(%s) = %s', (p, dir) => {
    expect(goDir(p)).toBe(dir);
  });
});
