/**
 * The engine's errors. Bad input in a container description (an unknown
 * capability, a malformed device rule) is an InvalidContainerConfigError and
 * is raised before anything touches the host; runtime and monitor failures
 * carry what the failing program said.
 */
import { TscomposeError, type ErrorOptions } from '../errors.js';

/** A setting in the container description that cannot be turned into a runtime config. */
export class InvalidContainerConfigError extends TscomposeError {
  readonly key: string;
  constructor(key: string, message: string, opts: ErrorOptions = {}) {
    super('E_ENGINE_CONFIG', `invalid container configuration: ${key}: ${message}`, opts);
    this.key = key;
  }
}

/** No container with this id (or name) in the engine's state. */
export class ContainerNotFoundError extends TscomposeError {
  constructor(id: string) {
    super('E_ENGINE_NO_CONTAINER', `No such container: ${id}`);
  }
}

/** The container exists but is not in a state that allows the operation. */
export class ContainerStateError extends TscomposeError {
  constructor(id: string, message: string, opts: ErrorOptions = {}) {
    super('E_ENGINE_STATE', `container ${id}: ${message}`, opts);
  }
}

/** The OCI runtime (embedded, crun or runc) failed or cannot run on this host. */
export class RuntimeError extends TscomposeError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('E_ENGINE_RUNTIME', message, opts);
  }
}

/** The per-container monitor could not be started or reported a failure. */
export class MonitorError extends TscomposeError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('E_ENGINE_MONITOR', message, opts);
  }
}

/** Mounting or unmounting a container's root file system failed. */
export class RootfsError extends TscomposeError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('E_ENGINE_ROOTFS', message, opts);
  }
}
