/**
 * Mounts for the runtime, from the driver's own request types: host binds
 * (a missing source created as a directory when create_host_path allows,
 * else an error naming the service and the key; a file bound onto a file),
 * named volumes bound from their data directory, and tmpfs with the
 * engine's default flags (noexec, nosuid, nodev) merged with size and mode.
 */
import { mkdirSync, statSync } from 'node:fs';
import { BindSourceError } from './errors.js';
import { resolveInRoot } from './copy-up.js';
import type { MountSpec } from './types.js';

export interface MountContext {
  service: string;
  /** The YAML key of the entry, e.g. `services.web.volumes.2`. */
  key: string;
}

export interface BindRequest extends MountContext {
  source: string;
  target: string;
  readOnly?: boolean;
  /** rprivate (the default), private, rshared, shared, rslave, slave. */
  propagation?: string;
  createHostPath: boolean;
}

const PROPAGATIONS = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

export function bindMount(req: BindRequest): MountSpec {
  let kind = kindOf(req.source);
  if (kind === undefined) {
    if (!req.createHostPath) {
      throw new BindSourceError(`service "${req.service}": ${req.key}: bind source path does not exist: ${req.source}`, 'create it, or leave bind.create_host_path at true so tscompose creates it as a directory');
    }
    mkdirSync(req.source, { recursive: true, mode: 0o755 });
    kind = 'dir';
  }
  const propagation = req.propagation ?? 'rprivate';
  if (!PROPAGATIONS.has(propagation)) throw new BindSourceError(`service "${req.service}": ${req.key}: invalid propagation mode: ${propagation}`);
  return { type: 'bind', source: req.source, target: req.target, options: ['rbind', req.readOnly === true ? 'ro' : 'rw', propagation], sourceKind: kind };
}

function kindOf(path: string): 'file' | 'dir' | undefined {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** A named or anonymous volume: its data directory (or `subpath` inside it, which must exist) bound at the target. */
export function volumeMount(req: MountContext & { mountpoint: string; target: string; readOnly?: boolean; subpath?: string }): MountSpec {
  let source = req.mountpoint;
  if (req.subpath !== undefined && req.subpath !== '') {
    const inside = resolveInRoot(req.mountpoint, req.subpath);
    if (inside === undefined) throw new BindSourceError(`service "${req.service}": ${req.key}: subpath ${req.subpath} does not exist in the volume`);
    source = inside;
  }
  return { type: 'bind', source, target: req.target, options: ['rbind', req.readOnly === true ? 'ro' : 'rw', 'rprivate'], sourceKind: 'dir' };
}

export interface TmpfsRequest {
  target: string;
  sizeBytes?: number;
  /** Permission bits, e.g. 0o1777. */
  mode?: number;
  readOnly?: boolean;
  /** The `tmpfs:` service key's text after the colon (`size=64m,mode=1777`). */
  raw?: string;
}

/** The engine's ConvertTmpfsOptions: size with the largest unit dividing it, mode in octal; later options win. */
export function tmpfsMount(req: TmpfsRequest): MountSpec {
  const opts = ['noexec', 'nosuid', 'nodev', 'rprivate'];
  if (req.readOnly === true) opts.push('ro');
  if (req.mode !== undefined && req.mode !== 0) opts.push(`mode=${req.mode.toString(8)}`);
  if (req.sizeBytes !== undefined && req.sizeBytes !== 0) opts.push(`size=${sizeText(req.sizeBytes)}`);
  if (req.raw !== undefined && req.raw !== '') opts.push(...req.raw.split(','));
  return { type: 'tmpfs', source: 'tmpfs', target: req.target, options: mergeTmpfsOptions(opts) };
}

function sizeText(bytes: number): string {
  for (const [suffix, unit] of [['g', 1 << 30], ['m', 1 << 20], ['k', 1 << 10]] as const) {
    if (bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

/** Flags that set or clear one mount flag: the last one given wins (moby's MergeTmpfsOptions). */
const FLAG_GROUPS: ReadonlyArray<readonly string[]> = [
  ['ro', 'rw'], ['exec', 'noexec'], ['suid', 'nosuid'], ['dev', 'nodev'], ['sync', 'async'], ['atime', 'noatime'],
  ['diratime', 'nodiratime'], ['relatime', 'norelatime'], ['strictatime', 'nostrictatime'], ['mand', 'nomand'],
  ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave', 'unbindable', 'runbindable'],
];

function mergeTmpfsOptions(options: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const opt of [...options].reverse()) {
    if (opt === 'defaults' || opt === '') continue;
    const group = FLAG_GROUPS.findIndex((g) => g.includes(opt));
    const key = group >= 0 ? `flag:${group}` : `data:${opt.split('=')[0]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.unshift(opt);
  }
  return out;
}
