/**
 * docker compose's projectOrName for the read commands: the project of the
 * compose file when there is one (its services checked by `check`), else
 * the name given with -p.
 */
import { FileNotFoundError, TscomposeError } from '../errors.js';
import { loadComposeProject, type GlobalOptions, type HostContext } from './load-project.js';

export function projectName(global: GlobalOptions, host: HostContext, warn: (m: string) => void, check: (services: string[]) => void = () => undefined): string {
  try {
    const { project } = loadComposeProject(global, host, { onWarning: warn });
    check(Object.keys((project.model.services ?? {}) as Record<string, unknown>));
    return project.name;
  } catch (e) {
    const noFile = e instanceof FileNotFoundError || (e instanceof TscomposeError && e.code === 'E_NO_CONFIG');
    if (noFile && global.projectName !== undefined) return global.projectName;
    throw e;
  }
}
