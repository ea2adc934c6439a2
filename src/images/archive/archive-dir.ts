/**
 * An archive (docker save, oci-archive) unpacked into a temp directory as
 * plain files: symlinks (docker's legacy format links duplicate layers) are
 * kept in a table and resolved only inside the archive, so a hostile
 * archive can neither write outside the directory nor read host files.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join, posix } from 'node:path';
import { BadArchiveError } from '../errors.js';
import { checkEntryPath } from '../layer/safe-path.js';
import { readTar } from '../tar/reader.js';

export interface ArchiveDir {
  root: string;
  /** The file a path of the archive names, symlinks followed inside the archive; undefined if absent. */
  resolve(path: string): string | undefined;
}

export function directoryArchive(root: string, source: string): ArchiveDir {
  return {
    root,
    resolve(path) {
      const c = checkEntryPath(path);
      if (!c.ok) throw new BadArchiveError(source, `path ${JSON.stringify(path)} ${c.why}`);
      const p = join(root, c.rel);
      return existsSync(p) && statSync(p).isFile() ? p : undefined;
    },
  };
}

export async function unpackArchive(tar: AsyncIterable<Uint8Array>, root: string, source: string): Promise<ArchiveDir> {
  const links = new Map<string, string>();
  try {
    for await (const { entry, body } of readTar(tar)) {
      const c = checkEntryPath(entry.name);
      if (!c.ok) throw new BadArchiveError(source, `entry ${JSON.stringify(entry.name)} ${c.why}`);
      if (c.rel === '') continue;
      const abs = join(root, c.rel);
      if (entry.type === 'dir') mkdirSync(abs, { recursive: true });
      else if (entry.type === 'symlink') links.set(c.rel, posix.join(posix.dirname(c.rel), entry.linkname));
      else if (entry.type === 'link') links.set(c.rel, entry.linkname);
      else if (entry.type === 'file') {
        mkdirSync(join(abs, '..'), { recursive: true });
        const fd = openSync(abs, 'wx');
        try {
          for await (const chunk of body) writeSync(fd, chunk);
        } finally {
          closeSync(fd);
        }
      }
    }
  } catch (e) {
    if (e instanceof BadArchiveError) throw e;
    throw new BadArchiveError(source, (e as Error).message);
  }
  return {
    root,
    resolve(path) {
      let rel = path;
      for (let hops = 0; hops < 16; hops++) {
        const c = checkEntryPath(rel);
        if (!c.ok) throw new BadArchiveError(source, `path ${JSON.stringify(path)} ${c.why}`);
        const target = links.get(c.rel);
        if (target === undefined) {
          const p = join(root, c.rel);
          return existsSync(p) && statSync(p).isFile() ? p : undefined;
        }
        rel = target;
      }
      throw new BadArchiveError(source, `too many symlinks resolving ${path}`);
    },
  };
}
