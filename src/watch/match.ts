/**
 * Path tests for watch rules, with .dockerignore's pattern language (moby's
 * patternmatcher, the one the builder uses): each set of patterns is
 * relative to its own base directory, as compose anchors them: the build
 * context for .dockerignore, the rule's path for `ignore:` and `include:`,
 * the root for the editors' temporary files.
 */
import { posix } from 'node:path';
import { PatternMatcher } from '../build/ignore/pattern-matcher.js';
import type { PathTest } from './types.js';

/**
 * Files editors write beside the ones being edited (JetBrains, Emacs, Vim,
 * Kate, Go's umask probe), which compose never syncs nor rebuilds on; and
 * `.git` directories anywhere, as compose's documentation promises.
 */
export const EPHEMERAL_PATTERNS: readonly string[] = [
  '**/*___jb_old___', '**/*___jb_tmp___', '**/.idea/**',
  '**/.#*', '**/#*#',
  '**/4913', '**/*~', '**/.*.swp', '**/.*.swx', '**/.*.swo', '**/.*.swn',
  '**/.*.kate-swp',
  '**/*-go-tmp-umask',
  '**/.git',
];

/** Whether a host path, taken relative to `base`, matches `patterns` (or lies under a directory that does). */
export function patternTest(base: string, patterns: readonly string[]): PathTest {
  const matcher = new PatternMatcher(patterns);
  if (matcher.patterns.length === 0) return () => false;
  return (hostPath) => {
    const rel = posix.relative(base, hostPath);
    if (rel === '..' || rel.startsWith('../')) return false;
    return matcher.matches(rel === '' ? '.' : rel);
  };
}

export function anyOf(tests: readonly PathTest[]): PathTest {
  return (p) => tests.some((t) => t(p));
}

/** `child` is `parent` or lies below it. */
export function isChild(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}
