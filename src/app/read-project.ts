/**
 * The project a read command looks at, as docker compose's projectOrName
 * decides: the compose file's project when there is one (with the services
 * it declares, profiles included, so orphans can be told apart), else the
 * name given with -p (then every recorded service counts as declared).
 */
import { FileNotFoundError, TscomposeError } from '../errors.js';
import { loadComposeProject, type GlobalOptions, type HostContext } from './load-project.js';

export interface ReadProject {
  name: string;
  /** The services the compose file declares; undefined without a compose file. */
  services?: string[];
  /** Declared services with `attach: false`: logs leaves them out unless named. */
  unattached?: string[];
}

export function readProject(global: GlobalOptions, host: HostContext, warn: (m: string) => void): ReadProject {
  try {
    const { project } = loadComposeProject(global, host, { onWarning: warn });
    const services = [...Object.keys((project.model.services ?? {}) as Record<string, unknown>), ...Object.keys(project.disabledServices)];
    const declared = (project.model.services ?? {}) as Record<string, Record<string, unknown>>;
    const unattached = Object.keys(declared).filter((n) => declared[n]?.attach === false);
    return { name: project.name, services, unattached };
  } catch (e) {
    const noFile = e instanceof FileNotFoundError || (e instanceof TscomposeError && e.code === 'E_NO_CONFIG');
    if (noFile && global.projectName !== undefined) return { name: global.projectName };
    throw e;
  }
}

/** docker compose's "no such service" for a service the compose file does not declare. */
export function checkServices(p: ReadProject, named: readonly string[]): void {
  if (p.services === undefined) return;
  const unknown = named.find((s) => !(p.services ?? []).includes(s));
  if (unknown !== undefined) throw new TscomposeError('E_NO_SUCH_SERVICE', `no such service: ${unknown}`);
}
