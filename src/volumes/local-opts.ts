/**
 * The local driver's options, as the Docker engine checks and uses them:
 * `type`, `device` and `o` (mount(8)'s -t, device and -o) each require the
 * others they need; a volume with options is mounted over its data
 * directory with mount(8) on first use and unmounted when removed.
 */
import { readFileSync } from 'node:fs';
import type { CommandRunner } from '../host/command.js';
import { VolumeOptionError } from './errors.js';

const VALID = new Set(['type', 'device', 'o', 'size']);
const REQUIRES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['device', ['type']],
  ['type', ['device']],
  ['o', ['device', 'type']],
];
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function checkVolumeName(name: string): void {
  if (name.length < 2) {
    throw new VolumeOptionError(`create ${name}: volume name is too short, names should be at least two alphanumeric characters`);
  }
  if (!NAME.test(name)) {
    throw new VolumeOptionError(
      `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
    );
  }
}

export function checkDriver(driver: string | undefined): void {
  if (driver !== undefined && driver !== '' && driver !== 'local') {
    throw new VolumeOptionError(`error looking up volume plugin ${driver}: plugin "${driver}" not found`, 'tscompose has only the local volume driver');
  }
}

export function checkLocalOptions(opts: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(opts).sort()) {
    if (!VALID.has(key)) throw new VolumeOptionError(`invalid option: "${key}"`, 'the local driver takes type, device and o');
  }
  if ('size' in opts) throw new VolumeOptionError('quota size requested but no quota support', 'use type: tmpfs with o: size=... for a bounded volume');
  for (const [key, needs] of REQUIRES) {
    if (!(key in opts)) continue;
    for (const need of needs) if (!(need in opts)) throw new VolumeOptionError(`missing required option: "${need}"`);
  }
}

export function hasMountOptions(opts: Readonly<Record<string, string>>): boolean {
  return opts.type !== undefined && opts.device !== undefined;
}

/** `mount -t TYPE [-o O] DEVICE DIR`, as the engine's mount.Mount(device, path, type, opts). */
export async function mountLocal(runner: CommandRunner, opts: Readonly<Record<string, string>>, dir: string): Promise<void> {
  const args = ['-t', opts.type as string, ...(opts.o === undefined || opts.o === '' ? [] : ['-o', opts.o]), opts.device as string, dir];
  await runner.run('mount', args);
}

export async function unmountLocal(runner: CommandRunner, dir: string): Promise<void> {
  await runner.run('umount', [dir]);
}

/** Whether `dir` is a mount point, from /proc/self/mountinfo (field 5; spaces there are written \040). */
export function isMountPoint(dir: string, mountinfo: () => string = () => readFileSync('/proc/self/mountinfo', 'utf8')): boolean {
  return mountinfo()
    .split('\n')
    .some((line) => (line.split(' ')[4] ?? '').replaceAll('\\040', ' ') === dir);
}
