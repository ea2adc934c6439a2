/**
 * compose-go v2.4.8 loader.checkConsistency, run on the enabled services
 * after profiles are applied: everything a service refers to must exist
 * (networks, volumes, secrets, configs, services it depends on or builds
 * from), exclusive settings must not be combined, and the dependency graph
 * must have no cycle. Messages are compose's own, including its typos.
 */
import { ComposeError } from '../errors.js';
import { goText } from './canonical-rules.js';
import { checkDeployConsistency } from './consistency-limits.js';
import { buildServiceGraph, checkCycles } from './graph.js';
import { isMapping, type Mapping } from './tree.js';

const INVALID = 'invalid compose project';
const SERVICE_PREFIX = 'service:';

interface Project {
  services: Mapping;
  disabled: Mapping;
  model: Mapping;
}

function section(model: Mapping, key: string): Mapping {
  const v = model[key];
  return isMapping(v) ? v : {};
}

function list(v: unknown): Mapping[] {
  return Array.isArray(v) ? v.filter(isMapping) : [];
}

function fail(code: string, message: string, path: string, hint?: string): ComposeError {
  return new ComposeError(code, message, { path }, hint === undefined ? {} : { hint });
}

/**
 * Throws the first inconsistency. Returns the model with `deploy.replicas`
 * copied from `scale`, as compose-go does while checking. `disabled` holds the
 * services profiles switched off: an optional dependency on one is fine.
 */
export function checkConsistency(model: Mapping, disabled: Mapping = {}): Mapping {
  const services = section(model, 'services');
  const project: Project = { services, disabled, model };
  const checked: Mapping = {};
  for (const [name, svc] of Object.entries(services)) {
    checked[name] = isMapping(svc) ? checkService(project, name, svc) : svc;
  }
  checkSecretSources(section(model, 'secrets'));
  const out = isMapping(model.services) ? { ...model, services: checked } : model;
  checkCycles(buildServiceGraph(checked, disabled));
  return out;
}

function checkService(p: Project, name: string, svc: Mapping): Mapping {
  const build = isMapping(svc.build) ? svc.build : undefined;
  if (build === undefined && (typeof svc.image !== 'string' || svc.image === '')) {
    throw fail('E_NO_IMAGE', `service "${name}" has neither an image nor a build context specified: ${INVALID}`, `services.${name}`, 'add an image: or a build: section');
  }
  if (build !== undefined) checkBuild(p, name, svc, build);
  checkNetworks(p, name, svc);
  checkHealthcheck(name, svc);
  checkDependsOn(p, name, svc);
  checkReferences(p, name, svc, build);
  const out = checkDeployConsistency(name, svc);
  checkWatch(name, svc);
  return out;
}

function checkBuild(p: Project, name: string, svc: Mapping, build: Mapping): void {
  const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v !== '';
  if (nonEmpty(build.dockerfile_inline) && nonEmpty(build.dockerfile)) {
    throw fail('E_CONFLICT', `service "${name}" declares mutualy exclusive dockerfile and dockerfile_inline: ${INVALID}`, `services.${name}.build`);
  }
  for (const [key, ctx] of Object.entries(section(build, 'additional_contexts'))) {
    if (typeof ctx !== 'string' || !ctx.startsWith(SERVICE_PREFIX)) continue;
    const target = ctx.slice(SERVICE_PREFIX.length);
    const path = `services.${name}.build.additional_contexts.${key}`;
    const other = p.services[target];
    if (!isMapping(other)) throw fail('E_UNKNOWN_SERVICE', `service "${name}" declares unknown service "${target}" as additional contexts ${key}`, path);
    if (!isMapping(other.build)) {
      throw fail('E_NOT_BUILDABLE', `service "${name}" declares non-buildable service "${target}" as additional contexts ${key}`, path);
    }
  }
  const platforms = Array.isArray(build.platforms) ? build.platforms : [];
  if (platforms.length > 0 && typeof svc.platform === 'string' && svc.platform !== '' && !platforms.includes(svc.platform)) {
    throw fail('E_CONFLICT', `service.build.platforms MUST include service.platform "${svc.platform}": ${INVALID}`, `services.${name}.build.platforms`);
  }
}

function checkNetworks(p: Project, name: string, svc: Mapping): void {
  const networks = section(svc, 'networks');
  const joined = Object.keys(networks);
  if (typeof svc.network_mode === 'string' && svc.network_mode !== '' && joined.length > 0) {
    throw fail('E_CONFLICT', `service ${name} declares mutually exclusive \`network_mode\` and \`networks\`: ${INVALID}`, `services.${name}.networks`);
  }
  const declared = section(p.model, 'networks');
  for (const net of joined) {
    if (!(net in declared)) {
      throw fail('E_UNDEFINED_NETWORK', `service "${name}" refers to undefined network ${net}: ${INVALID}`, `services.${name}.networks.${net}`, `declare it under the top-level networks: key`);
    }
  }
}

function checkHealthcheck(name: string, svc: Mapping): void {
  const test = isMapping(svc.healthcheck) ? svc.healthcheck.test : undefined;
  // A string test is run by the shell (CMD-SHELL).
  if (!Array.isArray(test) || test.length === 0) return;
  if (!['CMD', 'CMD-SHELL', 'NONE'].includes(goText(test[0]))) {
    throw fail('E_HEALTHCHECK', 'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"', `services.${name}.healthcheck.test`);
  }
}

/**
 * Normalizing turned network_mode/ipc/pid `service:x`, volumes_from and links
 * into depends_on entries; point the error at the key the user wrote.
 */
function declaredAt(svc: Mapping, dep: string): string {
  for (const key of ['network_mode', 'ipc', 'pid'] as const) {
    if (svc[key] === `${SERVICE_PREFIX}${dep}`) return key;
  }
  for (const key of ['volumes_from', 'links'] as const) {
    const list = Array.isArray(svc[key]) ? (svc[key] as unknown[]) : [];
    const at = list.findIndex((v) => typeof v === 'string' && v.split(':')[0] === dep);
    if (at >= 0) return `${key}.${at}`;
  }
  return `depends_on.${dep}`;
}

function checkDependsOn(p: Project, name: string, svc: Mapping): void {
  for (const [dep, cfg] of Object.entries(section(svc, 'depends_on'))) {
    if (isMapping(p.services[dep])) continue;
    const required = !(isMapping(cfg) && cfg.required === false);
    if (dep in p.disabled && !required) continue;
    throw fail('E_DEPENDENCY_UNKNOWN', `service "${name}" depends on undefined service "${dep}": ${INVALID}`, `services.${name}.${declaredAt(svc, dep)}`, hintForDisabled(p, dep));
  }
  const mode = svc.network_mode;
  if (typeof mode === 'string' && mode.startsWith(SERVICE_PREFIX)) {
    const target = mode.slice(SERVICE_PREFIX.length);
    if (!isMapping(p.services[target])) {
      throw fail('E_UNKNOWN_SERVICE', `service "${target}" not found for network_mode 'service:${target}'`, `services.${name}.network_mode`, hintForDisabled(p, target));
    }
  }
}

function hintForDisabled(p: Project, dep: string): string | undefined {
  const svc = p.disabled[dep];
  if (!isMapping(svc) || !Array.isArray(svc.profiles)) return undefined;
  return `"${dep}" is only enabled with profiles [${svc.profiles.map(goText).join(' ')}]`;
}

function checkReferences(p: Project, name: string, svc: Mapping, build: Mapping | undefined): void {
  const refs: Array<[items: Mapping[], kind: string, what: string, key: string]> = [
    [list(svc.volumes).filter((v) => v.type === 'volume' && typeof v.source === 'string' && v.source !== ''), 'volumes', 'volume', 'volumes'],
    [list(build?.secrets), 'secrets', 'build secret', 'build.secrets'],
    [list(svc.configs), 'configs', 'config', 'configs'],
    [list(svc.secrets), 'secrets', 'secret', 'secrets'],
  ];
  for (const [items, kind, what, key] of refs) {
    const declared = section(p.model, kind);
    for (const item of items) {
      const source = goText(item.source ?? '');
      if (source in declared) continue;
      throw fail(`E_UNDEFINED_${kind.slice(0, -1).toUpperCase()}`, `service "${name}" refers to undefined ${what} ${source}: ${INVALID}`, `services.${name}.${key}`, `declare it under the top-level ${kind}: key`);
    }
  }
}

function checkWatch(name: string, svc: Mapping): void {
  const develop = isMapping(svc.develop) ? svc.develop : {};
  for (const watch of list(develop.watch)) {
    const target = typeof watch.target === 'string' ? watch.target : '';
    if (target === '' && watch.action !== 'rebuild' && watch.action !== 'restart') {
      throw fail('E_WATCH_TARGET', `services.${name}.develop.watch: target is required for non-rebuild actions: ${INVALID}`, `services.${name}.develop.watch`);
    }
  }
}

function checkSecretSources(secrets: Mapping): void {
  for (const [name, secret] of Object.entries(secrets)) {
    const s = isMapping(secret) ? secret : {};
    if (s.external === true) continue;
    const set = (v: unknown): boolean => typeof v === 'string' && v !== '';
    if (!set(s.file) && !set(s.environment)) {
      throw fail('E_SECRET_SOURCE', `secret "${name}" must declare either \`file\` or \`environment\`: ${INVALID}`, `secrets.${name}`);
    }
  }
}
