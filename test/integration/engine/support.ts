/**
 * Shared set-up of the engine's integration tests: a busybox-static layer
 * directory (the image store is not needed), a throwaway TSCOMPOSE_ROOT, a
 * cgroup parent named tscte-<random>, and the runtimes this host can run.
 * crun refuses this hybrid host; it runs in a private mount namespace
 * without the cgroup2 mount, as the research note did for its benchmark.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectCgroupLayout } from '../../../src/engine/cgroups/mode.js';
import { pruneCgroup } from '../../../src/engine/cgroups/prune.js';
import { createEngine, type ContainerEngine, type RuntimeName } from '../../../src/engine/index.js';
import { findOnPath, nativeBinary } from '../../../src/engine/native.js';

export const isRoot = process.getuid?.() === 0;
const busybox = ['/usr/bin/busybox', '/bin/busybox'].find((p) => existsSync(p));
const monitor = nativeBinary('tscompose-monitor');

/** Why the engine's privileged tests cannot run here, or undefined. */
export const skipReason = !isRoot ? 'needs root' : busybox === undefined ? 'needs busybox-static' : monitor === undefined ? 'needs native/build/tscompose-monitor (npm install)' : undefined;

const APPLETS = ['sh', 'grep', 'cut', 'echo', 'cat', 'sleep', 'id', 'ls', 'hostname', 'head', 'tr', 'stty', 'tty', 'env', 'ps', 'mount', 'wc', 'true', 'false', 'seq', 'dd', 'touch', 'umount'];

export function busyboxLayer(dir: string): string {
  const layer = join(dir, 'layer');
  for (const d of ['bin', 'etc', 'tmp', 'root']) mkdirSync(join(layer, d), { recursive: true });
  copyFileSync(busybox ?? '', join(layer, 'bin', 'busybox'));
  chmodSync(join(layer, 'bin', 'busybox'), 0o755);
  chmodSync(join(layer, 'tmp'), 0o1777);
  for (const a of APPLETS) symlinkSync('busybox', join(layer, 'bin', a));
  writeFileSync(join(layer, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n');
  writeFileSync(join(layer, 'etc', 'group'), 'root:x:0:\nwheel:x:10:app\napp:x:1000:\n');
  return layer;
}

const CRUN_WRAPPER = join(import.meta.dirname, 'crun-unshared.sh');

/** The runtimes to run each test with: runc, crun (wrapped) and the embedded one when built. */
export function runtimesHere(): Array<{ name: RuntimeName; binary: string }> {
  const out: Array<{ name: RuntimeName; binary: string }> = [];
  // TSCOMPOSE_TEST_EMBEDDED points at a runtime built elsewhere (another checkout's native/build).
  const embedded = process.env.TSCOMPOSE_TEST_EMBEDDED || nativeBinary('tscompose-runtime');
  if (embedded !== undefined) out.push({ name: 'embedded', binary: embedded });
  const runc = findOnPath('runc');
  if (runc !== undefined) out.push({ name: 'runc', binary: runc });
  if (findOnPath('crun') !== undefined && findOnPath('unshare') !== undefined) out.push({ name: 'crun', binary: CRUN_WRAPPER });
  const only = process.env.TSCOMPOSE_TEST_RUNTIME;
  return only === undefined || only === '' ? out : out.filter((r) => r.name === only);
}

export interface Lab {
  dir: string;
  layer: string;
  cgroupParent: string;
  roots: { run: string; lib: string };
  engine(runtime: RuntimeName, binary: string): ContainerEngine;
  /** Removes every container, the cgroup parent and the directory; reports what it could not. */
  cleanup(): Promise<void>;
}

export function newLab(): Lab {
  const dir = mkdtempSync('/tmp/tscte-');
  const suffix = dir.slice(-6).toLowerCase();
  const roots = { run: join(dir, 'run'), lib: join(dir, 'lib') };
  const cgroupParent = `/tscte-${suffix}`;
  const engines: ContainerEngine[] = [];
  return {
    dir,
    layer: busyboxLayer(dir),
    cgroupParent,
    roots,
    engine(runtime, binary) {
      const e = createEngine({ roots, runtime, cgroupParent, runtimeBinaries: { [runtime]: binary } });
      engines.push(e);
      return e;
    },
    async cleanup() {
      for (const e of engines) for (const c of await e.list()) await e.remove(c.id, { force: true }).catch(() => undefined);
      pruneCgroup(detectCgroupLayout(), cgroupParent);
      for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
        const mp = line.split(' ')[4];
        if (mp?.startsWith(dir) === true) execFileSync('umount', ['-l', mp]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function eventually<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function collect(stream: NodeJS.ReadableStream | null): Promise<string> {
  if (stream === null) return '';
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

/** Monitor processes whose command line mentions `dir`. */
export function monitorsUnder(dir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes('tscompose-monitor') && l.includes(dir))
    .map((l) => Number.parseInt(l.trim(), 10));
}
