/** What LocalEngine's parts share: roots, host seams, the cgroup layout and the runtimes. */
import type { CommandRunner } from '../host/command.js';
import type { ProcessSpawner } from '../host/process.js';
import type { StateRoots } from '../host/state-root.js';
import type { CgroupLayout } from './cgroups/mode.js';
import { hostCalls } from '../host/syscalls.js';
import { OverlayRootfs } from './rootfs/overlay.js';
import { createRuntime } from './runtime/factory.js';
import type { ContainerRuntime, RuntimeName } from './runtime/types.js';

export interface EngineDeps {
  roots: StateRoots;
  runner: CommandRunner;
  spawner: ProcessSpawner;
  env: Readonly<Record<string, string | undefined>>;
  layout: CgroupLayout;
  monitorBinary: string;
  /** The runtime new containers get. */
  runtime: RuntimeName;
  /** The cgroup every container's own group is created under (`/tscompose`). */
  cgroupParent: string;
  overlay: OverlayRootfs;
  runtimeFor(name: RuntimeName): ContainerRuntime;
}

/** Runtimes made once per engine; `binaries` pins a runtime to a binary (tests, wrappers). */
export function runtimeCache(roots: StateRoots, runner: CommandRunner, env: EngineDeps['env'], layout: CgroupLayout, binaries: Partial<Record<RuntimeName, string>>): (name: RuntimeName) => ContainerRuntime {
  const made = new Map<RuntimeName, ContainerRuntime>();
  return (name) => {
    let rt = made.get(name);
    if (rt === undefined) {
      const binary = binaries[name];
      rt = createRuntime(name, { runRoot: roots.run, runner, env, layout, ...(binary === undefined ? {} : { binary }) });
      made.set(name, rt);
    }
    return rt;
  };
}

export function newOverlay(runner: CommandRunner): OverlayRootfs {
  return new OverlayRootfs(runner, undefined, hostCalls());
}
