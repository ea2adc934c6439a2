import { describe, expect, it } from 'vitest';
import { memoryContextFs } from '../../../src/build/context/memory-fs.js';
import { walkContext } from '../../../src/build/context/walk.js';
import { BadPatternError, goClean, goMatch } from '../../../src/build/ignore/go-path.js';
import { readIgnoreFile } from '../../../src/build/ignore/ignore-file.js';
import { PatternMatcher } from '../../../src/build/ignore/pattern-matcher.js';

describe('goMatch (Go filepath.Match)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.js', 'app.js', true],
    ['*.js', 'src/app.js', false],
    ['src/*.js', 'src/app.js', true],
    ['*', '.hidden', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[abc]x', 'bx', true],
    ['[^abc]x', 'bx', false],
    ['[a-c]x', 'cx', true],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['*x*y', 'axbxcy', true],
    ['a*', 'a/b', false],
    ['', '', true],
    ['ä?', 'äö', true],
  ];
  for (const [p, n, want] of cases) it(`${p} ~ ${n} = ${want}`, () => expect(goMatch(p, n)).toBe(want));

  it('reports a bad pattern even when the name does not get that far', () => {
    expect(() => goMatch('[', 'x')).toThrow(BadPatternError);
    expect(() => goMatch('a[', 'b')).toThrow(BadPatternError);
    expect(() => goMatch('x\\', 'x')).toThrow(BadPatternError);
    expect(() => goMatch('[]a]', 'a')).toThrow(BadPatternError);
  });
});

describe('goClean (Go filepath.Clean)', () => {
  const cases: Array<[string, string]> = [['', '.'], ['./a/', 'a'], ['a//b/./c/..', 'a/b'], ['/../x', '/x'], ['../a/../../b', '../../b'], ['/', '/']];
  for (const [input, want] of cases) it(`${input} -> ${want}`, () => expect(goClean(input)).toBe(want));
});

describe('PatternMatcher (.dockerignore semantics)', () => {
  const excluded = (patterns: string[], path: string): boolean => new PatternMatcher(patterns).matches(path);

  it('excludes a directory and everything under it', () => {
    expect(excluded(['node_modules'], 'node_modules/x/index.js')).toBe(true);
    expect(excluded(['node_modules'], 'src/node_modules')).toBe(false);
  });
  it('matches any depth with **', () => {
    expect(excluded(['**/*.log'], 'a/b/c.log')).toBe(true);
    expect(excluded(['**/*.log'], 'c.log')).toBe(true);
    expect(excluded(['docs/**'], 'docs')).toBe(false);
    expect(excluded(['docs/**'], 'docs/a/b')).toBe(true);
  });
  it('lets the last matching pattern decide, with ! re-including', () => {
    expect(excluded(['*.md', '!README.md'], 'README.md')).toBe(false);
    expect(excluded(['*.md', '!README.md'], 'CHANGES.md')).toBe(true);
    expect(excluded(['!README.md', '*.md'], 'README.md')).toBe(true);
  });
  it('cleans patterns: trailing slashes and ./ mean nothing', () => {
    expect(excluded(['build/'], 'build/out.o')).toBe(true);
    expect(excluded(['./tmp'], 'tmp')).toBe(true);
  });
  it('refuses a lone !', () => expect(() => new PatternMatcher(['!'])).toThrow('illegal exclusion pattern: "!"'));
  it('refuses a malformed pattern', () => expect(() => new PatternMatcher(['[z-a'])).toThrow('syntax error in pattern'));
});

describe('readIgnoreFile', () => {
  it('drops comments and blanks, trims, cleans and strips a leading slash', () => {
    expect(readIgnoreFile('\ufeff# comment\n\n  /node_modules/ \n!/keep/./me\n *.log\r\n#not ignored\n')).toEqual(['node_modules', '!keep/me', '*.log']);
  });
  it('keeps a # that is not the first character', () => {
    expect(readIgnoreFile(' #x\n')).toEqual(['#x']);
  });
});

describe('walkContext', () => {
  const fs = memoryContextFs({
    'Dockerfile': 'FROM a',
    'src/app.js': 'x',
    'src/app.test.js': 'x',
    'node_modules/dep/index.js': 'x',
    'node_modules/keep/index.js': 'x',
    'logs/a.log': 'x',
    'b': { symlink: 'src/app.js' },
  });

  it('yields parents before children in byte order', () => {
    expect(walkContext(fs).entries().map((e) => e.path)).toEqual([
      'Dockerfile', 'b', 'logs', 'logs/a.log', 'node_modules', 'node_modules/dep', 'node_modules/dep/index.js',
      'node_modules/keep', 'node_modules/keep/index.js', 'src', 'src/app.js', 'src/app.test.js',
    ]);
  });

  it('skips excluded directories, but walks one an exception may re-include from', () => {
    const walked = walkContext(fs, { excludes: ['node_modules', '!node_modules/keep', '**/*.test.js', 'logs'] });
    expect(walked.entries().map((e) => e.path)).toEqual(['Dockerfile', 'b', 'node_modules', 'node_modules/keep', 'node_modules/keep/index.js', 'src', 'src/app.js']);
    // The excluded directory is not sent, but exists where the context is unpacked.
    expect(walked.get('node_modules')).toMatchObject({ implied: true, mode: 0o40755 });
    expect(walked.get('node_modules/keep')?.implied).toBeUndefined();
  });

  it('does not look inside an excluded directory for an exception written as a glob', () => {
    const kept = walkContext(fs, { excludes: ['node_modules', '!**/index.js'] }).entries().map((e) => e.path);
    expect(kept).not.toContain('node_modules/dep/index.js');
  });

  it('reports owners as root when sending a context, as the docker CLI does', () => {
    const owned = memoryContextFs({ f: { content: 'x', uid: 1000, gid: 1000 } });
    expect(walkContext(owned).get('f')).toMatchObject({ uid: 1000, gid: 1000 });
    expect(walkContext(owned, { ownersAsRoot: true }).get('f')).toMatchObject({ uid: 0, gid: 0 });
  });

  it('records where symlinks point', () => {
    expect(walkContext(fs).get('b')).toMatchObject({ type: 'symlink', linkTarget: 'src/app.js' });
  });
});
