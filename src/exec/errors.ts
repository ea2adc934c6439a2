/** Errors of executing a plan: one operation's, and all of them together. */
import { TscomposeError, type ErrorOptions } from '../errors.js';

export class ExecError extends TscomposeError {
  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(code, message, opts);
  }
}

/** A dependency condition that failed (unhealthy, exited, exited non-zero); worded as docker compose words it. */
export class DependencyFailedError extends ExecError {
  constructor(message: string) {
    super('E_DEPENDENCY_FAILED', message);
  }
}

export class CanceledError extends ExecError {
  constructor() {
    super('E_CANCELED', 'canceled', { exitCode: 130 });
  }
}

/**
 * Every failure of a run. The message is docker compose's for a single
 * error, one line per error otherwise, so nothing is hidden behind the first.
 */
export class PlanFailedError extends ExecError {
  readonly errors: readonly Error[];
  constructor(errors: readonly Error[]) {
    const first = errors[0];
    const message = errors.length === 1 && first !== undefined ? first.message : errors.map((e) => e.message).join('\n');
    const exitCode = first instanceof TscomposeError ? first.exitCode : 1;
    super(first instanceof TscomposeError ? first.code : 'E_EXEC', message, { exitCode, cause: first, hint: first instanceof TscomposeError ? first.hint : undefined });
    this.errors = errors;
  }
}
