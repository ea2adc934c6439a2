/**
 * COPY/ADD sources in a local context: paths are taken relative to the
 * context root and cannot leave it; wildcards match path by path as Go's
 * filepath.Match does; a symlink named as a source is followed inside the
 * context; each match carries the classic builder's content hash.
 */
import type { ContextEntry, ContextSource } from '../context/source.js';
import { DockerfileError } from '../errors.js';
import { containsWildcards, goClean, goMatch } from '../ignore/go-path.js';
import type { PatternMatcher } from '../ignore/pattern-matcher.js';
import { entryHash, hashStrings } from './file-hash.js';

export interface ContextMatch {
  /** Context-relative path of what is copied (the symlink's target when one was followed). */
  path: string;
  /** The name the source was given by (a symlink's own name). */
  name: string;
  entry: ContextEntry | undefined;
  hash: string;
}

/** `/a/../b`, `./b` and `b` all name `b`; `..` cannot climb out of the context. */
export function contextPath(src: string): string {
  const p = goClean(`/${src}`).slice(1);
  return p;
}

/** The matches of one source; `excludes` (COPY --exclude) apply inside directories. */
export function resolveContextSources(ctx: ContextSource, src: string, excludes?: PatternMatcher): ContextMatch[] {
  const rel = contextPath(src);
  if (containsWildcards(rel)) {
    return ctx
      .entries()
      .filter((e) => safeMatch(rel, e.path))
      .map((e) => match(ctx, e.path, e.path, excludes));
  }
  if (rel === '') return [{ path: '', name: '', entry: undefined, hash: dirHash(ctx, '', excludes) }];
  return [match(ctx, rel, rel, excludes)];
}

function safeMatch(pattern: string, path: string): boolean {
  try {
    return goMatch(pattern, path);
  } catch {
    throw new DockerfileError(`syntax error in pattern: ${pattern}`, undefined, undefined);
  }
}

function match(ctx: ContextSource, rel: string, name: string, excludes: PatternMatcher | undefined): ContextMatch {
  const path = followSymlinks(ctx, rel);
  const entry = path === '' ? undefined : ctx.get(path);
  if (path !== '' && entry === undefined) notFound(rel);
  if (entry === undefined || entry.type === 'dir') return { path, name: baseName(name), entry, hash: dirHash(ctx, path, excludes) };
  return { path, name: baseName(name), entry, hash: `file:${entryHash(entry, entry.type === 'file' ? ctx.readFile(path) : undefined)}` };
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function notFound(rel: string): never {
  throw new DockerfileError(`failed to compute cache key: "/${rel}": not found`, undefined, undefined, {
    hint: 'the path must exist in the build context and not be excluded by .dockerignore',
  });
}

/** Follows symlinks (also in parent directories) without leaving the context. */
export function followSymlinks(ctx: ContextSource, rel: string): string {
  let parts = rel === '' ? [] : rel.split('/');
  for (let hops = 0, i = 0; i < parts.length; i++) {
    const here = parts.slice(0, i + 1).join('/');
    const e = ctx.get(here);
    if (e?.type !== 'symlink') continue;
    if (++hops > 255) throw new DockerfileError(`too many links in ${rel}`, undefined, undefined);
    const target = e.linkTarget ?? '';
    const base = target.startsWith('/') ? '' : parts.slice(0, i).join('/');
    const resolved = contextPath(`${base}/${target}`);
    parts = [...(resolved === '' ? [] : resolved.split('/')), ...parts.slice(i + 1)];
    i = -1;
  }
  return parts.join('/');
}

/**
 * `dir:` hash: every entry at and under the directory, sorted (the root
 * itself is not an entry); entries `excludes` matches, relative to the
 * directory, do not count.
 */
export function dirHash(ctx: ContextSource, dir: string, excludes?: PatternMatcher): string {
  const hashes: string[] = [];
  for (const e of ctx.entries()) {
    if (dir !== '' && e.path !== dir && !e.path.startsWith(`${dir}/`)) continue;
    if (excludes !== undefined && e.path !== dir && excludes.matches(dir === '' ? e.path : e.path.slice(dir.length + 1))) continue;
    hashes.push(walkedHash(ctx, e));
  }
  return hashStrings('dir', hashes.sort());
}

/**
 * A directory walk hashes what each path resolves to: a symlink counts as
 * its target (a dangling one as its own path), as Docker's context does.
 */
function walkedHash(ctx: ContextSource, e: ContextEntry): string {
  // The daemon has no header for a directory the context did not send: it counts as its path.
  if (e.implied === true) return e.path;
  if (e.type !== 'symlink') return entryHash(e, e.type === 'file' ? ctx.readFile(e.path) : undefined);
  const target = ctx.get(followSymlinks(ctx, e.path));
  if (target === undefined || target.type === 'symlink') return e.path;
  return entryHash(target, target.type === 'file' ? ctx.readFile(target.path) : undefined);
}
