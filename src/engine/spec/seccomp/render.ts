/**
 * Turns a Docker-format seccomp profile into the OCI `linux.seccomp` of one
 * container, the way dockerd does when it builds the spec: rules whose
 * capability, architecture or kernel conditions do not hold are left out, so
 * the runtime only sees plain rules.
 */
import { InvalidContainerConfigError } from '../../errors.js';
import type { OciSeccomp, OciSeccompRule } from '../oci.js';
import type { ProfileFilter, ProfileRule, SeccompProfile } from './profile-types.js';

export interface SeccompTarget {
  /** The container's bounding capabilities. */
  bounding: readonly string[];
  /** Go architecture name of the host (`amd64`). */
  arch: string;
  /** Host kernel `major.minor`; conditions on kernel versions hold when it is unknown. */
  kernel?: string;
}

const NATIVE_ARCH: Record<string, string> = {
  amd64: 'SCMP_ARCH_X86_64',
  x86: 'SCMP_ARCH_X86',
  '386': 'SCMP_ARCH_X86',
  arm64: 'SCMP_ARCH_AARCH64',
  arm: 'SCMP_ARCH_ARM',
  s390x: 'SCMP_ARCH_S390X',
  ppc64le: 'SCMP_ARCH_PPC64LE',
  riscv64: 'SCMP_ARCH_RISCV64',
  loong64: 'SCMP_ARCH_LOONGARCH64',
  mips64le: 'SCMP_ARCH_MIPSEL64',
  mips64: 'SCMP_ARCH_MIPS64',
};

/** Node's `process.arch` in Go's words, which profiles use in `arches`. */
export function goArch(nodeArch: string): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: 'x86', arm64: 'arm64', arm: 'arm', s390x: 's390x', ppc64: 'ppc64le', riscv64: 'riscv64', loong64: 'loong64' };
  return map[nodeArch] ?? nodeArch;
}

export function renderSeccomp(profile: SeccompProfile, target: SeccompTarget): OciSeccomp {
  const out: OciSeccomp = { defaultAction: profile.defaultAction };
  if (profile.defaultErrnoRet !== undefined) out.defaultErrnoRet = profile.defaultErrnoRet;
  const arches = architectures(profile, target.arch);
  if (arches.length > 0) out.architectures = arches;
  const syscalls: OciSeccompRule[] = [];
  for (const rule of profile.syscalls ?? []) {
    if (!applies(rule, target)) continue;
    syscalls.push(ociRule(rule));
  }
  out.syscalls = syscalls;
  return out;
}

function architectures(profile: SeccompProfile, arch: string): string[] {
  if (profile.architectures !== undefined && profile.architectures.length > 0) return [...profile.architectures];
  const native = NATIVE_ARCH[arch];
  const entry = profile.archMap?.find((a) => a.architecture === native);
  if (entry === undefined) return [];
  return [entry.architecture, ...(entry.subArchitectures ?? [])];
}

function ociRule(rule: ProfileRule): OciSeccompRule {
  const out: OciSeccompRule = { names: rule.names ?? (rule.name === undefined ? [] : [rule.name]), action: rule.action };
  if (rule.errnoRet !== undefined) out.errnoRet = rule.errnoRet;
  if (rule.args !== undefined && rule.args !== null && rule.args.length > 0) {
    out.args = rule.args.map((a) => ({ index: a.index, value: a.value, ...(a.valueTwo === undefined || a.valueTwo === 0 ? {} : { valueTwo: a.valueTwo }), op: a.op }));
  }
  return out;
}

function applies(rule: ProfileRule, t: SeccompTarget): boolean {
  const inc = rule.includes ?? {};
  const exc = rule.excludes ?? {};
  if (exc.arches !== undefined && exc.arches.includes(t.arch)) return false;
  if (exc.caps !== undefined && exc.caps.some((c) => t.bounding.includes(c))) return false;
  if (exc.minKernel !== undefined && t.kernel !== undefined && kernelAtLeast(t.kernel, exc.minKernel)) return false;
  if (inc.arches !== undefined && inc.arches.length > 0 && !inc.arches.includes(t.arch)) return false;
  if (inc.caps !== undefined && !inc.caps.every((c) => t.bounding.includes(c))) return false;
  if (inc.minKernel !== undefined && t.kernel !== undefined && !kernelAtLeast(t.kernel, inc.minKernel)) return false;
  return true;
}

function kernelAtLeast(kernel: string, min: string): boolean {
  const [a = 0, b = 0] = kernel.split('.').map((n) => Number.parseInt(n, 10));
  const [c = 0, d = 0] = min.split('.').map((n) => Number.parseInt(n, 10));
  return a > c || (a === c && b >= d);
}

/** Reads a profile given with `seccomp=FILE`; `source` names the file in errors. */
export function parseSeccompProfile(text: string, source: string): SeccompProfile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InvalidContainerConfigError('security_opt', `decoding seccomp profile ${source} failed: ${(e as Error).message}`);
  }
  const bad = (why: string): never => {
    throw new InvalidContainerConfigError('security_opt', `seccomp profile ${source}: ${why}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return bad('not a JSON object');
  const p = data as Record<string, unknown>;
  if (typeof p.defaultAction !== 'string') return bad('defaultAction must be a string');
  if (p.syscalls !== undefined && p.syscalls !== null && !Array.isArray(p.syscalls)) return bad('syscalls must be a list');
  for (const [i, r] of ((p.syscalls as unknown[] | undefined | null) ?? []).entries()) checkRule(r, i, bad);
  return data as SeccompProfile;
}

function checkRule(r: unknown, i: number, bad: (why: string) => never): void {
  if (typeof r !== 'object' || r === null) bad(`syscalls[${i}] must be an object`);
  const rule = r as Record<string, unknown>;
  if (rule.name !== undefined && rule.names !== undefined) bad(`syscalls[${i}]: use either 'names' or 'name'`);
  if (typeof rule.action !== 'string') bad(`syscalls[${i}].action must be a string`);
  const names = rule.names ?? (rule.name === undefined ? undefined : [rule.name]);
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) bad(`syscalls[${i}] must name its syscalls`);
  for (const key of ['includes', 'excludes'] as const) {
    const f = rule[key] as ProfileFilter | undefined;
    if (f !== undefined && (typeof f !== 'object' || f === null)) bad(`syscalls[${i}].${key} must be an object`);
  }
}
