/** Errors of develop.watch: a rule that cannot work, a sync that failed. */
import { TscomposeError, type ErrorOptions } from '../errors.js';

export class WatchConfigError extends TscomposeError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('E_WATCH_CONFIG', message, opts);
  }
}

export class WatchSyncError extends TscomposeError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('E_WATCH_SYNC', message, opts);
  }
}
