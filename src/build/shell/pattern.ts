/**
 * The shell patterns of `${var#pat}`, `${var%pat}` and `${var/pat/rep}`:
 * `?` is one character, `*` any run of characters (shortest or longest),
 * backslash escapes `*`, `?` and itself; there are no bracket expressions,
 * as in BuildKit's lexer.
 */
import { DockerfileError } from '../errors.js';

const REGEX_SPECIAL = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);

export function shellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const chars = [...pattern];
  let out = anchored ? '^' : '';
  // Go's `.` stops only at \n (JavaScript's also at \r and U+2028/9).
  const star = greedy ? '[^\\n]*' : '[^\\n]*?';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '*') out += star;
    else if (ch === '?') out += '[^\\n]';
    else if (ch === '\\') {
      const next = chars[i + 1];
      // `}` and `/` are escaped only to survive the ${...} syntax.
      if (next === '}' || next === '/') continue;
      if (next !== '*' && next !== '?' && next !== '\\') {
        throw new DockerfileError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${next ?? ''}'`, undefined, undefined);
      }
      out += `\\${next}`;
      i++;
    } else out += REGEX_SPECIAL.has(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(out, 'u');
}

/** `${var#pat}` / `${var##pat}`: drop the shortest / longest matching prefix. */
export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = shellPatternToRegex(pattern, greedy, true).exec(value);
  return m === null ? value : value.slice(m[0].length);
}

/**
 * `${var%pat}` / `${var%%pat}`. A regex cannot find the shortest match that
 * ends at the end, so pattern and value are reversed and it becomes a prefix.
 */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  const reversed = reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
  return reversed;
}

function reverseString(s: string): string {
  return [...s].reverse().join('');
}

/** Reverses a pattern but keeps each escape before the character it escapes. */
function reversePattern(pattern: string): string {
  const chars = [...pattern];
  const out: string[] = [];
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i] as string;
    if (ch === '\\' && i !== chars.length - 1) {
      out.unshift(ch, chars[i + 1] as string);
      i += 2;
    } else {
      out.unshift(ch);
      i++;
    }
  }
  return out.join('');
}

/**
 * `${var/pat/rep}` replaces the first match literally; `${var//pat/rep}`
 * every match with Go's ReplaceAllString, whose replacement expands `$0`,
 * `${0}` and `$$`, and which skips an empty match right after a match.
 */
export function replacePattern(value: string, pattern: string, replacement: string, all: boolean): string {
  const re = shellPatternToRegex(pattern, true, false);
  if (!all) {
    const m = re.exec(value);
    return m === null ? value : value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length);
  }
  const sticky = new RegExp(re.source, 'gu');
  let out = '';
  let copied = 0;
  let lastMatchEnd = -1;
  for (let pos = 0; pos <= value.length; ) {
    sticky.lastIndex = pos;
    const m = sticky.exec(value);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    if (!(m[0] === '' && start === lastMatchEnd)) {
      out += value.slice(copied, start) + expandReplacement(replacement, m[0]);
      copied = end;
      lastMatchEnd = end;
    }
    pos = end > start ? end : start + codePointWidth(value, start);
  }
  return out + value.slice(copied);
}

function codePointWidth(s: string, at: number): number {
  const cp = s.codePointAt(at);
  return cp !== undefined && cp > 0xffff ? 2 : 1;
}

/** Go's Regexp.Expand for a pattern without groups: only `$0` means anything. */
function expandReplacement(template: string, whole: string): string {
  return template.replace(/\$(\$|\{([^}]*)\}|([A-Za-z0-9_]+))?/g, (all, tok?: string, braced?: string, bare?: string) => {
    if (tok === undefined) return all;
    if (tok === '$') return '$';
    const name = braced ?? bare ?? '';
    if (braced !== undefined && !/^[A-Za-z0-9_]+$/.test(braced)) return all;
    return /^\d+$/.test(name) && Number(name) === 0 ? whole : '';
  });
}
