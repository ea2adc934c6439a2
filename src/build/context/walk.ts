/**
 * Walks a context the way Docker sends it: depth first in name order, each
 * path checked against `.dockerignore`; an excluded directory is skipped
 * unless an exception pattern (`!dir/keep`) names something inside it, in
 * which case only its re-included children are kept.
 */
import { PatternMatcher } from '../ignore/pattern-matcher.js';
import { byteOrder, type ContextEntry, type ContextFs, type ContextSource, type ContextStat } from './source.js';

export interface WalkOptions {
  /** `.dockerignore` patterns. */
  excludes?: readonly string[];
  /**
   * Report every file as owned by root: the docker CLI sends the context
   * with uid and gid 0, so that is what a build sees and copies.
   */
  ownersAsRoot?: boolean;
}

export function walkContext(fs: ContextFs, opts: WalkOptions = {}): ContextSource {
  const matcher = opts.excludes !== undefined && opts.excludes.length > 0 ? new PatternMatcher(opts.excludes) : undefined;
  const entries: ContextEntry[] = [];
  const visit = (dir: string, parentInfo: boolean[] | undefined): void => {
    for (const name of [...fs.readdir(dir)].sort(byteOrder)) {
      const path = dir === '' ? name : `${dir}/${name}`;
      const st = fs.lstat(path);
      if (st === undefined) continue;
      let info: boolean[] | undefined;
      if (matcher !== undefined) {
        const m = matcher.matchesWithParent(path, parentInfo);
        info = m.info;
        if (m.matched) {
          if (st.type === 'dir' && mayReinclude(matcher, path)) visitImplied(path, st, info);
          continue;
        }
      }
      const entry: ContextEntry = { path, ...st };
      if (opts.ownersAsRoot === true) {
        entry.uid = 0;
        entry.gid = 0;
      }
      if (st.type === 'symlink') entry.linkTarget = fs.readlink(path);
      entries.push(entry);
      if (st.type === 'dir') visit(path, info);
    }
  };
  /** Walks an excluded directory; it appears (implied) only if something inside is kept. */
  const visitImplied = (path: string, st: ContextStat, info: boolean[] | undefined): void => {
    const at = entries.length;
    visit(path, info);
    if (entries.length > at) entries.splice(at, 0, { path, ...st, mode: (st.mode & ~0o7777) | 0o755, uid: 0, gid: 0, implied: true });
  };
  visit('', undefined);
  const source = sourceOf(entries, (p) => fs.readFile(p));
  const hostPath = fs.hostPath;
  return hostPath === undefined ? source : { ...source, hostPath: (p) => hostPath(p) };
}

/** An exception pattern that starts with this directory may re-include something in it. */
function mayReinclude(matcher: PatternMatcher, dir: string): boolean {
  if (!matcher.exclusions) return false;
  const prefix = `${dir}/`;
  return matcher.patterns.some((p) => p.exclusion && `${p.cleaned}/`.startsWith(prefix));
}

export function sourceOf(entries: readonly ContextEntry[], read: (path: string) => Uint8Array): ContextSource {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  return {
    entries: () => entries,
    get: (path) => byPath.get(path),
    readFile: (path) => read(path),
  };
}
