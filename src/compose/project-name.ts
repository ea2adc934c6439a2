/**
 * Project name rules of Docker Compose v2 (compose-go `loader.projectName`):
 * `-p` and COMPOSE_PROJECT_NAME are imperative and must already be valid;
 * the last `name:` of the config files and the working directory's base name
 * are normalized silently.
 */
import { ComposeError, ExitCode, TscomposeError } from '../errors.js';

const INVALID_SUFFIX =
  'must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number';

/** Lowercase, keep `[a-z0-9_-]`, drop leading `_` and `-`. */
export function normalizeProjectName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

export function isValidProjectName(s: string): boolean {
  return s !== '' && normalizeProjectName(s) === s;
}

/** `-p NAME`: rejected before anything is loaded, as docker compose does (exit 1). */
export function checkFlagProjectName(name: string): void {
  if (name !== '' && normalizeProjectName(name) !== name) {
    throw new TscomposeError('E_PROJECT_NAME', `invalid project name "${name}": ${INVALID_SUFFIX}`, {
      exitCode: ExitCode.failure,
      hint: `try -p ${normalizeProjectName(name) || 'myproject'}`,
    });
  }
}

export interface ProjectNameSources {
  /** `-p` value, when given and non-empty. */
  flag?: string;
  /** COMPOSE_PROJECT_NAME from the environment (OS or .env). */
  env?: string;
  /** `name:` values of the config documents, in load order, already interpolated. */
  fromFiles: readonly string[];
  /** Base name of the working directory. */
  dirName: string;
}

export interface ResolvedName {
  name: string;
  /** True when given by -p or COMPOSE_PROJECT_NAME. */
  imperative: boolean;
}

export function resolveProjectName(src: ProjectNameSources): ResolvedName {
  const explicit = nonEmpty(src.flag) ?? nonEmpty(src.env);
  if (explicit !== undefined) {
    if (normalizeProjectName(explicit) !== explicit) {
      throw new ComposeError('E_PROJECT_NAME', `invalid project name "${explicit}": ${INVALID_SUFFIX}`, {}, {
        hint: `set COMPOSE_PROJECT_NAME=${normalizeProjectName(explicit) || 'myproject'}`,
      });
    }
    return { name: explicit, imperative: true };
  }
  const declared = [...src.fromFiles].reverse().find((n) => n !== '');
  if (declared !== undefined) {
    // Compose keeps a declared name even when nothing of it survives normalizing.
    return { name: requireNonEmpty(normalizeProjectName(declared)), imperative: false };
  }
  return { name: requireNonEmpty(normalizeProjectName(src.dirName)), imperative: false };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

function requireNonEmpty(name: string): string {
  if (name === '') {
    throw new ComposeError('E_PROJECT_NAME_EMPTY', 'project name must not be empty', {}, {
      hint: 'set `name:` in the compose file or use -p NAME',
    });
  }
  return name;
}
