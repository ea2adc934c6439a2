/** prepareBuild's view of this machine: files and directories read through node:fs. */
import { readFileSync, statSync } from 'node:fs';
import { hostContextFs } from './context/fs-source.js';
import { hostPlatform } from './host-platform.js';
import type { PrepareHost } from './prepare.js';

export function hostPrepare(env: Readonly<Record<string, string | undefined>>): PrepareHost {
  return {
    env,
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
        throw e;
      }
    },
    isDir(path) {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
    contextFs: hostContextFs,
    buildPlatform: hostPlatform(),
  };
}
