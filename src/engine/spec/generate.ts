/**
 * The pure generator: container description + host facts -> the OCI
 * config.json Docker would give the same container, plus warnings for what
 * this host cannot do. No file system, no process state.
 */
import { InvalidContainerConfigError } from '../errors.js';
import { fitToHost, resolveCapabilities } from './capabilities.js';
import type { GeneratedSpec, SpecContext } from './context.js';
import { DEFAULT_READONLY_PATHS, defaultMaskedPaths } from './defaults.js';
import type { ContainerDescription } from './description.js';
import { buildDevices } from './devices.js';
import { buildEnv } from './env.js';
import { buildMounts } from './mounts.js';
import { buildNamespaces, buildSysctls } from './namespaces.js';
import type { OciLinux, OciProcess, OciSeccomp, OciSpec } from './oci.js';
import { capabilitySets, oomScoreAdj, processArgs, rlimits, workingDir } from './process.js';
import { buildResources } from './resources.js';
import { DEFAULT_SECCOMP_PROFILE } from './seccomp/default-profile.js';
import { renderSeccomp } from './seccomp/render.js';
import { parseSecurityOpt, type SecurityOptions } from './security-opt.js';
import { resolveUser } from './user.js';

export const OCI_VERSION = '1.0.2';

function hostnameOf(d: ContainerDescription, ctx: SpecContext): string {
  if (d.uts?.mode === 'host') {
    if (d.hostname !== undefined && d.hostname !== '') throw new InvalidContainerConfigError('hostname', 'conflicting options: hostname and the UTS mode');
    return ctx.hostHostname ?? '';
  }
  if (d.hostname !== undefined && d.hostname !== '') return d.hostname;
  if (d.network?.mode === 'host' && ctx.hostHostname !== undefined) return ctx.hostHostname;
  return d.id.slice(0, 12);
}

function seccompOf(d: ContainerDescription, sec: SecurityOptions, ctx: SpecContext, bounding: string[]): OciSeccomp | undefined {
  if (sec.seccomp.kind === 'unconfined') return undefined;
  if (d.privileged === true && sec.seccomp.kind === 'default') return undefined;
  let profile = DEFAULT_SECCOMP_PROFILE;
  if (sec.seccomp.kind === 'file') {
    const found = ctx.seccompProfiles?.[sec.seccomp.path];
    if (found === undefined) throw new InvalidContainerConfigError('security_opt', `opening seccomp profile (${sec.seccomp.path}) failed: no such file or directory`);
    profile = found;
  }
  return renderSeccomp(profile, { bounding, arch: ctx.arch, ...(ctx.kernel === undefined ? {} : { kernel: ctx.kernel }) });
}

function buildProcess(d: ContainerDescription, ctx: SpecContext, sec: SecurityOptions, caps: string[], hostname: string, warnings: string[]): OciProcess {
  const user = resolveUser(d.user ?? d.image.User, ctx.passwd, ctx.group, d.groupAdd);
  const proc: OciProcess = {
    ...(d.tty === true ? { terminal: true } : {}),
    user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids },
    args: processArgs(d, ctx.init),
    env: buildEnv(d.image.Env ?? [], d.env ?? [], hostname, d.tty === true, user.home),
    cwd: workingDir(d),
    capabilities: capabilitySets(caps, user.uid),
  };
  const limits = rlimits(d.ulimits, ctx.rlimitCeiling, warnings);
  if (limits !== undefined) proc.rlimits = limits;
  if (sec.noNewPrivileges) proc.noNewPrivileges = true;
  proc.oomScoreAdj = oomScoreAdj(d.oomScoreAdj);
  if (sec.apparmor !== undefined) {
    if (ctx.apparmorEnabled === true) proc.apparmorProfile = sec.apparmor;
    else warnings.push(`security_opt apparmor=${sec.apparmor}: AppArmor is not enabled on this host; no profile is applied`);
  }
  for (const label of sec.labels) if (label !== 'disable') warnings.push(`security_opt label=${label}: SELinux is not supported; the label is not applied`);
  return proc;
}

function buildLinux(d: ContainerDescription, ctx: SpecContext, sec: SecurityOptions, caps: string[], warnings: string[]): OciLinux {
  const devs = buildDevices(d, ctx);
  const linux: OciLinux = {
    sysctl: sortedRecord(buildSysctls(d)),
    resources: { devices: devs.rules, ...buildResources(d, ctx.cgroupFeatures, ctx.cpuCount, warnings) },
    cgroupsPath: cgroupsPathOf(d, '/tscompose'),
    namespaces: buildNamespaces(d, ctx.cgroupMode),
  };
  if (devs.devices.length > 0) linux.devices = devs.devices;
  const seccomp = seccompOf(d, sec, ctx, caps);
  if (seccomp !== undefined) linux.seccomp = seccomp;
  if (d.privileged !== true && !sec.systemPathsUnconfined) {
    linux.maskedPaths = defaultMaskedPaths(ctx.cpuCount);
    linux.readonlyPaths = [...DEFAULT_READONLY_PATHS];
  }
  return linux;
}

/** `<cgroup_parent>/<id>`, made absolute: a relative path would be read against the runtime's own cgroup. */
export function cgroupsPathOf(d: ContainerDescription, defaultParent: string): string {
  if (d.cgroupsPath !== undefined && d.cgroupsPath !== '') return d.cgroupsPath;
  const parent = (d.cgroupParent ?? defaultParent).replace(/\/+$/, '');
  return `${parent.startsWith('/') ? '' : '/'}${parent}/${d.id}`;
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function generateSpec(d: ContainerDescription, ctx: SpecContext): GeneratedSpec {
  if (!/^[0-9a-f]{64}$/.test(d.id)) throw new InvalidContainerConfigError('id', `container id must be 64 hex characters, got "${d.id}"`);
  const warnings: string[] = [];
  const sec = parseSecurityOpt(d.securityOpt ?? []);
  const caps = fitToHost(resolveCapabilities(d), ctx.hostBounding, warnings);
  const hostname = hostnameOf(d, ctx);
  const spec: OciSpec = {
    ociVersion: OCI_VERSION,
    process: buildProcess(d, ctx, sec, caps, hostname, warnings),
    root: { path: ctx.rootfs, ...(d.readOnly === true ? { readonly: true } : {}) },
    ...(d.uts?.mode === 'host' ? {} : { hostname }),
    mounts: buildMounts(d, ctx),
    ...(d.annotations !== undefined && Object.keys(d.annotations).length > 0 ? { annotations: { ...d.annotations } } : {}),
    linux: buildLinux(d, ctx, sec, caps, warnings),
  };
  return { spec, warnings };
}

/** config.json text; an unlimited rlimit (-1) is written as RLIM_INFINITY, 2^64-1, which a JS number cannot hold. */
export function serializeSpec(spec: OciSpec): string {
  const text = JSON.stringify(spec, (key, value: unknown) => ((key === 'hard' || key === 'soft') && value === -1 ? '__RLIM_INFINITY__' : value), 2);
  return `${text.replaceAll('"__RLIM_INFINITY__"', '18446744073709551615')}\n`;
}
