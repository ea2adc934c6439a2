/**
 * Go's path handling on slash-separated paths: filepath.Clean and
 * filepath.Match (with `*`, `?`, `[a-z]`, `[^...]` and `\` escapes), whose
 * exact rules decide which files `.dockerignore` and COPY globs select.
 */

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

/** filepath.Clean: drops `.`, resolves `..`, squeezes slashes, no trailing slash; `` becomes `.`. */
export function goClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** filepath.Match: whether `name` matches the whole `pattern`; `*` and `?` never match `/`. */
export function goMatch(pattern: string, name: string): boolean {
  let pat = [...pattern];
  let str = [...name];
  outer: while (pat.length > 0) {
    const { star, chunk, rest } = scanChunk(pat);
    pat = rest;
    if (star && chunk.length === 0) return !str.includes('/');
    const t = matchChunk(chunk, str);
    if (t !== undefined && (t.length === 0 || pat.length > 0)) {
      str = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < str.length && str[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, str.slice(i + 1));
        if (t2 !== undefined) {
          if (pat.length === 0 && t2.length > 0) continue;
          str = t2;
          continue outer;
        }
      }
    }
    // A failed match still reports a bad pattern in what was not reached.
    while (pat.length > 0) {
      const next = scanChunk(pat);
      pat = next.rest;
      matchChunk(next.chunk, []);
    }
    return false;
  }
  return str.length === 0;
}

function scanChunk(pattern: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let p = pattern;
  let star = false;
  while (p.length > 0 && p[0] === '*') {
    p = p.slice(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 < p.length) i++;
    } else if (c === '[') inRange = true;
    else if (c === ']') inRange = false;
    else if (c === '*' && !inRange) break;
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

/** Matches one chunk at the start of `s`; the rest of `s`, or undefined. Throws on a bad pattern. */
function matchChunk(chunk: string[], s: string[]): string[] | undefined {
  let c = chunk;
  let str = s;
  let failed = false;
  while (c.length > 0) {
    if (!failed && str.length === 0) failed = true;
    const head = c[0] as string;
    if (head === '[') {
      const r = failed ? '' : (str[0] as string);
      if (!failed) str = str.slice(1);
      const res = matchClass(c.slice(1), r);
      c = res.rest;
      if (!res.matched) failed = true;
    } else if (head === '?') {
      if (!failed) {
        if (str[0] === '/') failed = true;
        str = str.slice(1);
      }
      c = c.slice(1);
    } else {
      if (head === '\\') {
        c = c.slice(1);
        if (c.length === 0) throw new BadPatternError();
      }
      if (!failed) {
        if (c[0] !== str[0]) failed = true;
        str = str.slice(1);
      }
      c = c.slice(1);
    }
  }
  return failed ? undefined : str;
}

function matchClass(chunk: string[], r: string): { matched: boolean; rest: string[] } {
  let c = chunk;
  let negated = false;
  if (c[0] === '^') {
    negated = true;
    c = c.slice(1);
  }
  let match = false;
  let ranges = 0;
  for (;;) {
    if (c[0] === ']' && ranges > 0) {
      c = c.slice(1);
      break;
    }
    const lo = getEsc(c);
    c = lo.rest;
    let hi = lo.ch;
    if (c[0] === '-') {
      const h = getEsc(c.slice(1));
      hi = h.ch;
      c = h.rest;
    }
    const cp = r === '' ? -1 : (r.codePointAt(0) as number);
    if ((lo.ch.codePointAt(0) as number) <= cp && cp <= (hi.codePointAt(0) as number)) match = true;
    ranges++;
  }
  return { matched: match !== negated, rest: c };
}

function getEsc(chunk: string[]): { ch: string; rest: string[] } {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPatternError();
  let c = chunk;
  if (c[0] === '\\') {
    c = c.slice(1);
    if (c.length === 0) throw new BadPatternError();
  }
  const rest = c.slice(1);
  if (rest.length === 0) throw new BadPatternError();
  return { ch: c[0] as string, rest };
}

/** Whether a path has glob characters (an escaped one does not count). */
export function containsWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '*' || c === '?' || c === '[') return true;
    if (c === '\\') i++;
  }
  return false;
}
