/**
 * Entry names of a layer tar, checked before anything is written: no
 * absolute path, no `..`, and (in the applier) no parent that is not a
 * directory this same layer made. Pure.
 */
export type PathCheck = { ok: true; rel: string } | { ok: false; why: string };

/** `./usr//bin/` is `usr/bin`; the root itself is ''. */
export function checkEntryPath(name: string): PathCheck {
  if (name.includes('\0')) return { ok: false, why: 'contains a NUL byte' };
  let s = name;
  while (s.startsWith('./')) s = s.slice(2);
  if (s.startsWith('/')) return { ok: false, why: 'is an absolute path' };
  const parts = s.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { ok: false, why: 'goes up with ..' };
  return { ok: true, rel: parts.join('/') };
}

export function parentOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i === -1 ? '' : rel.slice(0, i);
}

export function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/** The ancestors of a path, outermost first: `a/b/c` gives `a`, `a/b`. */
export function ancestors(rel: string): string[] {
  const parts = rel.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';
