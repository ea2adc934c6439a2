/** Errors of the volume driver, worded as the Docker engine words them where it has words. */
import { TscomposeError, type ErrorOptions } from '../errors.js';

export class VolumeError extends TscomposeError {
  constructor(code: string, message: string, opts: ErrorOptions = {}) {
    super(code, message, opts);
  }
}

export class NoSuchVolumeError extends VolumeError {
  constructor(name: string, verb = 'get') {
    super('E_NO_SUCH_VOLUME', `${verb} ${name}: no such volume`);
  }
}

export class VolumeExistsError extends VolumeError {
  constructor(name: string) {
    super('E_VOLUME_EXISTS', `volume ${name} already exists`);
  }
}

export class VolumeInUseError extends VolumeError {
  constructor(name: string, users: readonly string[]) {
    super('E_VOLUME_IN_USE', `remove ${name}: volume is in use - [${users.join(', ')}]`, {
      hint: 'remove the containers using it first (tscompose down)',
    });
  }
}

export class VolumeOptionError extends VolumeError {
  constructor(message: string, hint?: string) {
    super('E_VOLUME_OPTION', message, { hint });
  }
}

/** A bind mount that cannot be made: the message names the service and the volumes entry. */
export class BindSourceError extends VolumeError {
  constructor(message: string, hint?: string) {
    super('E_BIND_SOURCE', message, { hint });
  }
}
