/**
 * Where `include` and `extends` look for files: compose-go's local resource
 * loader (loader.go `localResourceLoader`), which resolves a relative path
 * against its working directory (the project directory, or an included
 * project's directory) and reports the loaded file's directory relative to
 * it. Remote resources (git, OCI) need the network; tscompose refuses them
 * with a clear error instead of guessing.
 */
import { ComposeError } from '../errors.js';
import { goClean, goJoin, isUnixAbs } from './canonical-gopath.js';
import { isComposeRemoteResource } from './paths.js';
import type { ReadOnlyFs } from './types.js';

/** Go's `path.Dir` on Linux. */
export function goDir(p: string): string {
  const slash = p.lastIndexOf('/');
  return goClean(slash < 0 ? '.' : p.slice(0, slash + 1));
}

/** Go's `filepath.Rel` on Linux; undefined where Go returns an error. */
export function goRel(basePath: string, targetPath: string): string | undefined {
  const base = goClean(basePath);
  const target = goClean(targetPath);
  if (base === target) return '.';
  if (isUnixAbs(base) !== isUnixAbs(target)) return undefined;
  const split = (p: string): string[] => (p === '.' ? [] : p.split('/').filter((s) => s !== ''));
  const b = split(base);
  const t = split(target);
  let common = 0;
  while (common < b.length && common < t.length && b[common] === t[common]) common++;
  if (b[common] === '..') return undefined;
  const up = b.slice(common).map(() => '..');
  const rel = [...up, ...t.slice(common)].join('/');
  return rel === '' ? '.' : rel;
}

export class LocalResourceLoader {
  constructor(
    readonly workingDir: string,
    private readonly fs: ReadOnlyFs,
  ) {}

  abs(p: string): string {
    return isUnixAbs(p) ? p : goJoin(this.workingDir, p);
  }

  /** The directory of `p` (or `p` itself when it is a directory), relative to the working directory when possible. */
  dir(p: string): string {
    let path = this.abs(p);
    if (this.fs.stat(path) !== 'dir') path = this.abs(goDir(p));
    return goRel(this.workingDir, path) ?? path;
  }
}

/** `include` and `extends.file` may name git or OCI resources, which a daemonless offline loader cannot fetch. */
export function refuseRemote(p: string, what: string): void {
  if (!isComposeRemoteResource(p)) return;
  throw new ComposeError('E_REMOTE_RESOURCE', `${what} ${p}: remote resources are not supported`, {}, {
    hint: 'clone or download it and refer to the local copy',
  });
}
