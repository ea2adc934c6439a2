/**
 * Set-up of the builder's integration tests: a throwaway TSCOMPOSE_ROOT
 * under /tmp/tsctb-*, an image store holding a busybox-static image made
 * here (every applet linked, a passwd with an `app` user), an engine on
 * one runtime (the embedded one when built, else runc;
 * TSCOMPOSE_TEST_RUNTIME picks) under a cgroup parent /tsctb-<random>, and
 * a `build` helper that runs a Dockerfile fixture through prepareBuild and
 * runBuild on the real executor.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectCgroupLayout } from '../../../src/engine/cgroups/mode.js';
import { pruneCgroup } from '../../../src/engine/cgroups/prune.js';
import { createEngine, type ContainerEngine, type RuntimeName } from '../../../src/engine/index.js';
import { findOnPath, nativeBinary } from '../../../src/engine/native.js';
import { layerTarFromDir, openImageStore, type ImageStore } from '../../../src/images/index.js';
import { PlainProgress } from '../../../src/build/exec/progress.js';
import { runBuild, type BuildResult } from '../../../src/build/exec/run-build.js';
import { hostPrepare } from '../../../src/build/host-prepare.js';
import { LocalExecutor } from '../../../src/build/local/local-executor.js';
import { prepareBuild, type BuildSpec } from '../../../src/build/prepare.js';

export const isRoot = process.getuid?.() === 0;
const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
const monitor = nativeBinary('tscompose-monitor');

function pickRuntime(): { name: RuntimeName; binary: string } | undefined {
  const want = process.env.TSCOMPOSE_TEST_RUNTIME;
  const embedded = process.env.TSCOMPOSE_TEST_EMBEDDED || nativeBinary('tscompose-runtime');
  const runc = findOnPath('runc');
  const all: Array<{ name: RuntimeName; binary: string }> = [];
  if (embedded !== undefined) all.push({ name: 'embedded', binary: embedded });
  if (runc !== undefined) all.push({ name: 'runc', binary: runc });
  return want === undefined || want === '' ? all[0] : all.find((r) => r.name === want);
}

export const runtime = pickRuntime();

export const skipReason = !isRoot
  ? 'needs root'
  : busybox === undefined
    ? 'needs busybox-static'
    : monitor === undefined
      ? 'needs native/build (npm install)'
      : runtime === undefined
        ? 'needs a runtime (embedded or runc)'
        : undefined;

export const BASE = 'tsctb-busybox:1';

/** A busybox-static root filesystem with every applet, /etc/passwd and /etc/group. */
export function busyboxRootfs(dir: string): string {
  const root = join(dir, 'rootfs');
  for (const d of ['bin', 'etc', 'tmp', 'root', 'home/app']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(busybox as string, join(root, 'bin', 'busybox'));
  chmodSync(join(root, 'bin', 'busybox'), 0o755);
  chmodSync(join(root, 'tmp'), 0o1777);
  const applets = execFileSync(busybox as string, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a !== '' && a !== 'busybox');
  for (const a of applets) symlinkSync('busybox', join(root, 'bin', a));
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\nwheel:x:10:app\napp:x:1000:\n');
  execFileSync('chown', ['1000:1000', join(root, 'home/app')]);
  return root;
}

export interface Lab {
  dir: string;
  roots: { run: string; lib: string };
  store: ImageStore;
  cgroupParent: string;
  engine(): ContainerEngine;
  /** Writes `files` into a fresh context directory and returns it. */
  context(files: Record<string, string | { data: string; mode: number }>): string;
  build(spec: Omit<BuildSpec, 'context'> & { context: string }, opts?: BuildOpts): Promise<BuildRun>;
  cleanup(): Promise<void>;
}

export interface BuildOpts {
  tags?: string[];
  noCache?: boolean;
  pull?: boolean;
}

export interface BuildRun {
  result: BuildResult;
  output: string;
}

export async function newLab(): Promise<Lab> {
  const dir = mkdtempSync('/tmp/tsctb-');
  const suffix = dir.slice(-6).toLowerCase();
  const roots = { run: join(dir, 'run'), lib: join(dir, 'lib') };
  const store = openImageStore(join(roots.lib, 'images'));
  const cgroupParent = `/tsctb-${suffix}`;
  const rt = runtime as { name: RuntimeName; binary: string };
  let engine: ContainerEngine | undefined;
  const getEngine = (): ContainerEngine => (engine ??= createEngine({ roots, runtime: rt.name, cgroupParent, runtimeBinaries: { [rt.name]: rt.binary } }));
  const rootfs = busyboxRootfs(dir);
  const layer = await store.importLayer(layerTarFromDir(rootfs, { xattrs: false }));
  rmSync(rootfs, { recursive: true, force: true });
  await store.writeImage(
    { architecture: 'amd64', os: 'linux', config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [] }, history: [{ created_by: 'tsctb busybox-static' }] },
    [layer.diffId],
    [BASE],
  );
  let contexts = 0;
  return {
    dir,
    roots,
    store,
    cgroupParent,
    engine: getEngine,
    context(files) {
      const ctx = join(dir, `ctx-${++contexts}`);
      mkdirSync(ctx, { recursive: true });
      for (const [p, v] of Object.entries(files)) {
        mkdirSync(join(ctx, p, '..'), { recursive: true });
        writeFileSync(join(ctx, p), typeof v === 'string' ? v : v.data);
        if (typeof v !== 'string') chmodSync(join(ctx, p), v.mode);
      }
      return ctx;
    },
    async build(spec, opts = {}) {
      const prepared = prepareBuild(spec, hostPrepare(process.env));
      let output = '';
      const executor = await LocalExecutor.open({ store, libRoot: roots.lib, engine: getEngine, ...(opts.noCache === true ? { noCache: true } : {}) });
      try {
        const result = await runBuild({
          request: prepared.request,
          dockerfile: prepared.dockerfile,
          executor,
          progress: new PlainProgress({ write: (t) => (output += t) }),
          tags: opts.tags ?? [],
          ...(opts.noCache === true ? { noCache: true } : {}),
          ...(opts.pull === true ? { pull: true } : {}),
        });
        return { result, output };
      } catch (e) {
        (e as Error & { output?: string }).output = output;
        throw e;
      } finally {
        await executor.close();
      }
    },
    async cleanup() {
      if (engine !== undefined) for (const c of await engine.list()) await engine.remove(c.id, { force: true }).catch(() => undefined);
      pruneCgroup(detectCgroupLayout(), cgroupParent);
      for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
        const mp = line.split(' ')[4];
        if (mp?.startsWith(dir) === true) execFileSync('umount', ['-l', mp]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `args` in a container of `image` (its config's env, user and workdir) and returns stdout. */
export async function runIn(lab: Lab, image: string, args: string[]): Promise<{ stdout: string; exitCode: number }> {
  const local = await lab.store.get(image);
  if (local === undefined) throw new Error(`no image ${image}`);
  const engine = lab.engine();
  const { id } = await engine.create({ name: `tsctb-run-${Math.random().toString(16).slice(2, 10)}`, layerDirs: local.layerDirs, description: { image: local.config.config ?? {}, command: args, network: { mode: 'none' } } });
  try {
    const a = await engine.attach(id);
    let stdout = '';
    a.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    a.stderr.resume();
    await engine.start(id);
    const r = await engine.wait(id);
    await a.exit;
    return { stdout, exitCode: r.exitCode };
  } finally {
    await engine.remove(id, { force: true });
  }
}

