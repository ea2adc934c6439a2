/**
 * Docker's path matcher (moby/patternmatcher) for `.dockerignore` and
 * `COPY --exclude`: patterns are cleaned, `**` matches any number of
 * directories, a leading `!` re-includes, and the last pattern that matches
 * decides. A directory that matches excludes everything under it.
 */
import { DockerfileError } from '../errors.js';
import { goTrimSpace } from '../shell/chars.js';
import { BadPatternError, goClean, goMatch } from './go-path.js';

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

export class Pattern {
  readonly exclusion: boolean;
  /** The cleaned pattern without its `!`. */
  readonly cleaned: string;
  readonly dirs: string[];
  private compiled: { type: MatchType; re?: RegExp } | undefined;

  constructor(cleaned: string, exclusion: boolean) {
    this.cleaned = cleaned;
    this.exclusion = exclusion;
    this.dirs = cleaned.split('/');
  }

  match(path: string): boolean {
    const c = (this.compiled ??= compile(this.cleaned));
    switch (c.type) {
      case 'exact':
        return path === this.cleaned;
      case 'prefix':
        return path.startsWith(this.cleaned.slice(0, -2));
      case 'suffix': {
        const suffix = this.cleaned.slice(2);
        if (path.endsWith(suffix)) return true;
        // `**/foo` also matches `foo` itself.
        return suffix.startsWith('/') && path === suffix.slice(1);
      }
      default:
        return (c.re as RegExp).test(path);
    }
  }
}

const REGEX_ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
/** Escapes that mean the same character class in Go's and JavaScript's regexps. */
const SHARED_CLASS_ESCAPES = new Set(['d', 'D', 's', 'S', 'w', 'W', 'b', 'B', 'f', 't', 'n', 'r', 'v']);

function compile(pattern: string): { type: MatchType; re?: RegExp } {
  const chars = [...pattern];
  let re = '^';
  let type: MatchType = 'exact';
  // `token` counts what the loop consumed, as patternmatcher's `i` does: `**` as the first token is a suffix match.
  for (let i = 0, token = 0; i < chars.length; i++, token++) {
    const ch = chars[i] as string;
    if (ch === '*' && chars[i + 1] === '*') {
      i++;
      if (chars[i + 1] === '/') i++;
      if (i + 1 >= chars.length) {
        if (type === 'exact') type = 'prefix';
        else {
          re += '.*';
          type = 'regexp';
        }
      } else {
        re += '(.*/)?';
        type = 'regexp';
      }
      if (token === 0) type = 'suffix';
    } else if (ch === '*') {
      re += '[^/]*';
      type = 'regexp';
    } else if (ch === '?') {
      re += '[^/]';
      type = 'regexp';
    } else if (REGEX_ESCAPED.has(ch)) re += `\\${ch}`;
    else if (ch === '\\') {
      const next = chars[i + 1];
      if (next === undefined) re += '\\\\';
      else {
        re += escapeNext(next);
        i++;
        type = 'regexp';
      }
    } else if (ch === '[' || ch === ']') {
      re += ch;
      type = 'regexp';
    } else re += ch;
  }
  if (type !== 'regexp') return { type };
  try {
    return { type, re: new RegExp(`${re}$`) };
  } catch {
    throw new DockerfileError(`error parsing regexp: ${re}$`, undefined, undefined);
  }
}

function escapeNext(next: string): string {
  if (/[A-Za-z0-9]/.test(next)) {
    if (SHARED_CLASS_ESCAPES.has(next)) return `\\${next}`;
    throw new DockerfileError(`error parsing regexp: invalid escape sequence: \`\\${next}\``, undefined, undefined);
  }
  return `\\${next}`;
}

export class PatternMatcher {
  readonly patterns: Pattern[] = [];
  readonly exclusions: boolean = false;

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      let p = goTrimSpace(raw);
      if (p === '') continue;
      p = goClean(p);
      let exclusion = false;
      if (p.startsWith('!')) {
        if (p.length === 1) throw new DockerfileError('illegal exclusion pattern: "!"', undefined, undefined);
        exclusion = true;
        p = p.slice(1);
        this.exclusions = true;
      }
      try {
        goMatch(p, '.');
      } catch (e) {
        if (e instanceof BadPatternError) throw new DockerfileError(e.message, undefined, undefined);
        throw e;
      }
      this.patterns.push(new Pattern(p, exclusion));
    }
  }

  /**
   * MatchesOrParentMatches: whether the slash path is excluded, checking the
   * path and each of its parent directories against every pattern in order.
   */
  matches(file: string): boolean {
    let matched = false;
    const parent = goDir(file);
    const parentDirs = parent.split('/');
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      let match = pattern.match(file);
      if (!match && parent !== '.') {
        for (let i = 0; i < parentDirs.length && !match; i++) match = pattern.match(parentDirs.slice(0, i + 1).join('/'));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }

  /**
   * MatchesUsingParentResults: the same answer for a walk that passes each
   * directory's per-pattern results to its children.
   */
  matchesWithParent(file: string, parentMatched: readonly boolean[] | undefined): { matched: boolean; info: boolean[] } {
    let matched = false;
    const info = new Array<boolean>(this.patterns.length).fill(false);
    this.patterns.forEach((pattern, i) => {
      let match = parentMatched?.[i] ?? false;
      if (!match) {
        if (pattern.exclusion !== matched) return;
        match = pattern.match(file);
        if (!match && parentMatched === undefined) match = this.parentMatches(pattern, file);
      }
      info[i] = match;
      if (match) matched = !pattern.exclusion;
    });
    return { matched, info };
  }

  private parentMatches(pattern: Pattern, file: string): boolean {
    const parent = goDir(file);
    if (parent === '.') return false;
    const dirs = parent.split('/');
    for (let i = 0; i < dirs.length; i++) if (pattern.match(dirs.slice(0, i + 1).join('/'))) return true;
    return false;
  }
}

/** filepath.Dir on a slash path. */
export function goDir(p: string): string {
  const at = p.lastIndexOf('/');
  if (at < 0) return '.';
  return goClean(p.slice(0, at + 1));
}
