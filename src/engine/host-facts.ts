/**
 * The impure half of spec generation: what the host and the mounted rootfs
 * say (capabilities tscompose can grant, rlimit ceilings, devices, the
 * image's passwd, the init to bind), gathered into a SpecContext.
 */
import { lstatSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { availableParallelism, hostname, release } from 'node:os';
import { join, normalize } from 'node:path';
import { cgroupFeatures } from './cgroups/features.js';
import type { CgroupLayout } from './cgroups/mode.js';
import { findOnPath, isStaticElf, nativeBinary } from './native.js';
import { ALL_CAPABILITIES } from './spec/defaults.js';
import type { ContainerDescription } from './spec/description.js';
import type { HostDevice, SpecContext } from './spec/context.js';
import { parseSeccompProfile, goArch } from './spec/seccomp/render.js';
import { parseSecurityOpt } from './spec/security-opt.js';
import { InvalidContainerConfigError } from './errors.js';

/** Reads a file of the rootfs, resolving symlinks inside it as if it were `/`, so a link cannot lead out. */
export function readInRoot(root: string, path: string): string | undefined {
  let rel = normalize(`/${path}`);
  for (let hops = 0; hops < 40; hops++) {
    const parts = rel.split('/').filter((p) => p !== '');
    let cur = '/';
    let redirected = false;
    for (let i = 0; i < parts.length; i++) {
      const next = normalize(join(cur, parts[i] ?? ''));
      let st;
      try {
        st = lstatSync(join(root, next));
      } catch {
        return undefined;
      }
      if (st.isSymbolicLink()) {
        const target = readlinkSync(join(root, next));
        rel = normalize(target.startsWith('/') ? `/${target}/${parts.slice(i + 1).join('/')}` : `${cur}/${target}/${parts.slice(i + 1).join('/')}`);
        redirected = true;
        break;
      }
      cur = next;
    }
    if (!redirected) {
      try {
        return readFileSync(join(root, cur), 'utf8');
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The capabilities in this process's bounding set (CapBnd of /proc/self/status). */
export function hostBoundingCaps(status = readFileSync('/proc/self/status', 'utf8')): string[] {
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (hex === undefined) return [...ALL_CAPABILITIES];
  const mask = BigInt(`0x${hex}`);
  return ALL_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

const LIMIT_NAMES: Record<string, string> = {
  'Max cpu time': 'RLIMIT_CPU', 'Max file size': 'RLIMIT_FSIZE', 'Max data size': 'RLIMIT_DATA', 'Max stack size': 'RLIMIT_STACK',
  'Max core file size': 'RLIMIT_CORE', 'Max resident set': 'RLIMIT_RSS', 'Max processes': 'RLIMIT_NPROC', 'Max open files': 'RLIMIT_NOFILE',
  'Max locked memory': 'RLIMIT_MEMLOCK', 'Max address space': 'RLIMIT_AS', 'Max file locks': 'RLIMIT_LOCKS', 'Max pending signals': 'RLIMIT_SIGPENDING',
  'Max msgqueue size': 'RLIMIT_MSGQUEUE', 'Max nice priority': 'RLIMIT_NICE', 'Max realtime priority': 'RLIMIT_RTPRIO', 'Max realtime timeout': 'RLIMIT_RTTIME',
};

/** Hard limits from /proc/self/limits; without CAP_SYS_RESOURCE nothing can be raised above them. */
export function rlimitCeiling(limits = readFileSync('/proc/self/limits', 'utf8')): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of limits.split('\n').slice(1)) {
    const name = Object.keys(LIMIT_NAMES).find((n) => line.startsWith(n));
    if (name === undefined) continue;
    const hard = line.slice(name.length).trim().split(/\s+/)[1];
    const type = LIMIT_NAMES[name];
    if (type !== undefined && hard !== undefined && hard !== 'unlimited') out[type] = Number(hard);
  }
  return out;
}

function deviceAt(path: string): HostDevice | undefined {
  const st = statSync(path);
  if (!st.isCharacterDevice() && !st.isBlockDevice()) return undefined;
  const rdev = st.rdev;
  return { path, type: st.isCharacterDevice() ? 'c' : 'b', major: Math.floor(rdev / 256) & 0xfff, minor: (rdev & 0xff) | ((rdev >> 12) & 0xfff00), fileMode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/** One device, or every device below a directory (as `--device /dev/snd`); links inside a directory are skipped. */
export function devicesAt(path: string, followLink = true): HostDevice[] {
  let st;
  try {
    st = followLink ? statSync(path) : lstatSync(path);
  } catch {
    return [];
  }
  if (st.isSymbolicLink()) return [];
  if (!st.isDirectory()) {
    const d = deviceAt(path);
    return d === undefined ? [] : [d];
  }
  const out: HostDevice[] = [];
  for (const name of readdirSync(path).sort()) {
    try {
      out.push(...devicesAt(join(path, name), false));
    } catch {
      // A node that vanished or cannot be read is not a device to map.
    }
  }
  return out;
}

/** The static init for `init: true`: the embedded runtime's, else Docker's tini. */
export function findInit(env: Readonly<Record<string, string | undefined>>): SpecContext['init'] {
  const runtime = nativeBinary('tscompose-runtime', env);
  if (runtime !== undefined && isStaticElf(runtime)) return { source: runtime, destination: '/sbin/tscompose-init' };
  for (const name of ['docker-init', 'tini-static', 'tini']) {
    const p = findOnPath(name, env);
    if (p !== undefined && isStaticElf(p)) return { source: p, destination: '/sbin/docker-init' };
  }
  return undefined;
}

function readFlag(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').trim() === 'Y';
  } catch {
    return false;
  }
}

export interface FactsInput {
  description: ContainerDescription;
  rootfs: string;
  layout: CgroupLayout;
  etcFiles: SpecContext['etcFiles'];
  shmPath?: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function gatherFacts(i: FactsInput): SpecContext {
  const d = i.description;
  const devices: Record<string, HostDevice[]> = {};
  for (const m of d.devices ?? []) devices[m.source] = devicesAt(m.source);
  const sec = parseSecurityOpt(d.securityOpt ?? []);
  const seccompProfiles: SpecContext['seccompProfiles'] = {};
  if (sec.seccomp.kind === 'file') {
    let text: string;
    try {
      text = readFileSync(sec.seccomp.path, 'utf8');
    } catch (e) {
      throw new InvalidContainerConfigError('security_opt', `opening seccomp profile (${sec.seccomp.path}) failed: ${(e as Error).message}`);
    }
    seccompProfiles[sec.seccomp.path] = parseSeccompProfile(text, sec.seccomp.path);
  }
  const init = d.init === true ? findInit(i.env) : undefined;
  const passwd = readInRoot(i.rootfs, '/etc/passwd');
  const group = readInRoot(i.rootfs, '/etc/group');
  return {
    rootfs: i.rootfs,
    ...(i.etcFiles === undefined ? {} : { etcFiles: i.etcFiles }),
    ...(i.shmPath === undefined ? {} : { shmPath: i.shmPath }),
    ...(init === undefined ? {} : { init }),
    ...(passwd === undefined ? {} : { passwd }),
    ...(group === undefined ? {} : { group }),
    devices,
    ...(d.privileged === true ? { hostDevices: devicesAt('/dev').filter((x) => !x.path.startsWith('/dev/pts/')) } : {}),
    seccompProfiles,
    cgroupMode: i.layout.mode,
    cgroupFeatures: cgroupFeatures(i.layout),
    hostBounding: hostBoundingCaps(),
    rlimitCeiling: hostBoundingCaps().includes('CAP_SYS_RESOURCE') ? {} : rlimitCeiling(),
    arch: goArch(process.arch),
    kernel: release().split('.').slice(0, 2).join('.'),
    cpuCount: availableParallelism(),
    hostHostname: hostname(),
    apparmorEnabled: readFlag('/sys/module/apparmor/parameters/enabled'),
  };
}
