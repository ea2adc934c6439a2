/**
 * Platforms as containerd's platforms package reads and prints them
 * (`linux/amd64`, `linux/arm64/v8`, `linux/arm/v7`), normalized the same way
 * (`x86_64` is `amd64`, `aarch64` is `arm64`, `arm64/v8` prints as `arm64`).
 */
import { DockerfileError } from '../errors.js';
import { goQuote } from '../go-quote.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const OSES = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const ARCHES = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);

function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  switch (a) {
    case 'i386':
      return ['386', ''];
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', v === 'v1' ? '' : v];
    case 'aarch64':
    case 'arm64':
      return ['arm64', v === '8' || v === 'v8' ? '' : v];
    case 'armhf':
      return ['arm', 'v7'];
    case 'armel':
      return ['arm', 'v6'];
    case 'arm':
      if (v === '' || v === '7' || v === 'v7') return ['arm', 'v7'];
      if (v === '5' || v === '6' || v === '8') return ['arm', `v${v}`];
      return ['arm', v];
    default:
      return [a, v];
  }
}

function normalizeOs(os: string): string {
  const o = os.toLowerCase();
  return o === 'macos' ? 'darwin' : o;
}

/** platforms.Parse: `os[/arch[/variant]]` or a bare architecture (on the host's OS). */
export function parsePlatform(spec: string, host: Platform): Platform {
  const bad = (why: string): never => {
    throw new DockerfileError(`${goQuote(spec)}: ${why}: invalid argument`, undefined, undefined);
  };
  const parts = spec.split('/');
  if (parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) bad('invalid platform component');
  if (parts.length === 1) {
    const only = parts[0] as string;
    const os = normalizeOs(only);
    if (OSES.has(os)) return withVariant({ os, architecture: host.architecture }, host.variant ?? '');
    const [architecture, variant] = normalizeArch(only, '');
    if (ARCHES.has(architecture)) return withVariant({ os: host.os, architecture }, variant);
    return bad('unknown operating system or architecture');
  }
  if (parts.length > 3) bad('cannot parse platform specifier');
  const os = normalizeOs(parts[0] as string);
  const [architecture, variant] = normalizeArch(parts[1] as string, parts[2] ?? '');
  // `os/arch` pairs are taken as given; plain `linux/arm` means v7 without saying so.
  if (parts.length === 2 && architecture === 'arm' && variant === 'v7') return { os, architecture };
  return withVariant({ os, architecture }, variant);
}

function withVariant(p: Platform, variant: string): Platform {
  return variant === '' ? p : { ...p, variant };
}

/** platforms.Format: `os/arch[/variant]`. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((x) => x !== undefined && x !== '').join('/');
}
