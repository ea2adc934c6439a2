/**
 * A unix socket address may hold 107 bytes; container directories under a
 * deep TSCOMPOSE_ROOT can be longer. Such a socket is reached through an
 * open fd of its directory, /proc/self/fd/N/name, which the kernel resolves
 * like any path (runc and containerd do the same). release() closes that fd
 * once the connection is made.
 */
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

const SUN_PATH_MAX = 107;

export function socketPath(dir: string, name: string): { path: string; release: () => void } {
  const direct = join(dir, name);
  if (Buffer.byteLength(direct) <= SUN_PATH_MAX) return { path: direct, release: () => undefined };
  const fd = openSync(dir, 'r');
  let open = true;
  return {
    path: `/proc/self/fd/${fd}/${name}`,
    release: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
