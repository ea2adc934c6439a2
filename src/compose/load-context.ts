/**
 * What one load of compose files (the main project, an included project, or
 * the file an `extends` points to) runs with: compose-go's Options plus its
 * ConfigDetails, as plain data.
 */
import { ComposeError, ExitCode } from '../errors.js';
import { goJoin, isUnixAbs } from './canonical-gopath.js';
import { parseComposeYaml, type ParsedDocument } from './parse.js';
import type { LocalResourceLoader } from './resource-path.js';
import type { Lookup, Warn } from './template.js';
import type { ConfigFile, Environment, ReadOnlyFs } from './types.js';

/** The phases compose-go lets a load skip (Options.Skip*, ResolvePaths). */
export interface Phases {
  interpolate: boolean;
  validate: boolean;
  extends: boolean;
  include: boolean;
  defaultValues: boolean;
  resolvePaths: boolean;
}

export interface LoadContext {
  fs: ReadOnlyFs;
  homeDir: string;
  /**
   * The main project directory. compose-go hands some relative paths of
   * nested includes straight to the OS, which resolves them against the
   * process's directory; tscompose uses the project directory there, which
   * is what compose does when run from the project directory.
   */
  hostDir: string;
  /** Resolves the paths `include` and `extends.file` name (compose-go's ResourceLoaders). */
  resources: LocalResourceLoader;
  /** ConfigDetails.WorkingDir: relative paths of the model resolve against it; relative inside includes. */
  workingDir: string;
  environment: Environment;
  phases: Phases;
  /** Files on the include chain that leads here, for cycle detection. */
  included: readonly string[];
  warn: Warn;
  /** Files already warned about for `version` (compose warns once per file). */
  versionWarned: Set<string>;
  /** Keep unparsable short syntax as written, as compose does when interpolation is off. */
  lenientCanonical: boolean;
}

export function lookupIn(env: Environment): Lookup {
  return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
}

/** A path the OS would resolve against the process directory. */
export function hostPath(ctx: LoadContext, p: string): string {
  return isUnixAbs(p) ? p : goJoin(ctx.hostDir, p);
}

/** Reads and parses a compose file named by `include` or `extends`, with Go's error for a failed read. */
export function readComposeFile(ctx: LoadContext, path: string): ParsedDocument[] {
  const kind = ctx.fs.stat(hostPath(ctx, path));
  const content = kind === 'file' ? ctx.fs.readFile(hostPath(ctx, path)) : undefined;
  if (content === undefined) {
    const message = kind === 'dir' ? `read ${path}: is a directory` : `open ${path}: no such file or directory`;
    throw new ComposeError('E_FILE_NOT_FOUND', message, {}, { exitCode: ExitCode.fileNotFound });
  }
  return parseComposeYaml(path, content);
}

export function documentsOf(file: ConfigFile): ParsedDocument[] {
  return file.documents ?? parseComposeYaml(file.filename, file.content);
}
