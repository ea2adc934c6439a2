/** The network driver's errors: each a stable code, a one-paragraph message and a hint. */
import { TscomposeError, type ErrorOptions } from '../errors.js';

/** A network or endpoint definition that cannot be built (bad subnet, gateway outside it, unknown driver). */
export class NetworkSpecError extends TscomposeError {
  constructor(network: string, message: string, opts: ErrorOptions = {}) {
    super('E_NETWORK_SPEC', `network ${network}: ${message}`, opts);
  }
}

/** compose's wording for an external network that does not exist. */
export class NetworkNotFoundError extends TscomposeError {
  constructor(name: string, external: boolean) {
    super('E_NETWORK_NOT_FOUND', external ? `network ${name} declared as external, but could not be found` : `network ${name} not found`, {
      hint: external ? `create it first (bring up the project that defines it), or remove "external: true"` : undefined,
    });
  }
}

export class PoolExhaustedError extends TscomposeError {
  constructor(network: string, family: 4 | 6) {
    super(
      'E_NETWORK_POOL_EXHAUSTED',
      `network ${network}: could not find an available, non-overlapping IPv${family} address pool among the defaults to assign to the network`,
      { hint: 'give the network an explicit subnet under ipam.config, or remove unused networks' },
    );
  }
}

/** A static address taken by another container, or a network with no free address left. */
export class NetworkAddressError extends TscomposeError {
  constructor(message: string, hint?: string) {
    super('E_NETWORK_ADDRESS', message, { hint });
  }
}

export interface PortConflict {
  service?: string;
  container: string;
  protocol: string;
  hostIp: string;
  hostPort: number;
  /** Who holds it: "the host" or another project's container. */
  holder: string;
}

/** Published ports that are taken, found before anything was created. */
export class PortInUseError extends TscomposeError {
  readonly conflicts: PortConflict[];
  constructor(conflicts: PortConflict[]) {
    const what = conflicts
      .map((c) => `service ${c.service ?? c.container}: Bind for ${c.hostIp}:${c.hostPort}/${c.protocol} failed: port is already allocated (by ${c.holder})`)
      .join('; ');
    super('E_PORT_IN_USE', what, { hint: 'stop what holds the port, or publish on another host port' });
    this.conflicts = conflicts;
  }
}

/** removeNetwork refused: containers of other projects are still attached. */
export class NetworkInUseError extends TscomposeError {
  constructor(name: string, users: string[]) {
    super('E_NETWORK_IN_USE', `error while removing network: network ${name} has active endpoints (${users.join(', ')})`, {
      hint: 'remove those containers first',
    });
  }
}

/** A kernel request failed: netlink, the netns helper, sysctl. */
export class NetworkHostError extends TscomposeError {
  readonly errno: number | undefined;
  constructor(message: string, errno?: number, opts: ErrorOptions = {}) {
    super('E_NETWORK_HOST', message, opts);
    this.errno = errno;
  }
}

/** An extra_hosts entry that cannot be written. */
export class ExtraHostError extends TscomposeError {
  constructor(message: string) {
    super('E_EXTRA_HOST', message, { hint: 'write extra_hosts entries as "name:address" (or "name:host-gateway")' });
  }
}
