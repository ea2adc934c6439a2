/**
 * The OCI `process` of a container: arguments, working directory, rlimits and
 * the capability sets, with Docker's rules for each.
 */
import { InvalidContainerConfigError } from '../errors.js';
import type { SpecContext } from './context.js';
import { INIT_PATH_IN_CONTAINER } from './defaults.js';
import type { ContainerDescription, Ulimit } from './description.js';
import type { OciCapabilities, OciRlimit } from './oci.js';

/** Entrypoint and command as Docker combines them; an overridden entrypoint drops the image's Cmd. */
export function processArgs(d: ContainerDescription, init?: SpecContext['init']): string[] {
  const entrypoint = d.entrypoint ?? d.image.Entrypoint ?? [];
  const cmd = d.command ?? (d.entrypoint !== undefined ? [] : (d.image.Cmd ?? []));
  const args = [...entrypoint, ...cmd];
  if (args.length === 0) throw new InvalidContainerConfigError('command', 'no command specified', { hint: 'set command: or entrypoint: for the service, or use an image that has a CMD' });
  return d.init === true ? [init?.destination ?? INIT_PATH_IN_CONTAINER, '--', ...args] : args;
}

export function workingDir(d: ContainerDescription): string {
  const cwd = d.workingDir || d.image.WorkingDir || '/';
  if (!cwd.startsWith('/')) throw new InvalidContainerConfigError('working_dir', `the working directory '${cwd}' is invalid, it needs to be an absolute path`);
  return cwd;
}

const RLIMITS = ['as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

/**
 * ulimits as RLIMIT_* entries. A hard limit above what the runtime itself may
 * set (no CAP_SYS_RESOURCE) cannot be granted: it is lowered with a warning
 * rather than failing the start.
 */
export function rlimits(ulimits: Record<string, Ulimit> | undefined, ceiling: Record<string, number> | undefined, warnings: string[]): OciRlimit[] | undefined {
  if (ulimits === undefined || Object.keys(ulimits).length === 0) return undefined;
  const out: OciRlimit[] = [];
  for (const [name, limit] of Object.entries(ulimits)) {
    const lower = name.toLowerCase();
    if (!RLIMITS.includes(lower)) throw new InvalidContainerConfigError(`ulimits.${name}`, `invalid ulimit type: ${name}`);
    if (big(limit.soft) > big(limit.hard)) throw new InvalidContainerConfigError(`ulimits.${name}`, `ulimit soft limit must be less than or equal to hard limit: ${limit.soft} > ${limit.hard}`);
    const type = `RLIMIT_${lower.toUpperCase()}`;
    const max = ceiling?.[type];
    let { soft, hard } = limit;
    if (max !== undefined && max >= 0 && big(hard) > big(max)) {
      warnings.push(`ulimits.${name}: hard limit ${hard} is above what this host allows (${max}, no CAP_SYS_RESOURCE); using ${max}`);
      hard = max;
      if (big(soft) > big(max)) soft = max;
    }
    out.push({ type, hard, soft });
  }
  return out;
}

/** -1 is unlimited (RLIM_INFINITY); config.ts writes it as 2^64-1. */
function big(n: number): bigint {
  return n < 0 ? 2n ** 64n - 1n : BigInt(n);
}

/** Docker gives a non-root process only the bounding set; root also gets them effective and permitted. */
export function capabilitySets(caps: readonly string[], uid: number): OciCapabilities {
  if (uid !== 0) return { bounding: [...caps] };
  return { bounding: [...caps], effective: [...caps], permitted: [...caps] };
}

export function oomScoreAdj(value: number | undefined): number {
  const v = value ?? 0;
  if (!Number.isInteger(v) || v < -1000 || v > 1000) throw new InvalidContainerConfigError('oom_score_adj', `invalid value ${v}, range for oom score adj is [-1000, 1000]`);
  return v;
}
