/**
 * Where the native programs built by `npm install` (native/build/) are:
 * TSCOMPOSE_NATIVE_DIR when set, else native/build/ next to the package
 * root, found by walking up from this module (src/ in development) or from
 * the CLI script (dist/ in the bundle, where import.meta.url is not set).
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type NativeProgram = 'tscompose-runtime' | 'tscompose-monitor';

function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
}

function scriptDir(): string | undefined {
  const script = process.argv[1];
  if (script === undefined) return undefined;
  try {
    return dirname(realpathSync(script));
  } catch {
    return undefined;
  }
}

export function nativeBinary(name: NativeProgram, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const override = env.TSCOMPOSE_NATIVE_DIR;
  if (override !== undefined && override !== '') {
    const p = join(override, name);
    return existsSync(p) ? p : undefined;
  }
  for (const start of [moduleDir(), scriptDir()]) {
    let dir = start;
    for (let i = 0; dir !== undefined && i < 6; i++) {
      const p = join(dir, 'native', 'build', name);
      if (existsSync(p)) return p;
      const up = dirname(dir);
      dir = up === dir ? undefined : up;
    }
  }
  return undefined;
}

/** The first executable named `name` on PATH. */
export function findOnPath(name: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  for (const dir of (env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    if (dir === '') continue;
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** True for an ELF executable without a PT_INTERP segment: it needs no dynamic loader, so it runs in any rootfs. */
export function isStaticElf(path: string): boolean {
  let buf: Buffer;
  try {
    buf = readFileSync(path).subarray(0, 65536);
  } catch {
    return false;
  }
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) return false;
  const phoff = Number(buf.readBigUInt64LE(32));
  const phentsize = buf.readUInt16LE(54);
  const phnum = buf.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const off = phoff + i * phentsize;
    if (off + 4 > buf.length) return false;
    if (buf.readUInt32LE(off) === 3) return false;
  }
  return true;
}
