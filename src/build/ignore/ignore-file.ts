/**
 * Reading a `.dockerignore` (moby/patternmatcher/ignorefile): `#` lines are
 * comments, blank lines are skipped, patterns are trimmed and cleaned, a
 * leading `/` is dropped so `/a` and `a` mean the same, `!` re-includes.
 */
import { goTrimSpace } from '../shell/chars.js';
import { goClean } from './go-path.js';

export function readIgnoreFile(text: string): string[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const patterns: string[] = [];
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    let pattern = goTrimSpace(line);
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = goTrimSpace(pattern.slice(1));
    if (pattern.length > 0) {
      pattern = goClean(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

/**
 * Which ignore file a build uses: `<Dockerfile name>.dockerignore` beside the
 * Dockerfile wins over the context's `.dockerignore`, as BuildKit decides.
 */
export function ignoreFileCandidates(dockerfilePath: string, contextDir: string): string[] {
  return [`${dockerfilePath}.dockerignore`, `${contextDir.replace(/\/+$/, '')}/.dockerignore`];
}
