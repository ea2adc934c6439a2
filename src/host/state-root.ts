/**
 * Where tscompose keeps state. Runtime state (lost on reboot: runtime state,
 * sockets, netns bind mounts, mounted rootfs) lives under /run/tscompose;
 * persistent state (images, volumes, container upper dirs and logs, project
 * and network records) under /var/lib/tscompose. TSCOMPOSE_ROOT moves both
 * under one directory (`$TSCOMPOSE_ROOT/run`, `$TSCOMPOSE_ROOT/lib`), which
 * is how tests get a private, throwaway state.
 *
 * Each subdirectory belongs to one module, which documents its layout:
 *   lib/images/      src/images (content store, unpacked layers)
 *   lib/volumes/     src/volumes
 *   lib/networks/    src/network (records, IPAM allocations)
 *   lib/containers/  src/engine (upper/work dirs, logs, container records)
 *   lib/projects/    the project records of app/ (what up created)
 *   run/runtime/     the OCI runtime's --root
 *   run/containers/  src/engine (bundles, monitor sockets and exit files)
 *   run/netns/       src/network (network namespace bind mounts)
 *   run/projects/    the per-project lock and supervisor socket
 */
import { join } from 'node:path';

export interface StateRoots {
  run: string;
  lib: string;
}

export function stateRoots(env: Readonly<Record<string, string | undefined>>): StateRoots {
  const root = env.TSCOMPOSE_ROOT;
  if (root !== undefined && root !== '') return { run: join(root, 'run'), lib: join(root, 'lib') };
  return { run: '/run/tscompose', lib: '/var/lib/tscompose' };
}
