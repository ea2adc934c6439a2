/**
 * Where the builder keeps things (roots from src/host/state-root.ts):
 *
 *   lib/images/holds/build-cache/   the layer cache index (cache-index.ts);
 *                                   its layers live in the image store
 *   lib/build/work/<pid>-<rand>/    one running build's scratch space
 *                                   (workspace.ts): per step a directory
 *                                   with an overlay (upper/ work/ l/
 *                                   merged/), init layers of RUN mount
 *                                   points, downloads, heredoc files,
 *                                   unpacked archives. Removed when the
 *                                   build ends, and by the next build when
 *                                   its process is gone
 *   lib/build/cache-mounts/<hash>/  RUN --mount=type=cache directories,
 *                                   by cache id (default: the target)
 *
 * RUN steps run in engine containers named `tscompose-build-<hex>` with
 * the label io.tscompose.build.pid; the engine keeps their state (its own
 * layout, src/engine/state.ts) until the build removes them.
 */
import { join } from 'node:path';

export interface BuildDirs {
  work: string;
  cacheMounts: string;
}

export function buildDirs(libRoot: string): BuildDirs {
  return { work: join(libRoot, 'build', 'work'), cacheMounts: join(libRoot, 'build', 'cache-mounts') };
}
