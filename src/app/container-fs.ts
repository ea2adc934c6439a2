/**
 * A container's file system as seen from the host, for `cp`: its root file
 * system (the overlay the engine mounted) with its bind and volume mounts
 * laid over it, and paths resolved as the container would resolve them:
 * symbolic links, absolute ones included, are followed inside the
 * container's root and never lead out of it.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';
import type { ContainerInspect } from '../engine/index.js';
import { TscomposeError } from '../errors.js';

export class CopyError extends TscomposeError {
  constructor(message: string, hint?: string) {
    super('E_COPY', message, hint === undefined ? {} : { hint });
  }
}

interface Mount {
  target: string;
  source: string;
}

export class ContainerFs {
  private readonly mounts: Mount[];

  constructor(readonly root: string, mounts: ReadonlyArray<{ type: string; source: string; target: string }>) {
    this.mounts = mounts.filter((m) => m.type === 'bind' || m.type === 'volume').map((m) => ({ target: posix.normalize(m.target), source: m.source }))
      .sort((a, b) => b.target.length - a.target.length);
  }

  static of(i: ContainerInspect): ContainerFs {
    return new ContainerFs(i.paths.rootfs, i.description.mounts ?? []);
  }

  /** The host path of a normalized absolute container path, through the mounts. */
  hostPath(path: string): string {
    const m = this.mounts.find((x) => path === x.target || path.startsWith(x.target === '/' ? '/' : `${x.target}/`));
    if (m !== undefined) return posix.join(m.source, path.slice(m.target.length));
    return posix.join(this.root, path);
  }

  /**
   * Resolves `path` (absolute in the container) to a container path with no
   * symbolic link in it; the last component is followed only when `followLast`.
   */
  resolve(path: string, followLast: boolean): string {
    let pending = splitPath(path);
    let done = '/';
    for (let hops = 0; pending.length > 0;) {
      const name = pending.shift() as string;
      if (name === '..') {
        done = posix.dirname(done);
        continue;
      }
      const next = posix.join(done, name);
      const isLast = pending.length === 0;
      const link = readLink(this.hostPath(next));
      if (link === undefined || (isLast && !followLast)) {
        done = next;
        continue;
      }
      if (++hops > 40) throw new CopyError(`${path}: too many levels of symbolic links`);
      pending = [...splitPath(link), ...pending];
      if (link.startsWith('/')) done = '/';
    }
    return done;
  }
}

function splitPath(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

function readLink(hostPath: string): string | undefined {
  try {
    return lstatSync(hostPath).isSymbolicLink() ? readlinkSync(hostPath) : undefined;
  } catch {
    return undefined;
  }
}
