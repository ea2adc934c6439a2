/**
 * The container's mount list in Docker's order: the default file systems
 * (minus any the service mounts over), /dev/shm, the init, then tmpfs
 * entries, the /etc files and the resolved volume mounts, stably sorted by
 * path depth so that a parent is mounted before what lies inside it.
 */
import { InvalidContainerConfigError } from '../errors.js';
import type { SpecContext } from './context.js';
import { DEFAULT_SHM_SIZE, defaultMounts } from './defaults.js';
import type { ContainerDescription } from './description.js';
import type { OciMount } from './oci.js';

const TMPFS_DEFAULTS = ['noexec', 'nosuid', 'nodev', 'rprivate'];
const OPPOSITES: Record<string, string> = {
  exec: 'noexec', noexec: 'exec', suid: 'nosuid', nosuid: 'suid', dev: 'nodev', nodev: 'dev', ro: 'rw', rw: 'ro',
};
const PROPAGATION = ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'];

/** Docker's MergeTmpfsOptions: a user flag replaces its opposite, `key=value` replaces the same key. */
export function mergeTmpfsOptions(user: readonly string[]): string[] {
  const out = [...TMPFS_DEFAULTS];
  for (const opt of user) {
    const eq = opt.indexOf('=');
    const at =
      eq !== -1
        ? out.findIndex((o) => o.startsWith(opt.slice(0, eq + 1)))
        : PROPAGATION.includes(opt)
          ? out.findIndex((o) => PROPAGATION.includes(o))
          : out.findIndex((o) => o === opt || o === OPPOSITES[opt]);
    if (at === -1) out.push(opt);
    else out[at] = opt;
  }
  return out;
}

export function parseTmpfsEntry(entry: string): OciMount {
  const colon = entry.indexOf(':');
  const target = colon === -1 ? entry : entry.slice(0, colon);
  const opts = colon === -1 ? [] : entry.slice(colon + 1).split(',').filter((o) => o !== '');
  if (!target.startsWith('/')) throw new InvalidContainerConfigError('tmpfs', `invalid mount path ${target}: it must be absolute`);
  return { destination: target, type: 'tmpfs', source: 'tmpfs', options: mergeTmpfsOptions(opts) };
}

function depth(path: string): number {
  return path.replace(/\/+$/, '').split('/').length;
}

function etcMounts(ctx: SpecContext, readOnly: boolean): OciMount[] {
  const out: OciMount[] = [];
  const files: Array<[string, string | undefined]> = [
    ['/etc/resolv.conf', ctx.etcFiles?.resolvConf],
    ['/etc/hostname', ctx.etcFiles?.hostname],
    ['/etc/hosts', ctx.etcFiles?.hosts],
  ];
  for (const [destination, source] of files) {
    if (source === undefined) continue;
    out.push({ destination, type: 'bind', source, options: readOnly ? ['rbind', 'ro', 'rprivate'] : ['rbind', 'rprivate'] });
  }
  return out;
}

export function buildMounts(d: ContainerDescription, ctx: SpecContext): OciMount[] {
  const privileged = d.privileged === true;
  const tmpfs = (d.tmpfs ?? []).map(parseTmpfsEntry);
  const user: OciMount[] = (d.mounts ?? []).map((m) => ({ destination: m.target, type: m.type, source: m.source, options: [...m.options] }));
  const late: OciMount[] = [...tmpfs, ...etcMounts(ctx, d.readOnly === true), ...user];
  const ipc = d.ipc?.mode ?? 'private';
  const shmSize = d.shmSize ?? DEFAULT_SHM_SIZE;
  let shm: OciMount | undefined;
  if (ctx.shmPath !== undefined) late.push({ destination: '/dev/shm', type: 'bind', source: ctx.shmPath, options: ['rbind', 'rprivate'] });
  else if (ipc !== 'host') {
    shm = { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${shmSize}`] };
  } else late.push({ destination: '/dev/shm', type: 'bind', source: '/dev/shm', options: ['rbind', 'rprivate'] });
  const taken = new Set(late.map((m) => m.destination.replace(/\/+$/, '')));
  const early = defaultMounts(privileged).filter((m) => !taken.has(m.destination));
  if (shm !== undefined && !taken.has('/dev/shm')) early.push(shm);
  if (d.init === true) {
    if (ctx.init === undefined) throw new InvalidContainerConfigError('init', 'no init binary is available on this host', { hint: 'install tini (docker-init) or build native/ with npm install' });
    early.push({ destination: ctx.init.destination, type: 'bind', source: ctx.init.source, options: ['bind', 'ro'] });
  }
  const sorted = late.map((m, i) => ({ m, i })).sort((a, b) => depth(a.m.destination) - depth(b.m.destination) || a.i - b.i);
  return [...early, ...sorted.map((x) => x.m)];
}
