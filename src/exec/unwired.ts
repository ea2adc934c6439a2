/**
 * A port whose driver is not plugged in yet: every call rejects with
 * DriverNotWiredError naming what is missing, and isWired tells it apart,
 * so a command fails clearly (or a dry run plans without it) instead of
 * pretending. Replaced by the driver's adapter when it is wired.
 */
import { TscomposeError } from '../errors.js';

export class DriverNotWiredError extends TscomposeError {
  constructor(readonly driver: string, issue: number) {
    super('E_DRIVER_NOT_WIRED', `tscompose cannot ${driver} yet: that driver (issue ${issue}) is not wired into this build`, {
      hint: 'tscompose config, tscompose volume and --dry-run work without it',
    });
  }
}

const WIRED = Symbol('wired');
const ERROR = Symbol('error');

export function unwired<T extends object>(driver: string, issue: number): T {
  return new Proxy({} as T, {
    get: (_t, prop) => {
      if (prop === WIRED) return false;
      if (prop === ERROR) return new DriverNotWiredError(driver, issue);
      // Not a thenable: an unwired port must never be mistaken for a promise.
      if (prop === 'then') return undefined;
      return () => Promise.reject(new DriverNotWiredError(driver, issue));
    },
  });
}

export function isWired(port: object): boolean {
  return (port as Record<symbol, unknown>)[WIRED] !== false;
}

/** Throws the port's DriverNotWiredError when it is not wired. */
export function assertWired(port: object): void {
  if (!isWired(port)) throw (port as Record<symbol, unknown>)[ERROR] as DriverNotWiredError;
}
