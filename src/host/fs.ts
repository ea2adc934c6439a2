/**
 * The real file system behind the loader's read-only view, and the host facts
 * a command starts from. Only this seam reads process state.
 */
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';

/** What the loader reads through; compose/types.ts declares the same shape for its side. */
export interface ReadOnlyFs {
  readFile(path: string): string | undefined;
  stat(path: string): 'file' | 'dir' | undefined;
}

export const hostFs: ReadOnlyFs = {
  readFile(path: string): string | undefined {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  },
  stat(path: string): 'file' | 'dir' | undefined {
    try {
      const st = statSync(path);
      if (st.isDirectory()) return 'dir';
      return st.isFile() ? 'file' : undefined;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  },
};

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

export interface HostContext {
  cwd: string;
  env: Record<string, string>;
  fs: ReadOnlyFs;
  homeDir: string;
  readStdin(): string;
}

export function realHostContext(): HostContext {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return {
    cwd: process.cwd(),
    env,
    fs: hostFs,
    homeDir: env.HOME ?? homedir(),
    readStdin: () => readFileSync(0, 'utf8'),
  };
}

/**
 * node:fs/promises, loaded by the first caller: importing it cost about
 * 7 ms of every command that opens the network driver or the engine, most
 * of which (ps, logs) never make an asynchronous file call.
 */
export function fsPromises(): typeof import('node:fs/promises') {
  return process.getBuiltinModule('node:fs/promises');
}
