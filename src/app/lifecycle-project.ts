/**
 * The project as the lifecycle commands see it: loaded as `config` loads it
 * (services named on the command line selected with their dependencies,
 * or alone with --no-deps), then turned into the desired state.
 */
import { isMapping, type Mapping } from '../compose/tree.js';
import { TscomposeError } from '../errors.js';
import type { LoadedProject } from '../compose/types.js';
import { desiredState } from '../plan/index.js';
import type { DesiredState } from '../plan/types.js';
import { loadComposeProject, type GlobalOptions, type HostContext } from './load-project.js';

export interface LifecycleSelection {
  services: readonly string[];
  noDeps?: boolean;
  scale?: Record<string, number>;
  pull?: string;
  timeoutSeconds?: number;
  compatibility?: boolean;
}

export function loadLifecycleProject(global: GlobalOptions, host: HostContext, warn: (m: string) => void, sel: LifecycleSelection): { project: LoadedProject; desired: DesiredState } {
  const loaded = loadComposeProject(global, host, { services: sel.services, onWarning: warn }).project;
  const project = sel.noDeps === true && sel.services.length > 0 ? onlyNamed(loaded, sel.services) : loaded;
  const services = isMapping(project.model.services) ? project.model.services : {};
  for (const name of Object.keys(sel.scale ?? {})) {
    if (!(name in services)) throw new TscomposeError('E_NO_SUCH_SERVICE', `no such service: ${name}`);
  }
  const desired = desiredState(project.model, {
    project: project.name,
    otherServices: Object.keys(project.disabledServices),
    ...(sel.scale === undefined ? {} : { scale: sel.scale }),
    ...(sel.pull === undefined ? {} : { pull: sel.pull }),
    ...(sel.timeoutSeconds === undefined ? {} : { timeoutSeconds: sel.timeoutSeconds }),
    noDeps: sel.noDeps === true,
    compatibility: sel.compatibility === true,
  });
  return { project, desired };
}

/** compose-go's WithSelectedServices with IgnoreDependencies: the rest become disabled, not orphans. */
function onlyNamed(project: LoadedProject, names: readonly string[]): LoadedProject {
  const all = (project.model.services ?? {}) as Mapping;
  const kept: Mapping = {};
  const disabled: Mapping = { ...project.disabledServices };
  for (const [name, svc] of Object.entries(all)) (names.includes(name) ? kept : disabled)[name] = svc;
  return { ...project, model: { ...project.model, services: kept }, disabledServices: disabled };
}
