/**
 * `--chmod` values: an octal mode up to 07777, or a symbolic mode as chmod(1)
 * reads it (`u+x`, `go-w,a+rX`), which BuildKit also accepts.
 */
import { DockerfileError } from '../errors.js';

export type Chmod = { mode: number } | { symbolic: string };

export function parseChmod(value: string): Chmod {
  if (/^[0-9]+$/.test(value)) {
    const n = /^[0-7]+$/.test(value) ? parseInt(value, 8) : NaN;
    if (Number.isNaN(n) || n > 0o7777) {
      throw new DockerfileError(`invalid chmod parameter: '${value}'. it should be octal string and between 0 and 07777`, undefined, undefined);
    }
    return { mode: n };
  }
  for (const clause of value.split(',')) {
    if (!clauseOk(clause)) throw new DockerfileError(`invalid chmod parameter: '${value}'. it should be octal string and between 0 and 07777`, undefined, undefined);
  }
  return { symbolic: value };
}

function clauseOk(clause: string): boolean {
  return /^[ugoa]*([-+=]([rwxXst]*|[ugo]))+$/.test(clause);
}

/**
 * Applies a chmod to an existing mode (permission bits only); `X` is x for
 * directories or already-executable files. No umask applies, as in BuildKit.
 */
export function applyChmod(chmod: Chmod, mode: number, isDir: boolean): number {
  if ('mode' in chmod) return chmod.mode;
  let m = mode & 0o7777;
  for (const clause of chmod.symbolic.split(',')) {
    const who = /^[ugoa]*/.exec(clause)?.[0] ?? '';
    const mask = whoMask(who);
    for (const op of clause.slice(who.length).matchAll(/([-+=])([ugo]|[rwxXst]*)/g)) {
      const bits = permBits(op[2] as string, m, isDir, mask);
      if (op[1] === '+') m |= bits;
      else if (op[1] === '-') m &= ~bits;
      else m = (m & ~mask) | bits;
    }
  }
  return m;
}

function whoMask(who: string): number {
  if (who === '' || who.includes('a')) return 0o7777;
  let mask = 0;
  if (who.includes('u')) mask |= 0o4700;
  if (who.includes('g')) mask |= 0o2070;
  if (who.includes('o')) mask |= 0o1007;
  return mask;
}

function permBits(perms: string, current: number, isDir: boolean, mask: number): number {
  if (perms === 'u' || perms === 'g' || perms === 'o') {
    const shift = perms === 'u' ? 6 : perms === 'g' ? 3 : 0;
    const v = (current >> shift) & 7;
    return ((v << 6) | (v << 3) | v) & mask;
  }
  let bits = 0;
  for (const p of perms) {
    if (p === 'r') bits |= 0o444;
    else if (p === 'w') bits |= 0o222;
    else if (p === 'x') bits |= 0o111;
    else if (p === 'X' && (isDir || (current & 0o111) !== 0)) bits |= 0o111;
    else if (p === 's') bits |= 0o6000;
    else if (p === 't') bits |= 0o1000;
  }
  return bits & mask;
}
