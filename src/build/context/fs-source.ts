/**
 * The host side of a build context: a directory read through node:fs. Only
 * metadata is read during the walk; contents are read when a COPY source is
 * hashed or copied.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { typeOfMode, type ContextFs, type ContextStat } from './source.js';

export function hostContextFs(root: string): ContextFs {
  const abs = (p: string): string => (p === '' ? root : join(root, p));
  return {
    lstat(path: string): ContextStat | undefined {
      try {
        const st = lstatSync(abs(path));
        const type = typeOfMode(st.mode);
        return {
          type, mode: st.mode, size: type === 'file' ? st.size : 0, uid: st.uid, gid: st.gid,
          ...(type === 'other' && st.rdev !== 0 ? { devMajor: Math.floor(st.rdev / 256) & 0xfff, devMinor: (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00) } : {}),
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    readdir: (path) => readdirSync(abs(path)),
    readlink: (path) => readlinkSync(abs(path)),
    readFile: (path) => readFileSync(abs(path)),
    hostPath: abs,
  };
}
