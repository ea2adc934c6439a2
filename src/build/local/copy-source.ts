/**
 * Where a COPY/ADD item's bytes come from, as a tree copyInto can lay out:
 * the build context (or a named one) as walked, another stage's or an
 * image's filesystem through an overlay view of its layers, a heredoc
 * written to a scratch file, a downloaded URL in its download directory.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContextSource } from '../context/source.js';
import type { CopySource, FsState } from '../exec/executor.js';
import { HostTree } from './host-tree.js';
import type { Workspace } from './workspace.js';

export interface SourceHelpers {
  ws: Workspace;
  /** Download directories by URL (fetchUrl put them there). */
  downloads: ReadonlyMap<string, string>;
  /** Mounts a view of a filesystem state and returns its path. */
  view(state: FsState): Promise<string>;
}

export async function copySourceTree(source: CopySource, path: string, h: SourceHelpers): Promise<ContextSource> {
  switch (source.kind) {
    case 'context':
      return source.source;
    case 'state':
      return new HostTree(await h.view(source.state));
    case 'inline': {
      const dir = h.ws.newDir('inline');
      const file = join(dir, path.replace(/^\/+/, ''));
      writeFileSync(file, source.data);
      chmodSync(file, 0o644);
      return new HostTree(dir);
    }
    default: {
      const dir = h.downloads.get(source.file.url);
      if (dir === undefined) throw new Error(`internal: ${source.file.url} was not downloaded`);
      return new HostTree(dir);
    }
  }
}
