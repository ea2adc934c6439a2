/**
 * Project-level selections docker compose applies after loading (`ToProject`):
 * services named on the command line enable their profiles, resources no
 * service uses are dropped, and only the named services and their
 * dependencies stay enabled.
 */
import { TscomposeError } from '../errors.js';
import { buildServiceGraph, withDependencies } from './graph.js';
import { applyProfiles } from './profiles.js';
import { isMapping, type Mapping } from './tree.js';
import type { LoadedProject } from './types.js';

export interface SelectOptions {
  allResources: boolean;
  /** Resolves env_file/environment of services that naming enabled (the loader only did the enabled ones). */
  resolveEnvironment?: (model: Mapping) => Mapping;
}

export function selectServices(project: LoadedProject, names: readonly string[], opts: SelectOptions): LoadedProject {
  let p = enableNamed(project, names, opts);
  if (!opts.allResources) p = withoutUnusedResources(p);
  return names.length === 0 ? p : onlyNamed(p, names);
}

function services(m: Mapping): Mapping {
  return isMapping(m.services) ? m.services : {};
}

function enableNamed(project: LoadedProject, names: readonly string[], opts: SelectOptions): LoadedProject {
  const extra = names.flatMap((n) => {
    const svc = project.disabledServices[n];
    return isMapping(svc) && Array.isArray(svc.profiles) ? svc.profiles.map(String) : [];
  });
  if (extra.length === 0) return project;
  const active = [...project.profiles, ...extra];
  const all = { ...project.model, services: { ...services(project.model), ...project.disabledServices } };
  const { model, disabled } = applyProfiles(all, active);
  const resolved = opts.resolveEnvironment ? opts.resolveEnvironment(model) : model;
  return { ...project, model: resolved, disabledServices: disabled, profiles: active };
}

const RESOURCE_USES: ReadonlyArray<[string, (svc: Mapping) => string[]]> = [
  ['networks', (s) => (isMapping(s.networks) ? Object.keys(s.networks) : [])],
  ['volumes', (s) => listOf(s.volumes).filter((v) => v.type === 'volume' && typeof v.source === 'string' && v.source !== '').map((v) => String(v.source))],
  ['secrets', (s) => [...listOf(s.secrets), ...listOf(isMapping(s.build) ? s.build.secrets : undefined)].map((v) => String(v.source))],
  ['configs', (s) => listOf(s.configs).map((v) => String(v.source))],
];

function listOf(v: unknown): Mapping[] {
  return Array.isArray(v) ? v.filter(isMapping) : [];
}

/** compose-go `WithoutUnnecessaryResources`: top-level entries no enabled service uses are dropped. */
export function withoutUnusedResources(project: LoadedProject): LoadedProject {
  const model: Mapping = { ...project.model };
  const svcs = Object.values(services(model)).filter(isMapping);
  for (const [kind, uses] of RESOURCE_USES) {
    const declared = model[kind];
    if (!isMapping(declared)) continue;
    const used = new Set(svcs.flatMap(uses));
    const kept: Mapping = {};
    for (const [name, def] of Object.entries(declared)) if (used.has(name)) kept[name] = def;
    if (Object.keys(kept).length > 0) model[kind] = kept;
    else delete model[kind];
  }
  return { ...project, model };
}

/** compose-go `WithSelectedServices`: the named services and their dependencies. */
function onlyNamed(project: LoadedProject, names: readonly string[]): LoadedProject {
  const all = services(project.model);
  const unknown = names.find((n) => !(n in all));
  if (unknown !== undefined) {
    throw new TscomposeError('E_NO_SUCH_SERVICE', `no such service: ${unknown}`, {
      hint: `known services: ${Object.keys(all).sort().join(', ')}`,
    });
  }
  const keep = withDependencies(buildServiceGraph(all, project.disabledServices), names);
  const enabled: Mapping = {};
  const disabled: Mapping = { ...project.disabledServices };
  for (const [name, svc] of Object.entries(all)) {
    if (keep.has(name) && isMapping(svc)) enabled[name] = pruneDependsOn(svc, keep);
    else disabled[name] = svc;
  }
  return { ...project, model: { ...project.model, services: enabled }, disabledServices: disabled };
}

function pruneDependsOn(svc: Mapping, keep: ReadonlySet<string>): Mapping {
  if (!isMapping(svc.depends_on)) return svc;
  const deps = Object.fromEntries(Object.entries(svc.depends_on).filter(([d]) => keep.has(d)));
  return { ...svc, depends_on: deps };
}
