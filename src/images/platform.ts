/**
 * Platforms as containerd's platforms package writes them (`linux/amd64`,
 * `linux/arm64/v8`) and the choice of one manifest from an index. Pure.
 */
import { NoMatchingPlatformError } from './errors.js';
import type { Descriptor, Platform } from './oci-types.js';

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

const ARCH_ALIASES: Readonly<Record<string, string>> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386' };

/** The platform Node runs on, as docker names it. */
export function hostPlatform(arch: string = process.arch): PlatformSpec {
  const map: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return normalizePlatform({ os: 'linux', architecture: map[arch] ?? arch });
}

export function parsePlatform(s: string): PlatformSpec {
  const parts = s.trim().toLowerCase().split('/');
  const [os, architecture, variant] = parts;
  if (os === undefined || os === '' || parts.length > 3) throw new Error(`invalid platform ${JSON.stringify(s)}`);
  // `amd64` alone means linux/amd64, as containerd reads it.
  if (architecture === undefined) return normalizePlatform({ os: 'linux', architecture: os });
  return normalizePlatform({ os, architecture, ...(variant === undefined || variant === '' ? {} : { variant }) });
}

/** containerd's Normalize: arm64 implies v8, arm implies v7, amd64's v1 is no variant. */
export function normalizePlatform(p: PlatformSpec): PlatformSpec {
  const architecture = ARCH_ALIASES[p.architecture] ?? p.architecture;
  let variant = p.variant;
  if (architecture === 'arm64' && (variant === undefined || variant === '8')) variant = 'v8';
  if (architecture === 'arm' && variant === undefined) variant = 'v7';
  if (architecture === 'arm' && /^\d$/.test(variant ?? '')) variant = `v${variant}`;
  if (architecture === 'amd64' && variant === 'v1') variant = undefined;
  return { os: p.os, architecture, ...(variant === undefined ? {} : { variant }) };
}

export function formatPlatform(p: PlatformSpec): string {
  return [p.os, p.architecture, ...(p.variant === undefined ? [] : [p.variant])].join('/');
}

function matches(want: PlatformSpec, have: Platform): boolean {
  const h = normalizePlatform({ os: have.os, architecture: have.architecture, ...(have.variant === undefined ? {} : { variant: have.variant }) });
  if (h.os !== want.os || h.architecture !== want.architecture) return false;
  return want.variant === undefined || h.variant === want.variant || (h.variant === undefined && want.architecture === 'amd64');
}

/** The manifest an index holds for the platform; attestation manifests (`unknown/unknown`) never match. */
export function selectManifest(ref: string, manifests: readonly Descriptor[], want: PlatformSpec): Descriptor {
  const found = manifests.find((d) => d.platform !== undefined && matches(want, d.platform));
  if (found !== undefined) return found;
  const available = manifests.filter((d) => d.platform !== undefined && d.platform.os !== 'unknown').map((d) => formatPlatform(d.platform as Platform));
  throw new NoMatchingPlatformError(ref, formatPlatform(want), available);
}
