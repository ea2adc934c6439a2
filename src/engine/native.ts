/**
 * The engine's native programs (found by src/host/native.ts) and the ELF and
 * PATH probes it needs to choose an init and a runtime.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativeBinary as findNative } from '../host/native.js';

export type NativeProgram = 'tscompose-runtime' | 'tscompose-monitor';

export function nativeBinary(name: NativeProgram, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  return findNative(name, env);
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
