/**
 * An in-memory ReadOnlyFs for loader tests: files by absolute path; every
 * parent directory of a file exists, and `dirs` adds empty ones.
 */
import type { ConfigFile, LoadInput, ReadOnlyFs } from '../../../src/compose/types.js';

export function memFs(files: Readonly<Record<string, string>>, dirs: readonly string[] = []): ReadOnlyFs {
  const directories = new Set<string>(['/', ...dirs.map(clean)]);
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) directories.add(parts.slice(0, i).join('/') || '/');
  }
  return {
    readFile: (path) => (Object.hasOwn(files, clean(path)) ? files[clean(path)] : undefined),
    stat: (path) => (Object.hasOwn(files, clean(path)) ? 'file' : directories.has(clean(path)) ? 'dir' : undefined),
  };
}

function clean(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

export interface ProjectSpec {
  /** Every file of the project, by absolute path. */
  files: Readonly<Record<string, string>>;
  /** The `-f` files, absolute; default `<workingDir>/compose.yaml`. */
  configFiles?: readonly string[];
  workingDir?: string;
  environment?: Readonly<Record<string, string>>;
  dirs?: readonly string[];
}

/** A LoadInput reading the config files from `files`, as the app layer would. */
export function loadInput(spec: ProjectSpec): LoadInput {
  const workingDir = spec.workingDir ?? '/p';
  const names = spec.configFiles ?? [`${workingDir}/compose.yaml`];
  const configFiles: ConfigFile[] = names.map((filename) => {
    const content = spec.files[filename];
    if (content === undefined) throw new Error(`test setup: no file ${filename}`);
    return { filename, content };
  });
  return {
    workingDir,
    configFiles,
    environment: spec.environment ?? {},
    fs: memFs(spec.files, spec.dirs),
    homeDir: '/home/u',
  };
}
