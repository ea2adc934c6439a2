/**
 * src/engine: the container runtime driver. createEngine is the one factory;
 * FakeEngine is its stand-in for upper layers' unit tests.
 */
import { hostRunner, type CommandRunner } from '../host/command.js';
import { hostSpawner, type ProcessSpawner } from '../host/process.js';
import type { StateRoots } from '../host/state-root.js';
import { detectCgroupLayout, type CgroupLayout } from './cgroups/mode.js';
import { newOverlay, runtimeCache } from './deps.js';
import type { ContainerEngine } from './engine.js';
import { MonitorError } from './errors.js';
import { LocalEngine } from './local-engine.js';
import { nativeBinary } from './native.js';
import { runtimeName } from './runtime/factory.js';
import type { RuntimeName } from './runtime/types.js';

export * from './engine.js';
export { FakeEngine } from './fake-engine.js';
export { ExecStartError } from './sessions.js';
export { ContainerNotFoundError, ContainerStateError, InvalidContainerConfigError, MonitorError, RootfsError, RuntimeError } from './errors.js';
export type { RuntimeName } from './runtime/types.js';
export { OverlayRootfs, type OverlayRequest } from './rootfs/overlay.js';
export type * from './spec/description.js';

export interface EngineOptions {
  roots: StateRoots;
  /** `--runtime`; TSCOMPOSE_RUNTIME and then `embedded` when absent. */
  runtime?: string;
  env?: Readonly<Record<string, string | undefined>>;
  runner?: CommandRunner;
  spawner?: ProcessSpawner;
  layout?: CgroupLayout;
  cgroupParent?: string;
  /** Runtime binaries to use instead of looking them up (a wrapper, a test build). */
  runtimeBinaries?: Partial<Record<RuntimeName, string>>;
}

export function createEngine(o: EngineOptions): ContainerEngine {
  const env = o.env ?? process.env;
  const runner = o.runner ?? hostRunner;
  const layout = o.layout ?? detectCgroupLayout();
  const runtime = runtimeName(o.runtime, env);
  const monitorBinary = nativeBinary('tscompose-monitor', env);
  if (monitorBinary === undefined) throw new MonitorError('the container monitor (native/build/tscompose-monitor) is not built', { hint: 'run npm install, which runs make -C native' });
  const runtimeFor = runtimeCache(o.roots, runner, env, layout, o.runtimeBinaries ?? {});
  // Fail now, not at the first container, when the chosen runtime cannot work here.
  runtimeFor(runtime);
  return new LocalEngine({
    roots: o.roots,
    runner,
    spawner: o.spawner ?? hostSpawner,
    env,
    layout,
    monitorBinary,
    runtime,
    cgroupParent: o.cgroupParent ?? '/tscompose',
    overlay: newOverlay(runner),
    runtimeFor,
  });
}
