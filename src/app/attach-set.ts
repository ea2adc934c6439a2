/**
 * Which services an attached `up` streams, as docker compose 2.26.1's
 * runUp decides: `--attach` names them (each must be in the project);
 * otherwise the services being started (all, or those named), with their
 * dependencies under --attach-dependencies, except those with
 * `attach: false`; `--no-attach` removes services from either.
 */
import { TscomposeError } from '../errors.js';
import type { GlobalOptions, HostContext } from './load-project.js';
import { loadComposeProject } from './load-project.js';

export interface AttachFlags {
  services: readonly string[];
  attach: readonly string[];
  noAttach: readonly string[];
  attachDependencies: boolean;
  exitCodeFrom: string;
}

type Services = Record<string, { attach?: unknown; depends_on?: Record<string, unknown> }>;

export function chooseAttached(services: Services, f: AttachFlags): string[] {
  const names = Object.keys(services);
  let chosen: Set<string>;
  if (f.attach.length > 0) {
    const unexpected = f.attach.filter((s) => !names.includes(s));
    if (unexpected.length > 0) throw new TscomposeError('E_USAGE', `cannot attach to services not included in up: ${unexpected.join(', ')}`);
    chosen = new Set(f.attach);
  } else {
    chosen = new Set();
    const visit = (name: string): void => {
      const svc = services[name];
      if (svc === undefined || chosen.has(name)) return;
      if (svc.attach !== false) chosen.add(name);
      if (f.attachDependencies) for (const dep of Object.keys(svc.depends_on ?? {})) visit(dep);
    };
    for (const name of f.services.length > 0 ? f.services : names) visit(name);
  }
  for (const s of f.noAttach) chosen.delete(s);
  return [...chosen].sort();
}

/** The attached services and every service up starts (its exits end the run), from the compose file. */
export function upAttachment(global: GlobalOptions, host: HostContext, f: AttachFlags): { project: string; attach: string[]; watch: string[] } {
  const { project } = loadComposeProject(global, host, { services: f.services, onWarning: () => undefined });
  const services = (project.model.services ?? {}) as Services;
  if (f.exitCodeFrom !== '' && !(f.exitCodeFrom in services)) throw new TscomposeError('E_NO_SUCH_SERVICE', `no such service: ${f.exitCodeFrom}`);
  return { project: project.name, attach: chooseAttached(services, f), watch: Object.keys(services).sort() };
}
