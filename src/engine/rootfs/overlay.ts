/**
 * A container's root file system: an overlayfs whose lower layers are the
 * image's layer directories (from the image store, lowest first) and whose
 * upper and work dirs belong to the container:
 *   <containerDir>/upper/   the container's changes
 *   <containerDir>/work/    overlayfs' work dir
 *   <containerDir>/l/N      symlink to layer N (0 = lowest)
 *   <containerDir>/empty/   the lower dir of an image without layers
 * mounted at `target`. The mount runs with cwd = containerDir and relative
 * options (lowerdir=l/2:l/1:l/0), the way containers-storage keeps the
 * option string under the kernel's one-page limit for deep images.
 * mount and unmount are idempotent.
 */
import { existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { CommandFailedError, type CommandRunner } from '../../host/command.js';
import { errnoCode, MNT_DETACH, type HostCalls } from '../../host/syscalls.js';
import { RootfsError } from '../errors.js';

/** The calls a rootfs mount and unmount make. */
export type MountCalls = Pick<HostCalls, 'mount' | 'umount2' | 'umount2Async'>;

export interface OverlayRequest {
  /** Absolute layer directories, lowest first. */
  layerDirs: readonly string[];
  containerDir: string;
  target: string;
}

const OPTION_LIMIT = 4000;

/** Mount points from a mountinfo text (field 5, with its octal escapes undone). */
export function mountPoints(mountinfo: string): string[] {
  return mountinfo
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => p !== undefined && p !== '')
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8))));
}

/**
 * overlayfs refuses a lower directory given twice (ELOOP, "Too many levels of
 * symbolic links"), which an image with two identical layers (two empty ones
 * from a build) gives, for containers and for the builder's steps alike. Keeping only the highest copy shows the same tree:
 * that copy puts back every path of the layer over whatever lay between.
 */
export function uniqueLayers(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = dirs.length - 1; i >= 0; i--) if (!out.includes(dirs[i] as string)) out.unshift(dirs[i] as string);
  return out;
}

export class OverlayRootfs {
  /** With `calls` (the hostcalls addon) mounts and unmounts are system calls of this process, not mount(8)/umount(8). */
  constructor(
    private readonly runner: CommandRunner,
    private readonly mountinfo = '/proc/self/mountinfo',
    private readonly calls?: MountCalls,
  ) {}

  isMounted(target: string): boolean {
    return mountPoints(readFileSync(this.mountinfo, 'utf8')).includes(resolve(target));
  }

  private linkLayers(req: OverlayRequest): string[] {
    const l = join(req.containerDir, 'l');
    mkdirSync(l, { recursive: true });
    if (req.layerDirs.length === 0) {
      mkdirSync(join(req.containerDir, 'empty'), { recursive: true });
      return ['empty'];
    }
    return uniqueLayers(req.layerDirs).map((dir, i) => {
      if (!isAbsolute(dir)) throw new RootfsError(`layer directory must be an absolute path: ${dir}`);
      if (!existsSync(dir)) throw new RootfsError(`layer directory ${dir} does not exist`, { hint: 'the image store may have been pruned; pull the image again' });
      const link = join(l, String(i));
      let current: string | undefined;
      try {
        current = readlinkSync(link);
      } catch {
        current = undefined;
      }
      if (current !== dir) {
        rmSync(link, { force: true });
        symlinkSync(dir, link);
      }
      return `l/${i}`;
    });
  }

  async mount(req: OverlayRequest): Promise<void> {
    if (this.isMounted(req.target)) return;
    for (const d of ['upper', 'work']) mkdirSync(join(req.containerDir, d), { recursive: true });
    mkdirSync(req.target, { recursive: true });
    const lower = this.linkLayers(req).reverse().join(':');
    const options = `lowerdir=${lower},upperdir=upper,workdir=work`;
    if (options.length > OPTION_LIMIT) throw new RootfsError(`image has too many layers for one overlay mount (${req.layerDirs.length})`);
    // In this process the paths are absolute (there is no cwd of its own to give); when they do not fit, mount(8) gets the short ones.
    const absolute = `lowerdir=${lower.split(':').map((d) => join(req.containerDir, d)).join(':')},upperdir=${join(req.containerDir, 'upper')},workdir=${join(req.containerDir, 'work')}`;
    try {
      if (this.calls !== undefined && absolute.length <= OPTION_LIMIT) this.calls.mount('overlay', req.target, 'overlay', 0, absolute);
      else await this.runner.run('mount', ['-t', 'overlay', 'overlay', '-o', options, req.target], { cwd: req.containerDir });
    } catch (e) {
      const detail = e instanceof CommandFailedError ? e.result.stderr.trim() : String(e);
      throw new RootfsError(`mount overlay on ${req.target}: ${detail}`, { cause: e, hint: 'overlayfs needs root and a kernel with the overlay module' });
    }
  }

  /** Unmounts; a busy mount is detached (MNT_DETACH) rather than left behind. */
  async unmount(target: string): Promise<void> {
    if (this.calls !== undefined) return await this.unmountHere(target);
    if (!this.isMounted(target)) return;
    const r = await this.runner.run('umount', [target], { allowFailure: true });
    if (r.exitCode === 0 || !this.isMounted(target)) return;
    const lazy = await this.runner.run('umount', ['-l', target], { allowFailure: true });
    if (lazy.exitCode !== 0 && this.isMounted(target)) throw new RootfsError(`umount ${target}: ${lazy.stderr.trim() || r.stderr.trim()}`);
  }
  /**
   * Off the main thread: it waits in the kernel (5-16 ms here) while the next container of a down could be stopping.
   * The kernel is asked first rather than mountinfo: EINVAL (not a mount point) and ENOENT (no such path) mean
   * already unmounted, and a down then skips reading a mountinfo that grows with every container (1-3 ms each).
   */
  private async unmountHere(target: string): Promise<void> {
    try {
      await (this.calls as MountCalls).umount2Async(target, 0);
      return;
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EINVAL' || code === 'ENOENT') return;
      if (code !== 'EBUSY' && !this.isMounted(target)) return;
    }
    try {
      (this.calls as MountCalls).umount2(target, MNT_DETACH);
    } catch (e) {
      if (this.isMounted(target)) throw new RootfsError(`umount ${target}: ${(e as Error).message}`, { cause: e });
    }
  }
}
