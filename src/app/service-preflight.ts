/**
 * What `up` checks in the services before it makes anything, besides bind
 * sources and published ports: a network_mode tscompose has no network for
 * fails while the host is as it was (docker's default `bridge` network
 * exists only with dockerd), and a logging driver tscompose does not have
 * is said once per service: the output is kept in the container's local log
 * file either way, which `tscompose logs` reads.
 */
import { isMapping, type Mapping } from '../compose/tree.js';
import { ExecError } from '../exec/errors.js';
import type { DesiredState } from '../plan/types.js';

const FILE_DRIVERS = new Set(['json-file', 'local', 'none']);

export function checkNetworkMode(service: string, config: Mapping): void {
  const mode = typeof config.network_mode === 'string' ? config.network_mode : '';
  if (mode === '' || mode === 'host' || mode === 'none' || mode.startsWith('service:') || mode.startsWith('container:')) return;
  if (mode === 'bridge' || mode === 'default') {
    throw new ExecError('E_NETWORK_MODE', `service "${service}": network_mode: ${mode} names Docker's default bridge network, which tscompose does not have`, {
      hint: "remove network_mode: the service then joins the project's default network (its own bridge, with outbound NAT and published ports)",
    });
  }
  throw new ExecError('E_NETWORK_MODE', `service "${service}": network_mode: ${mode} is not supported`, {
    hint: 'use host, none, service:NAME or container:NAME, or list the network under the service\'s networks:',
  });
}

export function loggingWarning(service: string, config: Mapping): string | undefined {
  const logging = isMapping(config.logging) ? config.logging : {};
  const driver = typeof logging.driver === 'string' ? logging.driver : 'json-file';
  if (FILE_DRIVERS.has(driver)) return undefined;
  return `service "${service}": logging driver "${driver}" is not available; the output is kept in the container's log file (tscompose logs reads it)`;
}

export function preflightServices(desired: DesiredState, services: Readonly<Record<string, Mapping>>, warn: (m: string) => void): void {
  for (const svc of desired.services) {
    const config = services[svc.name] ?? {};
    checkNetworkMode(svc.name, config);
    const w = loggingWarning(svc.name, config);
    if (w !== undefined) warn(w);
  }
}
