/**
 * Bind sources `up` may not create (`bind.create_host_path: false`), checked
 * before anything is made: a missing one fails the command while the host is
 * still as it was, instead of after the networks and the first containers.
 * The words are the volume driver's, so the error reads the same either way.
 */
import { existsSync } from 'node:fs';
import { isMapping, type Mapping } from '../compose/tree.js';
import type { DesiredState } from '../plan/types.js';
import { BindSourceError } from '../volumes/errors.js';

export function preflightBinds(desired: DesiredState, services: Readonly<Record<string, Mapping>>): void {
  for (const svc of desired.services) {
    const volumes = services[svc.name]?.volumes;
    (Array.isArray(volumes) ? volumes : []).forEach((v, i) => {
      if (!isMapping(v) || v.type !== 'bind') return;
      const source = typeof v.source === 'string' ? v.source : '';
      const bind = isMapping(v.bind) ? v.bind : {};
      if (bind.create_host_path === true || source === '' || existsSync(source)) return;
      throw new BindSourceError(
        `service "${svc.name}": services.${svc.name}.volumes.${i}: bind source path does not exist: ${source}`,
        'create it, or leave bind.create_host_path at true so tscompose creates it as a directory',
      );
    });
  }
}
