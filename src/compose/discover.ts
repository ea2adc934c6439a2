/**
 * Which compose files, which working directory and which env files a command
 * uses, as compose-go's `cli.ProjectOptions` decides them: `-f`, else
 * COMPOSE_FILE, else compose.yaml & co. found by walking up from the working
 * directory, plus the first override file beside it.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ExitCode, FileNotFoundError, TscomposeError } from '../errors.js';
import { goParseBool } from './go-format.js';
import type { Environment, ReadOnlyFs } from './types.js';

export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const DEFAULT_OVERRIDE_FILE_NAMES = [
  'compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml',
];

export interface DiscoveryInput {
  cwd: string;
  /** `-f` values in order; `-` is stdin. */
  files: readonly string[];
  projectDirectory?: string;
  /** `--env-file` values. */
  envFiles: readonly string[];
  env: Environment;
  fs: ReadOnlyFs;
}

export interface Discovery {
  /** Absolute config file paths, or `-`. */
  configPaths: string[];
  workingDir: string;
  /** Absolute env file paths to read, in order. */
  envFiles: string[];
  warnings: string[];
}

export function discover(input: DiscoveryInput): Discovery {
  const warnings: string[] = [];
  const projectDir = input.projectDirectory ? resolve(input.cwd, input.projectDirectory) : undefined;
  let configPaths = input.files.map((f) => absolute(input.cwd, f));
  if (configPaths.length === 0) configPaths = fromComposeFileEnv(input);
  if (configPaths.length === 0) configPaths = findDefaultFiles(projectDir ?? input.cwd, input.fs, warnings);
  const workingDir = projectDir ?? dirOfFirstFile(configPaths) ?? input.cwd;
  return { configPaths, workingDir, envFiles: envFilesFor(input, workingDir), warnings };
}

function absolute(cwd: string, f: string): string {
  return f === '-' || isAbsolute(f) ? f : resolve(cwd, f);
}

function fromComposeFileEnv(input: DiscoveryInput): string[] {
  const value = input.env.COMPOSE_FILE;
  if (value === undefined) return [];
  const sep = input.env.COMPOSE_PATH_SEPARATOR || ':';
  const paths = value.split(sep).map((f) => absolute(input.cwd, f));
  // compose-go stats COMPOSE_FILE entries up front: exit 1 and a `stat` message, unlike a missing -f file.
  const missing = paths.find((p) => p !== '-' && input.fs.stat(p) === undefined);
  if (missing !== undefined) {
    throw new TscomposeError('E_COMPOSE_FILE', `stat ${missing}: no such file or directory`, {
      hint: 'check COMPOSE_FILE (and COMPOSE_PATH_SEPARATOR)',
    });
  }
  return paths;
}

function findDefaultFiles(start: string, fs: ReadOnlyFs, warnings: string[]): string[] {
  for (let dir = start; ; dir = dirname(dir)) {
    const found = existing(DEFAULT_FILE_NAMES, dir, fs);
    if (found.length > 0) {
      const out = [pickFirst(found, 'config', warnings)];
      const overrides = existing(DEFAULT_OVERRIDE_FILE_NAMES, dir, fs);
      if (overrides.length > 0) out.push(pickFirst(overrides, 'override', warnings));
      return out;
    }
    if (dirname(dir) === dir) return [];
  }
}

function existing(names: readonly string[], dir: string, fs: ReadOnlyFs): string[] {
  return names.map((n) => join(dir, n)).filter((p) => fs.stat(p) === 'file');
}

function pickFirst(found: string[], kind: string, warnings: string[]): string {
  const winner = found[0] as string;
  if (found.length > 1) {
    warnings.push(`Found multiple ${kind} files with supported names: ${found.join(', ')}`);
    warnings.push(`Using ${winner}`);
  }
  return winner;
}

function dirOfFirstFile(paths: readonly string[]): string | undefined {
  const first = paths.find((p) => p !== '-');
  return first === undefined ? undefined : dirname(first);
}

function envFilesFor(input: DiscoveryInput, workingDir: string): string[] {
  if (input.envFiles.length > 0) return input.envFiles.map((f) => absolute(input.cwd, f));
  const fromEnv = input.env.COMPOSE_ENV_FILES;
  if (fromEnv) return fromEnv.split(',').map((f) => absolute(input.cwd, f));
  const disable = input.env.COMPOSE_DISABLE_ENV_FILE;
  if (disable !== undefined && parseGoBool(disable, 'COMPOSE_DISABLE_ENV_FILE')) return [];
  const dotEnv = join(workingDir, '.env');
  return input.fs.stat(dotEnv) === 'file' ? [dotEnv] : [];
}

/** strconv.ParseBool, which compose uses for its boolean variables, with a hint naming the variable. */
export function parseGoBool(value: string, name: string): boolean {
  try {
    return goParseBool(value);
  } catch (e) {
    throw new TscomposeError('E_ENV_BOOL', (e as Error).message, { hint: `${name} must be true or false` });
  }
}

/** No compose file anywhere: compose's wording and exit code 14. */
export function noConfigFileError(): TscomposeError {
  return new TscomposeError('E_NO_CONFIG', 'no configuration file provided: not found', {
    exitCode: ExitCode.fileNotFound,
    hint: `create ${DEFAULT_FILE_NAMES[0]} here or in a parent directory, or pass -f FILE`,
  });
}

export function configFileNotFound(path: string): FileNotFoundError {
  return new FileNotFoundError(path, `open ${path}: no such file or directory`);
}
