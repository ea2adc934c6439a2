/**
 * Errors of the builder. A problem with a Dockerfile names the file and the
 * line it starts on, the way BuildKit reports it (`Dockerfile:7: unknown
 * instruction: COPPY (did you mean COPY?)`), so editors can jump to it.
 * Pure code throws `DockerfileSyntaxError` without a file name and the entry
 * point that knows the file attaches it (`locatedIn`).
 */
import { TscomposeError, type ErrorOptions } from '../errors.js';

/** Lines of a Dockerfile an instruction or an error covers, 1-based and inclusive. */
export interface LineRange {
  start: number;
  end: number;
}

export class DockerfileError extends TscomposeError {
  readonly file: string | undefined;
  readonly range: LineRange | undefined;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(detail: string, file: string | undefined, range: LineRange | undefined, opts: ErrorOptions = {}) {
    super('E_DOCKERFILE', withLocation(detail, file, range), opts);
    this.file = file;
    this.range = range;
    this.detail = detail;
  }

  /** The same error, placed in `file` (and at `range` when it had none). */
  locatedIn(file: string, range?: LineRange): DockerfileError {
    return new DockerfileError(this.detail, file, this.range ?? range, { hint: this.hint, cause: this.cause });
  }

  /** The same error at `range`, unless it already knows where it is. */
  at(range: LineRange): DockerfileError {
    if (this.range !== undefined) return this;
    return new DockerfileError(this.detail, this.file, range, { hint: this.hint, cause: this.cause });
  }
}

function withLocation(detail: string, file: string | undefined, range: LineRange | undefined): string {
  if (file === undefined && range === undefined) return detail;
  const where = range === undefined ? (file ?? '') : `${file ?? 'Dockerfile'}:${range.start}`;
  return `${where}: ${detail}`;
}

/** A build that cannot go on for a reason that is not one line of the Dockerfile. */
export class BuildError extends TscomposeError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('E_BUILD', message, opts);
  }
}

/** A RUN step that exited non-zero, with its exit code and the tail of its output. */
export class RunStepFailedError extends TscomposeError {
  readonly stepExitCode: number;
  constructor(command: string, exitCode: number, outputTail: readonly string[], where: string) {
    const tail = outputTail.length === 0 ? '' : `\n${outputTail.map((l) => `  ${l}`).join('\n')}`;
    super('E_BUILD_RUN', `${where}: process "${command}" did not complete successfully: exit code: ${exitCode}${tail}`);
    this.stepExitCode = exitCode;
  }
}

/**
 * Wraps anything a pure phase throws into a located Dockerfile error; our
 * own errors pass through, others are bugs and are rethrown.
 */
export function atRange<T>(range: LineRange, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DockerfileError) throw e.at(range);
    throw e;
  }
}
