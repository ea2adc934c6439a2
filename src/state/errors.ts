/** Errors of the project state: unreadable records and held locks. */
import { TscomposeError, type ErrorOptions } from '../errors.js';

export class StateError extends TscomposeError {
  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(code, message, opts);
  }
}

export class RecordVersionError extends StateError {
  constructor(path: string, version: unknown) {
    super('E_RECORD_VERSION', `${path}: record version ${JSON.stringify(version)} is not one this tscompose reads (it reads version 1)`, {
      hint: 'the project was created by another tscompose release; use that release to take it down',
    });
  }
}

export class CorruptRecordError extends StateError {
  constructor(path: string, reason: string) {
    super('E_RECORD_CORRUPT', `${path}: ${reason}`, { hint: 'the file is tscompose state; restore it or remove the project by hand' });
  }
}

export class ProjectLockedError extends StateError {
  constructor(project: string, holder: string, waitedMs: number) {
    super('E_PROJECT_LOCKED', `project "${project}" is locked by ${holder}; gave up after waiting ${Math.round(waitedMs / 1000)}s`, {
      hint: 'wait for that command to finish, or stop it; a lock of a process that died is taken over automatically',
    });
  }
}
