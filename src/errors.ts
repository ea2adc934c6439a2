/**
 * One error hierarchy for the whole product. Every error a user can cause is a
 * TscomposeError with a stable code, an optional hint and an exit code; only
 * cli/ catches and prints them. Anything else reaching cli/ is a bug.
 */
export interface ErrorOptions {
  hint?: string;
  exitCode?: number;
  cause?: unknown;
}

export class TscomposeError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 1;
  }
}

/**
 * Exit codes Docker Compose uses (docker/compose `cmd/compose` WrapComposeError
 * and cobra usage errors), so scripts that check them keep working.
 */
export const ExitCode = {
  failure: 1,
  fileNotFound: 14,
  fileParseFailure: 15,
  syntaxFailure: 16,
} as const;

/** Bad command line: unknown flag or command, missing argument. */
export class UsageError extends TscomposeError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('E_USAGE', message, { exitCode: ExitCode.syntaxFailure, ...opts });
  }
}

/** Where in a compose file a problem sits. All fields are optional: stdin has no file name. */
export interface SourceLocation {
  file?: string;
  line?: number;
  col?: number;
  /** Dotted YAML path, e.g. `services.web.ports.0`. */
  path?: string;
}

/**
 * A problem with the compose model: YAML syntax, schema, interpolation, merge,
 * extends, include, cycles. The message is rendered as
 * `file:line:col: message` so editors can jump to it.
 */
export class ComposeError extends TscomposeError {
  readonly location: SourceLocation;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(code: string, message: string, location: SourceLocation = {}, opts: ErrorOptions = {}) {
    super(code, withLocation(message, location), { exitCode: ExitCode.fileParseFailure, ...opts });
    this.location = location;
    this.detail = message;
  }

  /**
   * Pure phases know the YAML path but not where it came from; the loader,
   * which holds the position index, fills in file, line and column.
   */
  locatedAt(loc: SourceLocation): ComposeError {
    const merged = { ...loc, ...definedOnly(this.location) };
    return new ComposeError(this.code, this.detail, merged, { hint: this.hint, exitCode: this.exitCode, cause: this.cause });
  }
}

function definedOnly(loc: SourceLocation): SourceLocation {
  return Object.fromEntries(Object.entries(loc).filter(([, v]) => v !== undefined));
}

/**
 * `file:line:col: message`, with the YAML path named too when the message
 * does not already say it, so every located error names file, line and key.
 */
function withLocation(message: string, loc: SourceLocation): string {
  if (loc.file === undefined) return message;
  const pos = loc.line === undefined ? loc.file : `${loc.file}:${loc.line}:${loc.col ?? 1}`;
  const key = loc.path !== undefined && loc.path !== '' && !message.includes(loc.path) ? `${loc.path}: ` : '';
  return `${pos}: ${key}${message}`;
}

/** A file that must exist could not be read (compose file, env file). */
export class FileNotFoundError extends TscomposeError {
  readonly path: string;
  constructor(path: string, message: string, opts: ErrorOptions = {}) {
    super('E_FILE_NOT_FOUND', message, { exitCode: ExitCode.fileNotFound, ...opts });
    this.path = path;
  }
}
