/**
 * compose-go v2.4.8 loader.Normalize: the implicit parts of a compose model
 * made explicit.
 *
 * - A service without `networks` (and without `network_mode`) joins `default`,
 *   and the `default` network exists only if some service uses it.
 * - `links`, `service:` namespaces (network_mode, ipc, pid, uts, cgroup) and
 *   `volumes_from` become `depends_on` entries; only volumes_from ones do not
 *   restart with their dependency.
 * - `pull_policy: if_not_present` is spelled `missing`; builds get their
 *   context `.` and `dockerfile: Dockerfile`; bare build args and environment
 *   entries take their value from the environment; volume targets are cleaned.
 * - Networks, volumes, secrets and configs without `name` are named
 *   `<project>_<key>`, or `<key>` when external.
 */
import { goClean } from './canonical-gopath.js';
import { goFormatS, goText } from './canonical-rules.js';
import { isMapping, type Mapping } from './tree.js';
import type { Environment } from './types.js';

type Lookup = (name: string) => string | undefined;

const SERVICE_PREFIX = 'service:';
const NAMESPACES = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'];

/** Returns the normalized model; `model.name` must hold the project name. The input is not modified. */
export function normalizeModel(model: Mapping, env: Environment): Mapping {
  const lookup: Lookup = (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
  const out = withDefaultNetwork(model);
  if (isMapping(out.services)) {
    const services: Mapping = {};
    for (const [name, svc] of Object.entries(out.services)) {
      services[name] = isMapping(svc) ? normalizeService(svc, lookup) : svc;
    }
    out.services = services;
  }
  return nameResources(out);
}

function withDefaultNetwork(model: Mapping): Mapping {
  const out: Mapping = { ...model };
  const networks: Mapping = isMapping(model.networks) ? { ...model.networks } : {};
  let usesDefault = false;
  if (isMapping(model.services)) {
    const services: Mapping = {};
    for (const [name, svc] of Object.entries(model.services)) {
      services[name] = svc;
      if (!isMapping(svc) || 'network_mode' in svc) continue;
      const declared = isMapping(svc.networks) ? svc.networks : {};
      if (Object.keys(declared).length === 0) {
        services[name] = { ...svc, networks: { default: null } };
        usesDefault = true;
      } else if ('default' in declared) {
        usesDefault = true;
      }
    }
    out.services = services;
  }
  if (usesDefault && !('default' in networks)) networks.default = null;
  if (Object.keys(networks).length > 0) out.networks = networks;
  return out;
}

function normalizeService(svc: Mapping, lookup: Lookup): Mapping {
  const out: Mapping = { ...svc };
  if (out.pull_policy === 'if_not_present') out.pull_policy = 'missing';
  if ('build' in out && isMapping(out.build)) out.build = normalizeBuild(out.build, lookup);
  if ('environment' in out) out.environment = resolveEntries(out.environment, lookup, true).value;
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map(cleanTarget);
  const dependsOn = implicitDependencies(out);
  if (Object.keys(dependsOn).length > 0) out.depends_on = dependsOn;
  return out;
}

function normalizeBuild(build: Mapping, lookup: Lookup): Mapping {
  const out: Mapping = { ...build };
  if (out.context === null || out.context === undefined) out.context = '.';
  const noDockerfile = (v: unknown): boolean => v === null || v === undefined;
  if (noDockerfile(out.dockerfile) && noDockerfile(out.dockerfile_inline)) out.dockerfile = 'Dockerfile';
  if ('args' in out) out.args = resolveEntries(out.args, lookup, false).value;
  return out;
}

function cleanTarget(volume: unknown): unknown {
  if (!isMapping(volume) || typeof volume.target !== 'string') return volume;
  return { ...volume, target: goClean(volume.target) };
}

function implicitDependencies(svc: Mapping): Mapping {
  const deps: Mapping = isMapping(svc.depends_on) ? { ...svc.depends_on } : {};
  const add = (name: string, restart: boolean): void => {
    if (!(name in deps)) deps[name] = { condition: 'service_started', restart, required: true };
  };
  for (const link of Array.isArray(svc.links) ? svc.links : []) {
    const text = goText(link);
    const parts = text.split(':');
    add(parts.length === 2 ? (parts[0] ?? text) : text, true);
  }
  for (const key of NAMESPACES) {
    const ref = svc[key];
    if (typeof ref === 'string' && ref.startsWith(SERVICE_PREFIX)) add(ref.slice(SERVICE_PREFIX.length), true);
  }
  for (const from of Array.isArray(svc.volumes_from) ? svc.volumes_from : []) {
    const text = goText(from);
    if (!text.startsWith('container:')) add(text.split(':')[0] ?? text, false);
  }
  return deps;
}

/**
 * compose-go `resolve`: entries without a value take it from the
 * environment; when absent they are dropped, or kept valueless if `keepEmpty`.
 * Non-string list items are dropped.
 */
function resolveEntries(value: unknown, lookup: Lookup, keepEmpty: boolean): { value: unknown; kept: boolean } {
  if (Array.isArray(value)) {
    const items = value.map((v) => resolveEntries(v, lookup, keepEmpty)).filter((r) => r.kept).map((r) => r.value);
    return { value: items, kept: true };
  }
  if (isMapping(value)) {
    const out: Mapping = {};
    for (const [key, v] of Object.entries(value)) {
      const found = v === null || v === undefined ? lookup(key) : undefined;
      if (v !== null && v !== undefined) out[key] = v;
      else if (found !== undefined) out[key] = found;
      else if (keepEmpty) out[key] = null;
    }
    return { value: out, kept: true };
  }
  if (typeof value !== 'string') return { value, kept: false };
  if (value.includes('=')) return { value, kept: true };
  const found = lookup(value);
  if (found !== undefined) return { value: `${value}=${found}`, kept: true };
  return keepEmpty ? { value, kept: true } : { value: '', kept: false };
}

const NAMED_KINDS = ['networks', 'volumes', 'configs', 'secrets'];

function nameResources(model: Mapping): Mapping {
  const out: Mapping = { ...model };
  for (const kind of NAMED_KINDS) {
    const section = model[kind];
    if (!isMapping(section)) continue;
    const named: Mapping = {};
    for (const [key, def] of Object.entries(section)) {
      const resource: Mapping = isMapping(def) ? { ...def } : {};
      if (resource.name === null || resource.name === undefined) {
        resource.name = isGoTrue(resource.external) ? key : `${goFormatS(model.name)}_${key}`;
      }
      named[key] = resource;
    }
    out[kind] = named;
  }
  return out;
}

/** strconv.ParseBool(fmt.Sprint(x)). */
function isGoTrue(x: unknown): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(goText(x));
}
