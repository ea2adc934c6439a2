/**
 * A root filesystem on the host (a mounted stage, an unpacked archive, a
 * download) as a ContextSource, so COPY lays it out with the same rules as
 * the build context. Owners and modes are the files' own. Only the subtree
 * a copy reads is walked (`scope`): a stage's whole filesystem can be large.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { byteOrder, typeOfMode, type ContextEntry, type ContextSource } from '../context/source.js';
import { resolveInRoot } from './in-root.js';

function entryOf(path: string, st: Stats, link: () => string): ContextEntry {
  const type = typeOfMode(st.mode);
  return { path, type, mode: st.mode, size: type === 'file' ? st.size : 0, uid: st.uid, gid: st.gid, ...(type === 'symlink' ? { linkTarget: link() } : {}) };
}

export class HostTree implements ContextSource {
  private walked: ContextEntry[] | undefined;

  /** `scope`: the relative path whose subtree entries() lists ('' for all). */
  constructor(
    readonly root: string,
    private scope = '',
  ) {}

  /** The subtree entries() lists from now on. */
  scopeTo(path: string): void {
    if (path !== this.scope) this.walked = undefined;
    this.scope = path;
  }

  hostPath(path: string): string {
    return resolveInRoot(this.root, path, false);
  }

  get(path: string): ContextEntry | undefined {
    if (path === '') return undefined;
    const abs = this.hostPath(path);
    let st: Stats;
    try {
      st = lstatSync(abs);
    } catch {
      return undefined;
    }
    return entryOf(path, st, () => readlinkSync(abs));
  }

  readFile(path: string): Uint8Array {
    return readFileSync(resolveInRoot(this.root, path, true));
  }

  entries(): readonly ContextEntry[] {
    if (this.walked !== undefined) return this.walked;
    const out: ContextEntry[] = [];
    const visit = (rel: string): void => {
      const abs = rel === '' ? this.root : this.hostPath(rel);
      let names: string[];
      try {
        names = readdirSync(abs);
      } catch {
        return;
      }
      for (const name of names.sort(byteOrder)) {
        const path = rel === '' ? name : `${rel}/${name}`;
        const st = lstatSync(`${abs}/${name}`);
        out.push(entryOf(path, st, () => readlinkSync(`${abs}/${name}`)));
        if (st.isDirectory()) visit(path);
      }
    };
    if (this.scope !== '') {
      const top = this.get(this.scope);
      if (top !== undefined) out.push(top);
      if (top?.type === 'dir') visit(this.scope);
    } else visit('');
    this.walked = out;
    return out;
  }
}
