/**
 * The seccomp profile format Docker reads (`--security-opt seccomp=FILE`,
 * moby's profiles/seccomp): an OCI seccomp section plus per-rule conditions
 * (`includes` / `excludes` on capabilities, architectures and kernel versions)
 * that are resolved when a container's config is rendered.
 */

export interface ProfileArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}

export interface ProfileFilter {
  /** Capability names (`CAP_SYS_ADMIN`); for includes all must be in the bounding set, for excludes any one suffices. */
  caps?: string[];
  /** Go architecture names (`amd64`, `arm64`, `x32`, `s390x`). */
  arches?: string[];
  /** `major.minor`; includes: at least this kernel, excludes: older than it. */
  minKernel?: string;
}

export interface ProfileRule {
  /** Older profiles name one syscall per rule. */
  name?: string;
  names?: string[];
  action: string;
  errnoRet?: number;
  args?: ProfileArg[] | null;
  includes?: ProfileFilter;
  excludes?: ProfileFilter;
  comment?: string;
}

export interface ProfileArch {
  architecture: string;
  subArchitectures: string[] | null;
}

export interface SeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  /** OCI-style list; when present it is used as is instead of archMap. */
  architectures?: string[];
  archMap?: ProfileArch[];
  syscalls?: ProfileRule[];
}
