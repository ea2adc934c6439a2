/**
 * The scratch space of one build, `lib/build/work/<pid>-<random>/` (layout
 * in layout.ts): overlay mounts for COPY steps and for reading other stages,
 * downloads, heredoc files, unpacked archives. Every mount made through it
 * is remembered and undone by `close`, which also removes the directory;
 * what a killed build left (its pid is gone) is removed by the next one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OverlayRootfs } from '../../engine/index.js';
import { hostRunner, type CommandRunner } from '../../host/command.js';
import { BuildError } from '../errors.js';

export interface Mounted {
  /** The merged view. */
  path: string;
  /** The overlay's upper dir: what was written through `path`. */
  upper: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Mount points at or under `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  const text = readFileSync('/proc/self/mountinfo', 'utf8');
  const points = text
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8))));
  return points.filter((p) => p === dir || p.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
}

export class Workspace {
  readonly dir: string;
  private readonly overlay: OverlayRootfs;
  private readonly mounts = new Set<string>();
  private next = 0;

  constructor(
    readonly base: string,
    private readonly runner: CommandRunner = hostRunner,
  ) {
    this.dir = join(base, `${process.pid}-${randomBytes(6).toString('hex')}`);
    this.overlay = new OverlayRootfs(runner);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Removes what builds that are no longer running left behind. */
  static async cleanupStale(base: string, runner: CommandRunner = hostRunner): Promise<void> {
    let names: string[];
    try {
      names = readdirSync(base);
    } catch {
      return;
    }
    for (const name of names) {
      const pid = Number(/^(\d+)-/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || alive(pid)) continue;
      const dir = join(base, name);
      for (const m of mountsUnder(dir)) await runner.run('umount', ['-l', m], { allowFailure: true });
      if (mountsUnder(dir).length === 0) rmSync(dir, { recursive: true, force: true });
    }
  }

  /** A fresh empty directory inside the workspace. */
  newDir(kind: string): string {
    const d = join(this.dir, `${kind}-${++this.next}`);
    mkdirSync(d, { recursive: true });
    return d;
  }

  /** An overlay of `layerDirs` (lowest first) with its own upper dir, in a new directory. */
  async mount(layerDirs: readonly string[], kind: string): Promise<Mounted> {
    const dir = this.newDir(kind);
    const path = join(dir, 'merged');
    this.mounts.add(path);
    await this.overlay.mount({ layerDirs, containerDir: dir, target: path });
    return { path, upper: join(dir, 'upper') };
  }

  async unmount(m: Mounted): Promise<void> {
    await this.overlay.unmount(m.path);
    this.mounts.delete(m.path);
  }

  /** Undoes every mount and removes the directory; a mount that will not go is reported, never deleted through. */
  async close(): Promise<void> {
    const failed: string[] = [];
    for (const m of [...this.mounts].reverse()) {
      try {
        await this.overlay.unmount(m);
        this.mounts.delete(m);
      } catch (e) {
        failed.push((e as Error).message);
      }
    }
    for (const m of mountsUnder(this.dir)) await this.runner.run('umount', ['-l', m], { allowFailure: true });
    if (mountsUnder(this.dir).length > 0) throw new BuildError(`cannot clean up the build's work directory ${this.dir}: ${failed.join('; ') || 'still mounted'}`);
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}
