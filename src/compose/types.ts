/**
 * Inputs of the pure loader. Everything it reads arrives through these: the
 * environment as a map and files through a read-only view, so tests feed
 * in-memory projects and the loader never touches the host by itself.
 */
import type { ParsedDocument } from './parse.js';
import type { Mapping } from './tree.js';

export type Environment = Readonly<Record<string, string>>;

export interface ReadOnlyFs {
  /** File content as UTF-8, or undefined when it does not exist or is not a file. */
  readFile(path: string): string | undefined;
  /** What is at `path`, following symlinks. */
  stat(path: string): 'file' | 'dir' | undefined;
}

export interface ConfigFile {
  /** Absolute path, or `-` for stdin. */
  filename: string;
  content: string;
  /** The documents of `content` when the caller already parsed it (to read `name:`), so the loader does not parse twice. */
  documents?: ParsedDocument[];
}

export interface LoadInput {
  /** Absolute project directory: relative paths resolve against it. */
  workingDir: string;
  configFiles: ConfigFile[];
  /** Interpolation environment: the OS environment over the .env / --env-file values. */
  environment: Environment;
  fs: ReadOnlyFs;
  /** `$HOME`, for `~` in paths. */
  homeDir: string;
}

export interface LoadOptions {
  /** From `-p` or COMPOSE_PROJECT_NAME: must already be a valid name. */
  projectName?: string;
  projectNameImperative?: boolean;
  profiles?: readonly string[];
  skipInterpolation?: boolean;
  skipNormalization?: boolean;
  skipResolvePaths?: boolean;
  skipConsistency?: boolean;
  skipResolveEnvironment?: boolean;
  skipValidation?: boolean;
}

/** The loaded project: `model` is what `config --format json` prints. */
export interface LoadedProject {
  name: string;
  workingDir: string;
  configFiles: string[];
  environment: Environment;
  model: Mapping;
  /** Active profiles. */
  profiles: readonly string[];
  /** Services removed because their profiles are inactive. */
  disabledServices: Mapping;
  warnings: string[];
}
